import { createMatrix, type Matrix } from '../matrix.js';
import { kernelModule } from '../wasm.js';

export interface SymmetricEigen {
  /** Eigenvalues in descending order. */
  readonly values: Float64Array;
  /**
   * Eigenvectors as the ROWS of an n x n matrix (row j belongs to values[j]); each is scaled
   * to unit length and signed so that its entry of largest magnitude is positive.
   */
  readonly vectors: Matrix;
}

/**
 * All eigenvalues and eigenvectors of a small dense symmetric matrix (only the lower triangle
 * is read): Householder reduction to tridiagonal form, then the implicit QL algorithm with
 * Wilkinson-style shifts (the EISPACK tred2/tql2 pair, as in Golub & Van Loan §8.3). O(n³);
 * meant for n up to a few thousand.
 */
export function symmetricEigen(a: Matrix): SymmetricEigen {
  const n = a.rows;
  if (a.cols !== n) throw new Error(`symmetricEigen needs a square matrix, got ${a.rows} x ${a.cols}`);
  if (n === 0) return { values: new Float64Array(0), vectors: createMatrix(0, 0) };
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      v[i * n + j] = a.data[i * n + j];
      v[j * n + i] = a.data[i * n + j];
    }
  }
  const diagonal = new Float64Array(n);
  const offDiagonal = new Float64Array(n);
  tridiagonalize(v, n, diagonal, offDiagonal);
  // QL rotates pairs of eigenvector columns; transposed, they become contiguous rows, which a
  // WebAssembly kernel rotates two doubles at a time.
  const basis = createRotationBasis(n);
  const rows = basis.rows;
  for (let j = 0; j < n; j++) rows.set(v.subarray(j * n, (j + 1) * n), j * basis.stride);
  diagonalizeTridiagonal(basis, n, diagonal, offDiagonal);

  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => diagonal[y] - diagonal[x] || x - y);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((source, target) => {
    values[target] = diagonal[source];
    const row = rows.subarray(source * basis.stride, source * basis.stride + n);
    let largest = 0;
    for (let i = 0; i < n; i++) if (Math.abs(row[i]) > Math.abs(largest)) largest = row[i];
    const sign = largest < 0 ? -1 : 1;
    for (let i = 0; i < n; i++) vectors[target * n + i] = sign * row[i];
  });
  return { values, vectors: createMatrix(n, n, vectors) };
}

/**
 * Householder tridiagonalisation of the symmetric matrix in `v`, accumulating the orthogonal
 * transformation V in `v` as its transpose (v[j·n + k] = V[k][j]), so that the inner loops,
 * which walk down columns of V, read memory contiguously. Afterwards `d` holds the diagonal
 * and `e[1..n-1]` the sub-diagonal, and row j of `v` is column j of V.
 */
function tridiagonalize(v: Float64Array, n: number, d: Float64Array, e: Float64Array): void {
  for (let j = 0; j < n; j++) d[j] = v[j * n + (n - 1)];

  for (let i = n - 1; i > 0; i--) {
    let scale = 0;
    let h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(d[k]);
    if (scale === 0) {
      e[i] = d[i - 1];
      for (let j = 0; j < i; j++) {
        d[j] = v[j * n + (i - 1)];
        v[j * n + i] = 0;
        v[i * n + j] = 0;
      }
    } else {
      for (let k = 0; k < i; k++) {
        d[k] /= scale;
        h += d[k] * d[k];
      }
      let f = d[i - 1];
      let g = Math.sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g;
      h -= f * g;
      d[i - 1] = f - g;
      for (let j = 0; j < i; j++) e[j] = 0;
      for (let j = 0; j < i; j++) {
        f = d[j];
        v[i * n + j] = f;
        g = e[j] + v[j * n + j] * f;
        for (let k = j + 1; k <= i - 1; k++) {
          g += v[j * n + k] * d[k];
          e[k] += v[j * n + k] * f;
        }
        e[j] = g;
      }
      f = 0;
      for (let j = 0; j < i; j++) {
        e[j] /= h;
        f += e[j] * d[j];
      }
      const hh = f / (h + h);
      for (let j = 0; j < i; j++) e[j] -= hh * d[j];
      for (let j = 0; j < i; j++) {
        f = d[j];
        g = e[j];
        for (let k = j; k <= i - 1; k++) v[j * n + k] -= f * e[k] + g * d[k];
        d[j] = v[j * n + (i - 1)];
        v[j * n + i] = 0;
      }
    }
    d[i] = h;
  }

  // Accumulate the transformations.
  for (let i = 0; i < n - 1; i++) {
    v[i * n + (n - 1)] = v[i * n + i];
    v[i * n + i] = 1;
    const h = d[i + 1];
    if (h !== 0) {
      for (let k = 0; k <= i; k++) d[k] = v[(i + 1) * n + k] / h;
      for (let j = 0; j <= i; j++) {
        let g = 0;
        for (let k = 0; k <= i; k++) g += v[(i + 1) * n + k] * v[j * n + k];
        for (let k = 0; k <= i; k++) v[j * n + k] -= g * d[k];
      }
    }
    for (let k = 0; k <= i; k++) v[(i + 1) * n + k] = 0;
  }
  for (let j = 0; j < n; j++) {
    d[j] = v[j * n + (n - 1)];
    v[j * n + (n - 1)] = 0;
  }
  v[(n - 1) * n + (n - 1)] = 1;
  e[0] = 0;
}

