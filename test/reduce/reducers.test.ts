import { describe, expect, it } from 'vitest';
import { createContext } from '../../src/types/context.js';
import { reducers } from '../../src/reduce/index.js';
import { makeBlobs } from '../../bench/data.js';

const { data } = makeBlobs({ n: 300, dims: 16, centers: 4, seed: 2 });
const base = { nComponents: 2, nNeighbors: 15, minDist: 0.1, metric: 'cosine' as const };

describe('reducer registry', () => {
  it('registers umap, pca and none', () => {
    expect(reducers.names()).toEqual(['umap', 'pca', 'none']);
    expect(() => reducers.get('tsne')).toThrow(/umap, pca, none/);
  });

  it('umap: output shape, signature with every output-changing parameter, seed from the context', async () => {
    const reducer = reducers.get('umap').create({ ...base, nEpochs: 50 });
    expect(reducer.signature).toEqual({
      reducer: 'umap',
      params: { nComponents: 2, nNeighbors: 15, minDist: 0.1, metric: 'cosine', spread: 1, nEpochs: 50, init: 'spectral', exactBelow: 4096, layoutParts: null, seed: null },
    });
    const first = await reducer.fitTransform(data, createContext({ seed: 3 }));
    const again = await reducer.fitTransform(data, createContext({ seed: 3 }));
    const other = await reducer.fitTransform(data, createContext({ seed: 4 }));
    expect([first.rows, first.cols]).toEqual([300, 2]);
    expect(Array.from(again.data)).toEqual(Array.from(first.data));
    expect(Array.from(other.data)).not.toEqual(Array.from(first.data));
    const seeded = reducers.get('umap').create({ ...base, nEpochs: 50, seed: 3 });
    expect(Array.from((await seeded.fitTransform(data, createContext({ seed: 99 }))).data)).toEqual(Array.from(first.data));
  });

  it('umap rejects bad options by name', () => {
    expect(() => reducers.get('umap').create({ ...base, nNeighbors: 1 })).toThrow(/reducer 'umap': setting 'nNeighbors' must be an integer of at least 2, got 1/);
    expect(() => reducers.get('umap').create({ ...base, metric: 'manhattan' as 'cosine' })).toThrow(/setting 'metric' must be one of cosine, euclidean/);
    expect(() => reducers.get('umap').create({ ...base, nEpochs: 'many' })).toThrow(/nEpochs/);
  });

  it('umap stops when the run is aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stopped by test'));
    const reducer = reducers.get('umap').create({ ...base, nEpochs: 50 });
    await expect(reducer.fitTransform(data, createContext({ signal: controller.signal }))).rejects.toThrow(/stopped by test/);
  });

  it('pca and none', async () => {
    const pca = reducers.get('pca').create({ ...base, nComponents: 5 });
    expect(pca.signature).toEqual({ reducer: 'pca', params: { nComponents: 5, whiten: false, solver: 'auto', seed: null } });
    const reduced = await pca.fitTransform(data, createContext());
    expect([reduced.rows, reduced.cols]).toEqual([300, 5]);
    expect(() => reducers.get('pca').create({ ...base, solver: 'exact' })).toThrow(/setting 'solver' must be one of auto, covariance, randomized/);
    const none = reducers.get('none').create(base);
    expect(await none.fitTransform(data, createContext())).toBe(data);
  });
});
