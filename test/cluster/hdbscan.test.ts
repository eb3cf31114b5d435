import { describe, expect, it } from 'vitest';
import { createContext } from '../../src/types/context.js';
import { clusterers } from '../../src/cluster/index.js';
import type { HdbscanClusterer } from '../../src/cluster/hdbscan.js';
import { gaussianBlobs } from './hdbscan/blobs.js';

describe("the 'hdbscan' clusterer", () => {
  const { points } = gaussianBlobs(
    [
      [0, 0],
      [10, 0],
      [0, 10],
    ],
    100,
    1,
    8,
  );

  it('is registered and returns labels, probabilities and GLOSH scores', async () => {
    const clusterer = clusterers.get('hdbscan').create({ minClusterSize: 10 });
    expect(clusterer.signature).toEqual({
      clusterer: 'hdbscan',
      params: {
        minClusterSize: 10,
        minSamples: 10,
        clusterSelectionMethod: 'eom',
        clusterSelectionEpsilon: 0,
        allowSingleCluster: false,
        alpha: 1,
        metric: 'euclidean',
        maxClusterSize: 0,
      },
    });
    const result = await clusterer.fit(points, createContext());
    expect(result.nClusters).toBe(3);
    expect(result.labels.length).toBe(points.rows);
    expect(Math.max(...result.labels)).toBe(2);
    expect(result.outlierScores?.length).toBe(points.rows);
    expect(result.probabilities.every((p, i) => (result.labels[i] < 0 ? p === 0 : p > 0 && p <= 1))).toBe(true);
  });

  it('keeps its model for prediction', async () => {
    const clusterer = clusterers.get('hdbscan').create({ minClusterSize: 10 }) as HdbscanClusterer;
    expect(() => clusterer.predict(points)).toThrow(/call fit first/);
    const result = await clusterer.fit(points, createContext());
    expect(Array.from(clusterer.predict(points).labels)).toEqual(Array.from(result.labels));
  });

  it('reports progress by stage and honours an abort', async () => {
    const ticks: string[] = [];
    const progress = { start: () => ({ tick: (_: number | undefined, note?: string) => void ticks.push(note ?? ''), setTotal: () => {}, done: () => {} }) };
    await clusterers.get('hdbscan').create({ minClusterSize: 10 }).fit(points, createContext({ progress }));
    expect(ticks).toEqual(['kd-tree', 'core distances', 'spanning tree', 'hierarchy', 'selection']);
    const controller = new AbortController();
    controller.abort();
    await expect(clusterers.get('hdbscan').create({ minClusterSize: 10 }).fit(points, createContext({ signal: controller.signal }))).rejects.toThrow();
  });

  it('names unknown options', () => {
    expect(() => clusterers.get('hdbscan').create({ minClusterSize: 10, min_samples: 5 })).toThrow(/unknown setting 'min_samples'; did you mean 'minSamples'\?/);
  });
});
