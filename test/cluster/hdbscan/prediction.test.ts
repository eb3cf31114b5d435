import { describe, expect, it } from 'vitest';
import { fitHdbscan } from '../../../src/cluster/hdbscan/fit.js';
import { approximatePredict, predictionData } from '../../../src/cluster/hdbscan/prediction.js';
import { allPointsMembershipVectors } from '../../../src/cluster/hdbscan/softClustering.js';
import { selectRows } from '../../../src/util/matrix.js';
import { adjustedRandIndex } from '../../../src/evaluate/statistics/ari.js';
import { gaussianBlobs } from './blobs.js';
import { readPoints } from './fixtureData.js';

describe('approximatePredict', () => {
  it('predicting the training points reproduces their labels and probabilities', () => {
    for (const method of ['eom', 'leaf'] as const) {
      const { points } = readPoints('blobs_2000x5_std2');
      const model = fitHdbscan(points, { minClusterSize: 10, clusterSelectionMethod: method });
      const prediction = approximatePredict(model, points);
      expect(Array.from(prediction.labels)).toEqual(Array.from(model.labels));
      for (let i = 0; i < points.rows; i++) {
        // The prediction joins at lambda 1 / (a core distance over one neighbour fewer), which
        // is at least the point's own lambda, so members get probability >= their fit's.
        if (model.labels[i] >= 0) expect(prediction.probabilities[i]).toBeGreaterThanOrEqual(model.probabilities[i] - 1e-12);
        else expect(prediction.probabilities[i]).toBe(0);
      }
    }
  });

  it('assigns a held-out half like clustering everything would', () => {
    const { points, truth } = gaussianBlobs(
      [
        [0, 0, 0],
        [9, 0, 0],
        [0, 9, 0],
        [0, 0, 9],
      ],
      250,
      1,
      21,
    );
    // Rows cycle through the four blobs; alternate whole cycles between the halves.
    const rows = Array.from({ length: points.rows }, (_, i) => i);
    const even = rows.filter((i) => Math.floor(i / 4) % 2 === 0);
    const odd = rows.filter((i) => Math.floor(i / 4) % 2 === 1);
    const model = fitHdbscan(selectRows(points, even), { minClusterSize: 15 });
    expect(model.nClusters).toBe(4);
    const prediction = approximatePredict(model, selectRows(points, odd));
    const assigned = odd.map((_, j) => j).filter((j) => prediction.labels[j] >= 0);
    expect(assigned.length).toBeGreaterThan(0.9 * odd.length);
    expect(adjustedRandIndex(assigned.map((j) => prediction.labels[j]), assigned.map((j) => truth[odd[j]]))).toBe(1);
    for (const p of prediction.probabilities) expect(p >= 0 && p <= 1).toBe(true);
  });

  it('prediction core distances count the point itself, as hdbscan PredictionData does', () => {
    const { points } = gaussianBlobs([[0, 0]], 60, 1, 2);
    const model = fitHdbscan(points, { minClusterSize: 5, minSamples: 4 });
    const data = predictionData(model);
    for (let i = 0; i < points.rows; i++) {
      const distances = Array.from({ length: points.rows }, (_, j) => Math.hypot(points.data[2 * i] - points.data[2 * j], points.data[2 * i + 1] - points.data[2 * j + 1])).sort((a, b) => a - b);
      expect(data.coreDistances[i]).toBeCloseTo(distances[3], 12); // 4th nearest, itself first
      expect(model.coreDistances[i]).toBeCloseTo(distances[4], 12); // clustering: 4 others
    }
  });

  it('rejects points of the wrong width', () => {
    const { points } = gaussianBlobs([[0, 0]], 30, 1, 2);
    const model = fitHdbscan(points, { minClusterSize: 5 });
    expect(() => approximatePredict(model, { rows: 1, cols: 3, data: new Float64Array(3) })).toThrow(/3 columns, the model was fitted on 2/);
  });
});

/** hdbscan's merge_height, transcribed literally (walk the larger id up until both meet). */
function literalMergeHeight(parentOf: Map<number, number>, birthOf: Map<number, number>, pointCluster: number, pointLambda: number, cluster: number): number {
  let left = pointCluster;
  let right = cluster;
  let tookLeft = false;
  let tookRight = false;
  let last = -1;
  while (left !== right) {
    if (left > right) {
      tookLeft = true;
      last = left;
      left = parentOf.get(left) as number;
    } else {
      tookRight = true;
      last = right;
      right = parentOf.get(right) as number;
    }
  }
  return tookLeft && tookRight ? (birthOf.get(last) as number) : pointLambda;
}

