import type { Matrix } from '../matrix.js';

/**
 * Deterministic signs for singular vectors, which are otherwise defined only up to sign:
 * component j is negated, in both `u` (column j) and `vt` (row j), unless the entry of largest
 * absolute value in the chosen basis is positive (the first such entry on ties). This is
 * scikit-learn's `svd_flip`; `basis: 'u'` is its `u_based_decision=True` (the randomized SVD's
 * default), `basis: 'v'` decides by the rows of vt (what sklearn's PCA uses since 1.5), which
 * keeps a component's sign independent of the number and order of the samples.
 * @see https://scikit-learn.org/stable/modules/generated/sklearn.utils.extmath.svd_flip.html
 */
export function flipSigns(u: Matrix, vt: Matrix, basis: 'u' | 'v'): void {
  const k = u.cols;
  for (let j = 0; j < k; j++) {
    let best = 0;
    let bestAbs = -1;
    if (basis === 'u') {
      for (let i = 0; i < u.rows; i++) {
        const value = u.data[i * k + j];
        if (Math.abs(value) > bestAbs) {
          bestAbs = Math.abs(value);
          best = value;
        }
      }
    } else {
      for (let i = 0; i < vt.cols; i++) {
        const value = vt.data[j * vt.cols + i];
        if (Math.abs(value) > bestAbs) {
          bestAbs = Math.abs(value);
          best = value;
        }
      }
    }
    if (best < 0) {
      for (let i = 0; i < u.rows; i++) u.data[i * k + j] = -u.data[i * k + j];
      for (let i = 0; i < vt.cols; i++) vt.data[j * vt.cols + i] = -vt.data[j * vt.cols + i];
    }
  }
}
