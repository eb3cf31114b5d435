import { describe, expect, it } from 'vitest';
import { findAbParams } from '../../../src/reduce/umap/ab-params.js';
import { fuzzySimplicialSet, smoothKnnDistances } from '../../../src/reduce/umap/fuzzy-simplicial-set.js';
import { nearestNeighbors, type KnnGraph } from '../../../src/reduce/umap/nearest-neighbors.js';
import { makeBlobs } from '../../../bench/data.js';
import { createRandom } from '../../../src/util/random.js';

describe('findAbParams', () => {
  it('reproduces umap-learn values (scipy curve_fit)', () => {
    const map = findAbParams(1, 0.1);
    expect(map.a).toBeCloseTo(1.5769434603113077, 5);
    expect(map.b).toBeCloseTo(0.8950608781227859, 5);
    const tight = findAbParams(1, 0.001);
    expect(tight.a).toBeCloseTo(1.929, 3);
    expect(tight.b).toBeCloseTo(0.7915, 4);
  });
});

describe('nearestNeighbors', () => {
  const { data } = makeBlobs({ n: 1200, dims: 24, centers: 8, std: 3, seed: 7 });

  it('lists each point first, then its neighbours by increasing distance', () => {
    const knn = nearestNeighbors(data, { k: 10, metric: 'euclidean', random: createRandom(1) });
    for (let i = 0; i < knn.count; i++) {
      expect(knn.indices[i * 10]).toBe(i);
      expect(knn.distances[i * 10]).toBe(0);
      for (let s = 2; s < 10; s++) expect(knn.distances[i * 10 + s]).toBeGreaterThanOrEqual(knn.distances[i * 10 + s - 1]);
    }
  });

  it('NN-descent finds at least 95% of the exact neighbours, reproducibly', () => {
    for (const metric of ['cosine', 'euclidean'] as const) {
      const exact = nearestNeighbors(data, { k: 15, metric, random: createRandom(1) });
      const approximate = nearestNeighbors(data, { k: 15, metric, random: createRandom(2), exactBelow: 0 });
      const again = nearestNeighbors(data, { k: 15, metric, random: createRandom(2), exactBelow: 0 });
      expect(Array.from(again.indices)).toEqual(Array.from(approximate.indices));
      let found = 0;
      for (let i = 0; i < exact.count; i++) {
        const truth = new Set(exact.indices.subarray(i * 15, i * 15 + 15));
        for (let s = 0; s < 15; s++) if (truth.has(approximate.indices[i * 15 + s])) found++;
      }
      expect(found / (exact.count * 15)).toBeGreaterThan(0.95);
    }
  });
});

function knnOf(rows: number[][]): KnnGraph {
  const k = rows[0].length / 2;
  return {
    count: rows.length,
    k,
    indices: Int32Array.from(rows.flatMap((r) => r.slice(0, k))),
    distances: Float64Array.from(rows.flatMap((r) => r.slice(k))),
  };
}

describe('nearestNeighbors with worker threads', () => {
  it('gives the same neighbours on 1 and 2 threads', () => {
    // Large enough (rows x columns >= 500,000) for the search to start a worker.
    const { data } = makeBlobs({ n: 2000, dims: 300, centers: 10, std: 4, seed: 9 });
    const one = nearestNeighbors(data, { k: 15, metric: 'cosine', random: createRandom(3), exactBelow: 0, threads: 1 });
    const two = nearestNeighbors(data, { k: 15, metric: 'cosine', random: createRandom(3), exactBelow: 0, threads: 2 });
    expect(Array.from(two.indices)).toEqual(Array.from(one.indices));
    expect(Array.from(two.distances)).toEqual(Array.from(one.distances));
  });
});

describe('fuzzy simplicial set', () => {
  it('calibrates sigma so memberships sum to log2(k), with rho the nearest non-zero distance', () => {
    const { data } = makeBlobs({ n: 300, dims: 8, centers: 3, seed: 3 });
    const knn = nearestNeighbors(data, { k: 12, metric: 'euclidean', random: createRandom(1) });
    const { sigmas, rhos } = smoothKnnDistances(knn);
    for (let i = 0; i < knn.count; i++) {
      expect(rhos[i]).toBe(knn.distances[i * 12 + 1]);
      let sum = 0;
      for (let j = 1; j < 12; j++) sum += Math.exp(-Math.max(0, knn.distances[i * 12 + j] - rhos[i]) / sigmas[i]);
      expect(Math.abs(sum - Math.log2(12))).toBeLessThan(1e-4);
    }
  });

  it('combines directed memberships by fuzzy union into a symmetric graph', () => {
    // Three points on a line at 0, 1, 3 with k = 3 (self + 2).
    const knn = knnOf([
      [0, 1, 2, 0, 1, 3],
      [1, 0, 2, 0, 1, 2],
      [2, 1, 0, 0, 2, 3],
    ]);
    const { sigmas, rhos } = smoothKnnDistances(knn);
    const w = (i: number, d: number) => (d - rhos[i] <= 0 ? 1 : Math.exp(-(d - rhos[i]) / sigmas[i]));
    const graph = fuzzySimplicialSet(knn);
    const weight = (i: number, j: number) => {
      for (let e = graph.indptr[i]; e < graph.indptr[i + 1]; e++) if (graph.indices[e] === j) return graph.weights[e];
      return 0;
    };
    const union = (x: number, y: number) => x + y - x * y;
    expect(weight(0, 2)).toBeCloseTo(union(w(0, 3), w(2, 3)), 12);
    expect(weight(0, 1)).toBeCloseTo(union(w(0, 1), w(1, 1)), 12);
    for (let i = 0; i < 3; i++) {
      expect(weight(i, i)).toBe(0);
      for (let j = 0; j < 3; j++) expect(weight(i, j)).toBe(weight(j, i));
    }
  });
});
