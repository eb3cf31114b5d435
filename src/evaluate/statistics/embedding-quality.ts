import type { Matrix } from '../../util/matrix.js';

export type QualityMetric = 'euclidean' | 'cosine';

/** Distances from row i to every row (the entry for i itself is set to Infinity). */
function distancesFrom(matrix: Matrix, i: number, metric: QualityMetric, norms: Float64Array | null, out: Float64Array): void {
  const { rows, cols, data } = matrix;
  const base = i * cols;
  for (let j = 0; j < rows; j++) {
    const other = j * cols;
    let sum = 0;
    if (metric === 'cosine') {
      for (let d = 0; d < cols; d++) sum += data[base + d] * data[other + d];
      const scale = norms![i] * norms![j];
      out[j] = scale > 0 ? 1 - sum / scale : 1;
    } else {
      for (let d = 0; d < cols; d++) {
        const diff = data[base + d] - data[other + d];
        sum += diff * diff;
      }
      out[j] = sum; // squared: same order
    }
  }
  out[i] = Infinity;
}

function rowNorms(matrix: Matrix): Float64Array {
  const norms = new Float64Array(matrix.rows);
  for (let i = 0; i < matrix.rows; i++) {
    let sum = 0;
    for (let d = 0; d < matrix.cols; d++) sum += matrix.data[i * matrix.cols + d] ** 2;
    norms[i] = Math.sqrt(sum);
  }
  return norms;
}

/** Indices of the k smallest entries (ties: lower index first), excluding Infinity-marked self. */
function smallest(distances: Float64Array, k: number): Int32Array {
  const chosen = new Int32Array(k).fill(-1);
  const values = new Float64Array(k).fill(Infinity);
  for (let j = 0; j < distances.length; j++) {
    const d = distances[j];
    if (!(d < values[k - 1])) continue;
    let slot = k - 1;
    while (slot > 0 && values[slot - 1] > d) {
      values[slot] = values[slot - 1];
      chosen[slot] = chosen[slot - 1];
      slot--;
    }
    values[slot] = d;
    chosen[slot] = j;
  }
  return chosen;
}

function checkPair(high: Matrix, low: Matrix, k: number): void {
  if (high.rows !== low.rows) throw new Error(`embedding quality: ${high.rows} original rows but ${low.rows} embedded rows`);
  if (!Number.isInteger(k) || k < 1 || k >= high.rows / 2) {
    throw new Error(`embedding quality: k must be an integer in 1..${Math.ceil(high.rows / 2) - 1} (below n/2), got ${k}`);
  }
}

/**
 * Trustworthiness (Venna & Kaski 2001), as scikit-learn's sklearn.manifold.trustworthiness:
 * 1 - 2/(n·k·(2n - 3k - 1)) · Σ_i Σ_{j among i's k nearest in the embedding} max(0, r(i, j) - k),
 * where r(i, j) is j's rank among i's neighbours in the original space. 1 means no embedded
 * neighbour is an intruder; it penalises points that look close only in the embedding.
 * Exact, O(n²·d) time and O(n) memory: evaluate a sample of rows for large n.
 * @see https://scikit-learn.org/stable/modules/generated/sklearn.manifold.trustworthiness.html
 */
export function trustworthiness(high: Matrix, low: Matrix, k: number, options: { metric?: QualityMetric } = {}): number {
  checkPair(high, low, k);
  const n = high.rows;
  const metric = options.metric ?? 'euclidean';
  const norms = metric === 'cosine' ? rowNorms(high) : null;
  const highDistances = new Float64Array(n);
  const lowDistances = new Float64Array(n);
  let penalty = 0;
  for (let i = 0; i < n; i++) {
    distancesFrom(high, i, metric, norms, highDistances);
    distancesFrom(low, i, 'euclidean', null, lowDistances);
    for (const j of smallest(lowDistances, k)) {
      // Rank of j (1-based) in i's original ordering; ties broken by index, like a stable sort.
      const dj = highDistances[j];
      let rank = 1;
      for (let m = 0; m < n; m++) {
        const dm = highDistances[m];
        if (dm < dj || (dm === dj && m < j)) rank++;
      }
      if (rank > k) penalty += rank - k;
    }
  }
  return 1 - (2 / (n * k * (2 * n - 3 * k - 1))) * penalty;
}

/**
 * Mean share of each point's k nearest neighbours in `points` (euclidean, the point itself
 * excluded) that carry its label: how well the embedding keeps known groups together.
 */
export function knnLabelPurity(points: Matrix, labels: ArrayLike<number>, k: number): number {
  const n = points.rows;
  if (labels.length !== n) throw new Error(`knnLabelPurity: ${n} points but ${labels.length} labels`);
  if (!Number.isInteger(k) || k < 1 || k >= n) throw new Error(`knnLabelPurity: k must be an integer in 1..${n - 1}, got ${k}`);
  const distances = new Float64Array(n);
  let same = 0;
  for (let i = 0; i < n; i++) {
    distancesFrom(points, i, 'euclidean', null, distances);
    for (const j of smallest(distances, k)) if (labels[j] === labels[i]) same++;
  }
  return same / (n * k);
}
