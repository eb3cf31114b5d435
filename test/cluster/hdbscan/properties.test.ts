import { describe, expect, it } from 'vitest';
import { fitHdbscan } from '../../../src/cluster/hdbscan/fit.js';
import { adjustedRandIndex } from '../../../src/evaluate/statistics/ari.js';
import { gaussianBlobs } from './blobs.js';

const corners5 = [
  [0, 0, 0, 0, 0],
  [8, 0, 0, 0, 0],
  [0, 8, 0, 0, 0],
  [0, 0, 8, 0, 0],
  [8, 8, 8, 8, 8],
];

describe('hdbscan properties', () => {
  it('separates well-separated seeded blobs exactly', () => {
    const { points, truth } = gaussianBlobs(corners5, 200, 0.6, 7);
    const model = fitHdbscan(points, { minClusterSize: 15 });
    expect(model.nClusters).toBe(5);
    const labelled = Array.from(model.labels.keys()).filter((i) => model.labels[i] >= 0);
    expect(labelled.length).toBeGreaterThan(0.9 * points.rows);
    expect(adjustedRandIndex(labelled.map((i) => model.labels[i]), labelled.map((i) => truth[i]))).toBe(1);
    for (const p of model.probabilities) expect(p >= 0 && p <= 1).toBe(true);
    for (const s of model.outlierScores) expect(s >= 0 && s <= 1).toBe(true);
  });

  it('does not depend on the order of the rows', () => {
    const { points } = gaussianBlobs(corners5, 80, 1.2, 3);
    const n = points.rows;
    const reversed = new Float64Array(points.data.length);
    for (let i = 0; i < n; i++) reversed.set(points.data.subarray(i * 5, i * 5 + 5), (n - 1 - i) * 5);
    const a = fitHdbscan(points, { minClusterSize: 10 });
    const b = fitHdbscan({ rows: n, cols: 5, data: reversed }, { minClusterSize: 10 });
    const bBack = Int32Array.from({ length: n }, (_, i) => b.labels[n - 1 - i]);
    // Ties could route a point differently, but these continuous data hold none that matter.
    expect(adjustedRandIndex(a.labels, bBack)).toBe(1);
  });

  it('all-identical points: no clusters, or one cluster of everything with allowSingleCluster', () => {
    const points = { rows: 40, cols: 3, data: new Float64Array(120).fill(1.5) };
    const plain = fitHdbscan(points, { minClusterSize: 5 });
    expect(plain.nClusters).toBe(0);
    expect(plain.labels.every((l) => l === -1)).toBe(true);
    expect(plain.outlierScores.every((s) => s === 0)).toBe(true);
    const single = fitHdbscan(points, { minClusterSize: 5, allowSingleCluster: true });
    expect(single.nClusters).toBe(1);
    expect(single.labels.every((l) => l === 0)).toBe(true);
    expect(single.probabilities.every((p) => p === 1)).toBe(true);
  });

  it('fewer points than minClusterSize: everything is noise', () => {
    const { points } = gaussianBlobs([[0, 0]], 7, 1, 1);
    const model = fitHdbscan(points, { minClusterSize: 10 });
    expect(model.nClusters).toBe(0);
    expect(model.labels.every((l) => l === -1)).toBe(true);
    expect(model.probabilities.every((p) => p === 0)).toBe(true);
  });

  it('handles 0, 1 and 2 points', () => {
    for (const rows of [0, 1, 2]) {
      const model = fitHdbscan({ rows, cols: 2, data: new Float64Array(rows * 2).map((_, i) => i) }, { minClusterSize: 2 });
      expect(model.labels.length).toBe(rows);
      expect(model.nClusters).toBe(0);
    }
  });

  it('clusters 1-D data', () => {
    const { points, truth } = gaussianBlobs([[0], [10], [25]], 60, 1, 11);
    const model = fitHdbscan(points, { minClusterSize: 10 });
    expect(model.nClusters).toBe(3);
    const labelled = Array.from(model.labels.keys()).filter((i) => model.labels[i] >= 0);
    expect(adjustedRandIndex(labelled.map((i) => model.labels[i]), labelled.map((i) => truth[i]))).toBe(1);
  });

  it('allowSingleCluster lets one blob be one cluster, keeping (as hdbscan) only points that persist to its last split', () => {
    const { points } = gaussianBlobs([[0, 0, 0]], 300, 1, 5);
    const plain = fitHdbscan(points, { minClusterSize: 20 });
    expect(plain.nClusters).not.toBe(1);
    const single = fitHdbscan(points, { minClusterSize: 20, allowSingleCluster: true });
    expect(single.nClusters).toBe(1);
    expect(single.selectedClusters[0]).toBe(points.rows); // the root
    // hdbscan's do_labelling: a point keeps the root's label only if its lambda reaches the
    // largest lambda among the root's rows (see scikit-learn-contrib/hdbscan issue #200).
    const { treeIndex } = single;
    const threshold = treeIndex.maxChildLambda[0];
    for (let i = 0; i < points.rows; i++) {
      expect(single.labels[i] === 0).toBe(treeIndex.pointLambda[i] >= threshold);
    }
    expect(single.labels.filter((l) => l === 0).length).toBeGreaterThanOrEqual(20);
  });

  it('clusterSelectionEpsilon merges clusters split below it', () => {
    // Two pairs of close blobs, the pairs far apart: 4 clusters at epsilon 0, 2 above the gap.
    const centres = [
      [0, 0],
      [3, 0],
      [30, 0],
      [33, 0],
    ];
    const { points, truth } = gaussianBlobs(centres, 100, 0.4, 9);
    const fine = fitHdbscan(points, { minClusterSize: 10, clusterSelectionMethod: 'leaf' });
    expect(fine.nClusters).toBe(4);
    const merged = fitHdbscan(points, { minClusterSize: 10, clusterSelectionMethod: 'leaf', clusterSelectionEpsilon: 5 });
    expect(merged.nClusters).toBe(2);
    const pairOf = Int32Array.from(truth, (t) => (t < 2 ? 0 : 1));
    const labelled = Array.from(merged.labels.keys()).filter((i) => merged.labels[i] >= 0);
    expect(adjustedRandIndex(labelled.map((i) => merged.labels[i]), labelled.map((i) => pairOf[i]))).toBe(1);
  });

  it('maxClusterSize stops excess of mass from choosing a large cluster', () => {
    const centres = [
      [0, 0],
      [3, 0],
      [30, 0],
    ];
    const { points } = gaussianBlobs(centres, 100, 0.4, 9);
    const capped = fitHdbscan(points, { minClusterSize: 10, maxClusterSize: 150 });
    const sizes = new Map<number, number>();
    for (const l of capped.labels) if (l >= 0) sizes.set(l, (sizes.get(l) ?? 0) + 1);
    expect(Math.max(...sizes.values())).toBeLessThanOrEqual(150);
  });

  it('cosine clusters by direction, not length', () => {
    const { points, truth } = gaussianBlobs(
      [
        [1, 0, 0],
        [0, 1, 0],
        [0, 0, 1],
      ],
      80,
      0.05,
      4,
    );
    // Scale every row by a different positive factor: directions are unchanged.
    for (let i = 0; i < points.rows; i++) for (let j = 0; j < 3; j++) points.data[i * 3 + j] *= 1 + (i % 17);
    const model = fitHdbscan(points, { minClusterSize: 10, metric: 'cosine' });
    expect(model.nClusters).toBe(3);
    const labelled = Array.from(model.labels.keys()).filter((i) => model.labels[i] >= 0);
    expect(adjustedRandIndex(labelled.map((i) => model.labels[i]), labelled.map((i) => truth[i]))).toBe(1);
  });

  it('rejects bad input with a reason', () => {
    const points = { rows: 2, cols: 2, data: new Float64Array([0, 1, Number.NaN, 2]) };
    expect(() => fitHdbscan(points, { minClusterSize: 2 })).toThrow(/row 1 column 0 is NaN/);
    const fine = { rows: 2, cols: 2, data: new Float64Array(4) };
    expect(() => fitHdbscan(fine, { minClusterSize: 1 })).toThrow(/setting 'minClusterSize' must be an integer of at least 2, got 1/);
    expect(() => fitHdbscan(fine, { minClusterSize: 5, minSamples: 0 })).toThrow(/minSamples/);
    expect(() => fitHdbscan(fine, { minClusterSize: 5, alpha: 0 })).toThrow(/alpha/);
    expect(() => fitHdbscan(fine, { minClusterSize: 5, clusterSelectionEpsilon: -1 })).toThrow(/clusterSelectionEpsilon/);
    expect(() => fitHdbscan(fine, { minClusterSize: 5, clusterSelectionMethod: 'best' as never })).toThrow(/'eom' or 'leaf'/);
  });
});
