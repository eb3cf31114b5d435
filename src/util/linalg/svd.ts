import { createMatrix, type Matrix } from '../matrix.js';
import { multiply, transpose } from './products.js';
import { thinQr } from './qr.js';

/** A = U·diag(s)·Vᵀ with singular values in descending order. */
export interface Svd {
  /** rows x k, orthonormal columns. */
  readonly u: Matrix;
  /** k singular values, descending. */
  readonly s: Float64Array;
  /** k x cols, orthonormal rows. */
  readonly vt: Matrix;
}

const MAX_SWEEPS = 60;

/**
 * Economy SVD of a small dense matrix (k = min(rows, cols)): a Householder QR first reduces
 * the problem to a k x k triangle, which one-sided Jacobi rotations (Hestenes) then
 * diagonalise. Jacobi is slower than Golub-Kahan but computes small singular values to high
 * relative accuracy and is short enough to verify by eye; it is meant for the small matrices
 * of the randomized SVD (k up to a few hundred). Singular vectors of zero singular values
 * are returned as zero vectors. No sign convention is applied here.
 */
export function thinSvd(a: Matrix): Svd {
  if (a.rows < a.cols) {
    const flipped = thinSvd(transpose(a));
    return { u: transpose(flipped.vt), s: flipped.s, vt: transpose(flipped.u) };
  }
  const { q, r } = thinQr(a);
  const small = jacobiSvdSquare(r);
  return { u: multiply(q, small.u), s: small.s, vt: small.vt };
}

/** One-sided Jacobi SVD of a square matrix. */
function jacobiSvdSquare(a: Matrix): Svd {
  const n = a.cols;
  // Rows of `cols` are the columns of A; rows of `right` are the columns of V. Rotations then
  // touch two contiguous rows at a time.
  const cols = transpose(a).data;
  const right = new Float64Array(n * n);
  for (let i = 0; i < n; i++) right[i * n + i] = 1;
  const tolerance = 1e-15;

  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        let alpha = 0;
        let beta = 0;
        let gamma = 0;
        const pBase = p * n;
        const qBase = q * n;
        for (let i = 0; i < n; i++) {
          const x = cols[pBase + i];
          const y = cols[qBase + i];
          alpha += x * x;
          beta += y * y;
          gamma += x * y;
        }
        if (gamma === 0 || Math.abs(gamma) <= tolerance * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        rotateRows(cols, pBase, qBase, n, c, s);
        rotateRows(right, pBase, qBase, n, c, s);
      }
    }
    if (!rotated) break;
  }

  const norms = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += cols[j * n + i] * cols[j * n + i];
    norms[j] = Math.sqrt(sum);
  }
  const order = Array.from({ length: n }, (_, j) => j).sort((x, y) => norms[y] - norms[x] || x - y);
  const u = new Float64Array(n * n);
  const vt = new Float64Array(n * n);
  const s = new Float64Array(n);
  order.forEach((j, rank) => {
    s[rank] = norms[j];
    const inverse = norms[j] > 0 ? 1 / norms[j] : 0;
    for (let i = 0; i < n; i++) {
      u[i * n + rank] = cols[j * n + i] * inverse;
      vt[rank * n + i] = right[j * n + i];
    }
  });
  return { u: createMatrix(n, n, u), s, vt: createMatrix(n, n, vt) };
}

function rotateRows(data: Float64Array, pBase: number, qBase: number, n: number, c: number, s: number): void {
  for (let i = 0; i < n; i++) {
    const x = data[pBase + i];
    const y = data[qBase + i];
    data[pBase + i] = c * x - s * y;
    data[qBase + i] = s * x + c * y;
  }
}