describe('allPointsMembershipVectors', () => {
  const { points } = readPoints('blobs_2000x5_std2');
  const model = fitHdbscan(points, { minClusterSize: 10, clusterSelectionMethod: 'leaf' });
  const vectors = allPointsMembershipVectors(model);
  const k = model.nClusters;

  it('has one row per point, entries in [0, 1] summing to at most 1', () => {
    expect(vectors.rows).toBe(points.rows);
    expect(vectors.cols).toBe(k);
    for (let i = 0; i < points.rows; i++) {
      let sum = 0;
      for (let s = 0; s < k; s++) {
        const v = vectors.data[i * k + s];
        expect(v >= 0 && v <= 1).toBe(true);
        sum += v;
      }
      expect(sum).toBeLessThanOrEqual(1 + 1e-9);
    }
  });

  it('puts most clustered points mostly in their own cluster', () => {
    let agree = 0;
    let labelled = 0;
    for (let i = 0; i < points.rows; i++) {
      if (model.labels[i] < 0) continue;
      labelled++;
      let best = 0;
      for (let s = 1; s < k; s++) if (vectors.data[i * k + s] > vectors.data[i * k + best]) best = s;
      if (best === model.labels[i]) agree++;
    }
    expect(agree / labelled).toBeGreaterThan(0.9);
  });

  it('matches a literal transcription of hdbscan soft clustering', () => {
    const { treeIndex, selectedClusters } = model;
    const n = treeIndex.nPoints;
    const parentOf = new Map<number, number>();
    const birthOf = new Map<number, number>();
    for (let c = 1; c < treeIndex.nClusterNodes; c++) {
      parentOf.set(n + c, treeIndex.clusterParent[c]);
      birthOf.set(n + c, treeIndex.clusterBirth[c]);
    }
    const maxLambda = (cluster: number) => treeIndex.maxChildLambda[cluster - n];
    // Exemplars: points leaving a leaf of a selected cluster at that leaf's largest lambda.
    const leavesUnder = (c: number): number[] => {
      const first = treeIndex.firstChild[c - n];
      return first < 0 ? [c] : [...leavesUnder(first), ...leavesUnder(treeIndex.secondChild[c - n])];
    };
    const exemplars = Array.from(selectedClusters, (c) =>
      leavesUnder(c).flatMap((leaf) => Array.from({ length: n }, (_, p) => p).filter((p) => treeIndex.pointParent[p] === leaf && treeIndex.pointLambda[p] === maxLambda(leaf))),
    );
    const dims = points.cols;
    const distanceRow = (p: number) => {
      const raw = exemplars.map((rows) => {
        const d = Math.min(...rows.map((e) => Math.sqrt(Array.from({ length: dims }, (_, j) => (points.data[p * dims + j] - points.data[e * dims + j]) ** 2).reduce((a, b) => a + b, 0))));
        return d !== 0 ? 1 / d : Number.MAX_VALUE / k;
      });
      const total = raw.reduce((a, b) => a + b, 0);
      return raw.map((v) => v / total);
    };
    const scores: number[][] = [];
    const heightsOf: number[][] = [];
    for (let p = 0; p < n; p++) {
      const cluster = treeIndex.pointParent[p];
      const lambda = treeIndex.pointLambda[p];
      const heights = Array.from(selectedClusters, (s) => literalMergeHeight(parentOf, birthOf, cluster, lambda, s));
      heightsOf.push(heights);
      scores.push(heights.map((h) => Math.exp(-((maxLambda(cluster) + 1e-8) / h))));
    }
    const largest = Math.max(...scores.flat());
    for (let p = 0; p < n; p++) {
      const soft = scores[p].map((v) => Math.exp(v - largest));
      const softSum = soft.reduce((a, b) => a + b, 0);
      const distance = distanceRow(p);
      const combined = soft.map((v, s) => (v / softSum) * distance[s]);
      const combinedSum = combined.reduce((a, b) => a + b, 0);
      const heights = heightsOf[p];
      const top = heights.indexOf(Math.max(...heights));
      const inSome = heights[top] / Math.max(maxLambda(selectedClusters[top]), treeIndex.pointLambda[p]);
      combined.forEach((v, s) => expect(vectors.data[p * k + s]).toBeCloseTo((v / combinedSum) * inSome, 12));
    }
  });

  it('is empty when nothing was clustered', () => {
    const noise = fitHdbscan({ rows: 5, cols: 2, data: new Float64Array(10).map((_, i) => i * i) }, { minClusterSize: 10 });
    const none = allPointsMembershipVectors(noise);
    expect(none.cols).toBe(0);
    expect(none.rows).toBe(5);
  });
});