/**
 * Implicit QL iterations on the tridiagonal (d, e), rotating the eigenvector rows of `z`
 * (row i = current basis vector i). On return d holds the eigenvalues (unsorted).
 */
function diagonalizeTridiagonal(basis: RotationBasis, n: number, d: Float64Array, e: Float64Array): void {
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  e[n - 1] = 0;
  let shiftTotal = 0;
  let magnitude = 0;
  const eps = 2 ** -52;

  for (let l = 0; l < n; l++) {
    magnitude = Math.max(magnitude, Math.abs(d[l]) + Math.abs(e[l]));
    let m = l;
    while (m < n - 1 && Math.abs(e[m]) > eps * magnitude) m++;
    if (m > l) {
      let iterations = 0;
      do {
        if (++iterations > 100) throw new Error('symmetricEigen: QL iteration did not converge');
        let g = d[l];
        let p = (d[l + 1] - g) / (2 * e[l]);
        let r = Math.hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l] / (p + r);
        d[l + 1] = e[l] * (p + r);
        const dl1 = d[l + 1];
        let h = g - d[l];
        for (let i = l + 2; i < n; i++) d[i] -= h;
        shiftTotal += h;

        p = d[m];
        let c = 1;
        let c2 = c;
        let c3 = c;
        const el1 = e[l + 1];
        let s = 0;
        let s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i];
          h = c * p;
          r = Math.hypot(p, e[i]);
          e[i + 1] = s * r;
          s = e[i] / r;
          c = p / r;
          p = c * d[i] - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]);
          basis.rotate(i, c, s);
        }
        p = (-s * s2 * c3 * el1 * e[l]) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]) > eps * magnitude);
    }
    d[l] += shiftTotal;
    e[l] = 0;
  }
}

interface RotationBasis {
  /** Row-major, `stride` doubles per row (n rounded up to even). */
  readonly rows: Float64Array;
  readonly stride: number;
  /** Rows i and i+1 become c·z_i - s·z_{i+1} and s·z_i + c·z_{i+1}. */
  rotate(i: number, c: number, s: number): void;
}

/** n rows in WebAssembly memory, rotated in place by the f64x2 kernel (symmetric-eigen.wat). */
function createRotationBasis(n: number): RotationBasis {
  const stride = n + (n % 2);
  const rowBytes = stride * 8;
  const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil((n * rowBytes) / 65536)) });
  const module = kernelModule(new URL('./symmetric-eigen.wasm', import.meta.url));
  const rotate = new WebAssembly.Instance(module, { env: { memory } }).exports.rotate as (
    lower: number,
    rowBytes: number,
    c: number,
    s: number,
  ) => void;
  return {
    rows: new Float64Array(memory.buffer, 0, n * stride),
    stride,
    rotate: (i, cosine, sine) => rotate(i * rowBytes, rowBytes, cosine, sine),
  };
}
