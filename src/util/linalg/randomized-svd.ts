import { createMatrix } from '../matrix.js';
import type { Random } from '../random.js';
import type { LinearOperator } from './operator.js';
import { leadingColumns, leadingRows, multiply, transpose } from './products.js';
import { thinQr } from './qr.js';
import { flipSigns } from './signs.js';
import type { Svd } from './svd.js';
import { thinSvd } from './svd.js';

export interface RandomizedSvdOptions {
  /** Source of the Gaussian test matrix; the same seed gives the same result. */
  readonly random: Random;
  /** Extra sample directions beyond k; more improves accuracy at a linear cost. Default 10. */
  readonly oversamples?: number;
  /**
   * Power iterations; more sharpen a slowly decaying spectrum. Default as scikit-learn: 7 when
   * k is below a tenth of min(rows, cols), otherwise 4.
   */
  readonly powerIterations?: number;
  /** Which factor decides the signs (see flipSigns). Default 'u', like sklearn's randomized_svd. */
  readonly signBasis?: 'u' | 'v';
}

/**
 * The k leading singular triplets of a linear operator by randomized range finding (Halko,
 * Martinsson & Tropp 2011, algorithms 4.4 and 5.1): sample the range with a Gaussian test
 * matrix, sharpen it with power iterations, re-orthonormalising by QR after every product as
 * scikit-learn's `randomized_svd` does (so that small singular values are not lost to
 * rounding), then take the exact SVD of the small projected matrix B = QᵀA.
 *
 * Signs follow `flipSigns` (by default: the largest-magnitude entry of each left singular
 * vector is positive), so results are deterministic for a given seed.
 * @see https://scikit-learn.org/stable/modules/generated/sklearn.utils.extmath.randomized_svd.html
 */
export function randomizedSvd(op: LinearOperator, k: number, options: RandomizedSvdOptions): Svd {
  const smallest = Math.min(op.rows, op.cols);
  if (!Number.isInteger(k) || k < 1 || k > smallest) {
    throw new Error(`randomizedSvd: k must be an integer in 1..${smallest} (min(rows, cols)), got ${k}`);
  }
  const oversamples = options.oversamples ?? 10;
  const powerIterations = options.powerIterations ?? (k < 0.1 * smallest ? 7 : 4);
  const width = Math.min(k + oversamples, smallest);

  const omega = new Float64Array(op.cols * width);
  for (let i = 0; i < omega.length; i++) omega[i] = options.random.normal();
  let q = thinQr(op.multiply(createMatrix(op.cols, width, omega))).q;
  for (let iteration = 0; iteration < powerIterations; iteration++) {
    const z = thinQr(op.multiplyTranspose(q)).q;
    q = thinQr(op.multiply(z)).q;
  }

  // Bᵀ = AᵀQ is cols x width; its SVD Bᵀ = W·S·Zᵀ gives B = Z·S·Wᵀ, so U = Q·Z and Vᵀ = Wᵀ.
  const bt = op.multiplyTranspose(q);
  const small = thinSvd(bt);
  const u = leadingColumns(multiply(q, transpose(small.vt)), k);
  const vt = leadingRows(transpose(small.u), k);
  const s = small.s.slice(0, k);
  flipSigns(u, vt, options.signBasis ?? 'u');
  return { u, s, vt };
}
