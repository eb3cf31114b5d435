import { describe, expect, it } from 'vitest';
import { umapJsEmbedding } from '../../../bench/umap-quality.js';
import { knnLabelPurity, trustworthiness } from '../../../src/evaluate/statistics/embedding-quality.js';
import { fitUmap } from '../../../src/reduce/umap/fit.js';
import { spectralLayout } from '../../../src/reduce/umap/spectral.js';
import { graphFromTriples } from '../../../src/reduce/umap/sparse-graph.js';
import { symmetricEigen } from '../../../src/util/linalg/symmetric-eigen.js';
import { createMatrix, type Matrix } from '../../../src/util/matrix.js';
import { createRandom } from '../../../src/util/random.js';
import { overlappingBlobs, separatedBlobs, type LabelledData } from './quality-fixtures.js';

describe('fitUmap quality against umap-js (k = 15)', () => {
  // One small case here; the overlapping blobs and the swiss roll, six seeds each, are in
  // `npm run bench -- umap-quality`. A run is noisy (about ±0.01 in purity), so both sides are
  // averaged over three seeds; the test yields between fits so the worker stays responsive.
  const cases: [LabelledData, 'cosine' | 'euclidean'][] = [[separatedBlobs(500, 11), 'cosine']];
  const seeds = [1, 2, 3];
  const tick = () => new Promise((resolve) => setImmediate(resolve));
  for (const [fixture, metric] of cases) {
    it(`is no worse than umap-js by more than 0.01 on ${fixture.name} (${metric})`, async () => {
      const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
      const ours: Matrix[] = [];
      const peer: Matrix[] = [];
      for (const seed of seeds) {
        ours.push(fitUmap(fixture.data, { nComponents: 2, nNeighbors: 15, minDist: 0.1, metric, random: createRandom(seed) }).embedding);
        await tick();
        peer.push(umapJsEmbedding(fixture.data, { nComponents: 2, minDist: 0.1, cosine: metric === 'cosine', seed }));
        await tick();
      }
      const trust = (embeddings: Matrix[]) => mean(embeddings.map((e) => trustworthiness(fixture.data, e, 15, { metric })));
      const purity = (embeddings: Matrix[]) => mean(embeddings.map((e) => knnLabelPurity(e, fixture.labels, 15)));
      expect(trust(ours)).toBeGreaterThanOrEqual(trust(peer) - 0.01);
      expect(purity(ours)).toBeGreaterThanOrEqual(purity(peer) - 0.01);
    }, 240_000);
  }

  it('separates well-separated blobs completely in 5-D with minDist 0', () => {
    const fixture = separatedBlobs(600, 21);
    const embedding = fitUmap(fixture.data, { nComponents: 5, nNeighbors: 15, minDist: 0, metric: 'cosine', random: createRandom(2) }).embedding;
    expect(embedding.cols).toBe(5);
    expect(knnLabelPurity(embedding, fixture.labels, 15)).toBe(1);
  });
});

describe('fitUmap reproducibility', () => {
  const fixture = overlappingBlobs(500, 31);
  const run = (seed: number, exactBelow?: number) =>
    fitUmap(fixture.data, { nComponents: 3, nNeighbors: 10, minDist: 0, metric: 'cosine', random: createRandom(seed), nEpochs: 60, exactBelow })
      .embedding.data;

  it('gives the same bits for the same seed, on the exact and the NN-descent path', () => {
    expect(Array.from(run(5))).toEqual(Array.from(run(5)));
    expect(Array.from(run(5, 0))).toEqual(Array.from(run(5, 0)));
  });

  it('differs for another seed', () => {
    expect(Array.from(run(6))).not.toEqual(Array.from(run(5)));
  });

  it('rejects non-finite input naming the row', () => {
    const bad = createMatrix(3, 2, Float64Array.from([0, 1, 2, NaN, 4, 5]));
    expect(() => fitUmap(bad, { nComponents: 2, nNeighbors: 2, minDist: 0, metric: 'euclidean', random: createRandom(1) })).toThrow(/row 1/);
  });
});

describe('spectralLayout', () => {
  it('returns the eigenvectors of the normalised Laplacian after the trivial one', () => {
    // A ring of 30 vertices with chords: connected, so one spectral embedding.
    const n = 30;
    const rows: number[] = [];
    const cols: number[] = [];
    const weights: number[] = [];
    for (let i = 0; i < n; i++) {
      for (const [step, w] of [
        [1, 1],
        [3, 0.3],
      ]) {
        rows.push(i, (i + step) % n);
        cols.push((i + step) % n, i);
        weights.push(w + 0.01 * (i % 4), w + 0.01 * (i % 4));
      }
    }
    const graph = graphFromTriples(n, Int32Array.from(rows), Int32Array.from(cols), Float64Array.from(weights));
    const layout = spectralLayout(graph, { dim: 2, random: createRandom(1), data: createMatrix(n, 1), metric: 'euclidean' });
    // Dense reference: eigenvectors of D^-1/2 W D^-1/2, descending; skip the first.
    const dense = createMatrix(n, n);
    const degree = new Float64Array(n);
    for (let i = 0; i < n; i++) for (let e = graph.indptr[i]; e < graph.indptr[i + 1]; e++) degree[i] += graph.weights[e];
    for (let i = 0; i < n; i++) {
      for (let e = graph.indptr[i]; e < graph.indptr[i + 1]; e++) {
        const j = graph.indices[e];
        dense.data[i * n + j] = graph.weights[e] / Math.sqrt(degree[i] * degree[j]);
      }
    }
    const reference = symmetricEigen(dense);
    // The ring's 2nd and 3rd eigenvalues are nearly equal, so compare the spanned planes.
    for (let c = 0; c < 2; c++) {
      const ours = Array.from({ length: n }, (_, i) => layout[i * 2 + c]);
      let inPlane = 0;
      for (const r of [1, 2]) {
        let overlap = 0;
        for (let i = 0; i < n; i++) overlap += ours[i] * reference.vectors.data[r * n + i];
        inPlane += overlap * overlap;
      }
      expect(inPlane).toBeCloseTo(1, 6);
    }
  });
});
