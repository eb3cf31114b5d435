import { createMatrix, type Matrix } from '../matrix.js';

export interface ThinQr {
  /** rows x cols with orthonormal columns. */
  readonly q: Matrix;
  /** cols x cols upper triangular, with a non-negative diagonal (which makes the factorisation unique for full-rank input). */
  readonly r: Matrix;
}

/**
 * Thin QR factorisation A = Q·R of a tall matrix (rows >= cols) by Householder reflections,
 * which keep Q orthonormal to machine precision even when A is badly conditioned (as the
 * randomized SVD's power iterations make it). Rank-deficient input is fine: Q still has
 * orthonormal columns and R has zeros on its diagonal.
 */
export function thinQr(a: Matrix): ThinQr {
  const m = a.rows;
  const n = a.cols;
  if (m < n) throw new Error(`thinQr needs rows >= cols, got ${m} x ${n}`);
  const work = new Float64Array(a.data);
  const reflectors: Float64Array[] = [];
  const scales = new Float64Array(n); // 2 / (vᵀv), or 0 where no reflection was needed
  const r = new Float64Array(n * n);
  const w = new Float64Array(n);

  for (let j = 0; j < n; j++) {
    let norm2 = 0;
    for (let i = j; i < m; i++) norm2 += work[i * n + j] * work[i * n + j];
    const norm = Math.sqrt(norm2);
    const head = work[j * n + j];
    const alpha = head > 0 ? -norm : norm;
    const v = new Float64Array(m - j);
    for (let i = j; i < m; i++) v[i - j] = work[i * n + j];
    v[0] -= alpha;
    let vNorm2 = 0;
    for (let i = 0; i < v.length; i++) vNorm2 += v[i] * v[i];
    reflectors.push(v);
    if (vNorm2 === 0) {
      scales[j] = 0;
      r[j * n + j] = head;
    } else {
      const scale = 2 / vNorm2;
      scales[j] = scale;
      applyReflector(work, n, j, j + 1, n, v, scale, w);
      r[j * n + j] = alpha;
    }
    for (let c = j + 1; c < n; c++) r[j * n + c] = work[j * n + c];
  }

  // Q = H_0 H_1 ... H_{n-1} applied to the first n columns of the identity, right to left.
  const q = new Float64Array(m * n);
  for (let j = 0; j < n; j++) q[j * n + j] = 1;
  for (let j = n - 1; j >= 0; j--) {
    if (scales[j] !== 0) applyReflector(q, n, j, j, n, reflectors[j], scales[j], w);
  }

  // Make the diagonal of R non-negative.
  for (let j = 0; j < n; j++) {
    if (r[j * n + j] < 0) {
      for (let c = j; c < n; c++) r[j * n + c] = -r[j * n + c];
      for (let i = 0; i < m; i++) q[i * n + j] = -q[i * n + j];
    }
  }
  return { q: createMatrix(m, n, q), r: createMatrix(n, n, r) };
}

/**
 * Rows firstRow.. of the row-major `target` (width `width`), columns fromCol..toCol-1, are
 * replaced by (I - scale·v·vᵀ) times themselves. Works row by row so memory is read contiguously.
 */
function applyReflector(
  target: Float64Array,
  width: number,
  firstRow: number,
  fromCol: number,
  toCol: number,
  v: Float64Array,
  scale: number,
  w: Float64Array,
): void {
  for (let c = fromCol; c < toCol; c++) w[c] = 0;
  for (let i = 0; i < v.length; i++) {
    const vi = v[i];
    if (vi === 0) continue;
    const base = (firstRow + i) * width;
    for (let c = fromCol; c < toCol; c++) w[c] += vi * target[base + c];
  }
  for (let c = fromCol; c < toCol; c++) w[c] *= scale;
  for (let i = 0; i < v.length; i++) {
    const vi = v[i];
    if (vi === 0) continue;
    const base = (firstRow + i) * width;
    for (let c = fromCol; c < toCol; c++) target[base + c] -= vi * w[c];
  }
}
