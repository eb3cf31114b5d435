import type { StageContext } from '../types/context.js';
import type { Matrix } from '../util/matrix.js';
import type { Random } from '../util/random.js';
import { readSettings, setting, settingsSchema } from '../util/settings.js';
import type { Clusterer, ClusterOptions, ClusterResult } from './types.js';

/**
 * k-means: k-means++ seeding (Arthur & Vassilvitskii 2007) drawn from the stage's seeded
 * random, then Lloyd iterations until no point changes cluster (or `maxIterations`). Every
 * point belongs to a cluster: probabilities are 1 and there are no outlier scores.
 *
 * Options: `k` (required, number of clusters), `maxIterations` (default 300).
 */
export interface KmeansOptions {
  readonly k: number;
  readonly maxIterations?: number;
}

export interface KmeansResult {
  readonly labels: Int32Array;
  /** k x dims centres, row-major. */
  readonly centres: Matrix;
  readonly iterations: number;
  /** Sum of squared distances of points to their centres. */
  readonly inertia: number;
}

function squaredDistance(a: Float64Array, aOffset: number, b: Float64Array, bOffset: number, dims: number): number {
  let sum = 0;
  for (let j = 0; j < dims; j++) {
    const diff = a[aOffset + j] - b[bOffset + j];
    sum += diff * diff;
  }
  return sum;
}

/** k-means++: each next centre is a point drawn with probability proportional to D(x)^2. */
function seedCentres(data: Matrix, k: number, random: Random): Float64Array {
  const { rows: n, cols: dims } = data;
  const centres = new Float64Array(k * dims);
  const nearestSq = new Float64Array(n).fill(Infinity);
  let chosen = random.int(n);
  for (let c = 0; c < k; c++) {
    centres.set(data.data.subarray(chosen * dims, (chosen + 1) * dims), c * dims);
    let total = 0;
    for (let i = 0; i < n; i++) {
      const d = squaredDistance(data.data, i * dims, centres, c * dims, dims);
      if (d < nearestSq[i]) nearestSq[i] = d;
      total += nearestSq[i];
    }
    if (c === k - 1) break;
    if (total === 0) {
      chosen = random.int(n); // all remaining points coincide with centres
      continue;
    }
    let target = random.next() * total;
    chosen = n - 1;
    for (let i = 0; i < n; i++) {
      target -= nearestSq[i];
      if (target < 0) {
        chosen = i;
        break;
      }
    }
  }
  return centres;
}

export function kmeans(data: Matrix, options: KmeansOptions, random: Random): KmeansResult {
  const { rows: n, cols: dims } = data;
  const { k } = options;
  const maxIterations = options.maxIterations ?? 300;
  checkKmeansInput(data, k, maxIterations);
  const centres = seedCentres(data, k, random);
  const labels = new Int32Array(n).fill(-1);
  const nearestSq = new Float64Array(n);
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    if (assignToNearest(data, centres, k, labels, nearestSq) === 0) break;
    moveCentres(data, centres, k, labels, nearestSq);
  }
  let inertia = 0;
  for (let i = 0; i < n; i++) inertia += squaredDistance(data.data, i * dims, centres, labels[i] * dims, dims);
  return { labels, centres: { rows: k, cols: dims, data: centres }, iterations, inertia };
}

function checkKmeansInput(data: Matrix, k: number, maxIterations: number): void {
  const { rows: n, cols: dims } = data;
  if (!Number.isInteger(k) || k < 1) throw new Error(`kmeans: k must be an integer >= 1, got ${String(k)}`);
  if (k > n) throw new Error(`kmeans: k (${k}) exceeds the number of points (${n})`);
  if (!Number.isInteger(maxIterations) || maxIterations < 1) {
    throw new Error(`kmeans: maxIterations must be an integer >= 1, got ${String(maxIterations)}`);
  }
  for (let i = 0; i < data.data.length; i++) {
    if (!Number.isFinite(data.data[i])) throw new Error(`kmeans: row ${Math.floor(i / dims)} column ${i % dims} is ${data.data[i]}`);
  }
}

/**
 * Lloyd's assignment step: each point to its nearest centre (the first of equals), recording
 * the squared distance. Returns how many points changed cluster.
 */
function assignToNearest(data: Matrix, centres: Float64Array, k: number, labels: Int32Array, nearestSq: Float64Array): number {
  const { rows: n, cols: dims } = data;
  let changed = 0;
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bestSq = Infinity;
    for (let c = 0; c < k; c++) {
      const d = squaredDistance(data.data, i * dims, centres, c * dims, dims);
      if (d < bestSq) {
        bestSq = d;
        best = c;
      }
    }
    nearestSq[i] = bestSq;
    if (labels[i] !== best) {
      labels[i] = best;
      changed++;
    }
  }
  return changed;
}

/**
 * Lloyd's update step: each centre to the mean of its points. An empty cluster restarts at the
 * point farthest from its centre, as scikit-learn does.
 */
function moveCentres(data: Matrix, centres: Float64Array, k: number, labels: Int32Array, nearestSq: Float64Array): void {
  const { rows: n, cols: dims } = data;
  const sums = new Float64Array(k * dims);
  const counts = new Int32Array(k);
  for (let i = 0; i < n; i++) {
    const c = labels[i];
    counts[c]++;
    for (let j = 0; j < dims; j++) sums[c * dims + j] += data.data[i * dims + j];
  }
  for (let c = 0; c < k; c++) {
    if (counts[c] > 0) {
      for (let j = 0; j < dims; j++) centres[c * dims + j] = sums[c * dims + j] / counts[c];
      continue;
    }
    let farthest = 0;
    for (let i = 1; i < n; i++) if (nearestSq[i] > nearestSq[farthest]) farthest = i;
    centres.set(data.data.subarray(farthest * dims, (farthest + 1) * dims), c * dims);
    nearestSq[farthest] = 0;
  }
}

/** k is required; minClusterSize comes with every clustering of the sweep and means nothing here. */
export const KMEANS_SETTINGS = settingsSchema({
  k: setting.integer({ min: 1 }),
  maxIterations: setting.integer({ min: 1 }),
  minClusterSize: setting.integer({ min: 1 }),
}).refine((values) => values.k !== undefined, { error: 'set (option k is required: the number of clusters, an integer of at least 1)', path: ['k'] });

export function createKmeansClusterer(options: ClusterOptions): Clusterer {
  const values = readSettings("clusterer 'kmeans'", KMEANS_SETTINGS, options);
  const k = values.k as number;
  const maxIterations = values.maxIterations ?? 300;
  return {
    name: 'kmeans',
    signature: { clusterer: 'kmeans', params: { k, maxIterations } },
    async fit(data: Matrix, ctx: StageContext): Promise<ClusterResult> {
      const result = kmeans(data, { k, maxIterations }, ctx.random);
      return {
        labels: result.labels,
        probabilities: new Float64Array(data.rows).fill(1),
        outlierScores: null,
        nClusters: k,
      };
    },
  };
}
