import { createMatrix, type Matrix } from '../../util/matrix.js';

/** Rows centred and accumulated together; four keep the inner loop's operands in registers. */
const ROWS_PER_PASS = 4;

/**
 * The sample covariance (X - 1μᵀ)ᵀ(X - 1μᵀ) / (n - 1) of a row-major matrix, centring rows on
 * the fly (never materialising the centred matrix) and filling the upper triangle with four
 * rank-one updates per pass, then mirroring it. Summation order is fixed.
 */
export function covarianceMatrix(data: Matrix, means: Float64Array): Matrix {
  const { rows: n, cols: d } = data;
  const c = new Float64Array(d * d);
  const block = new Float64Array(ROWS_PER_PASS * d);
  for (let start = 0; start < n; start += ROWS_PER_PASS) {
    const count = Math.min(ROWS_PER_PASS, n - start);
    block.fill(0);
    for (let r = 0; r < count; r++) {
      const source = (start + r) * d;
      for (let j = 0; j < d; j++) block[r * d + j] = data.data[source + j] - means[j];
    }
    for (let j = 0; j < d; j++) {
      const a0 = block[j];
      const a1 = block[d + j];
      const a2 = block[2 * d + j];
      const a3 = block[3 * d + j];
      const rowBase = j * d;
      for (let k = j; k < d; k++) {
        c[rowBase + k] += a0 * block[k] + a1 * block[d + k] + a2 * block[2 * d + k] + a3 * block[3 * d + k];
      }
    }
  }
  const scale = n > 1 ? 1 / (n - 1) : 0;
  for (let j = 0; j < d; j++) {
    for (let k = j; k < d; k++) {
      const value = c[j * d + k] * scale;
      c[j * d + k] = value;
      c[k * d + j] = value;
    }
  }
  return createMatrix(d, d, c);
}
