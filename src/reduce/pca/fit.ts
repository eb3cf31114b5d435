import { denseOperator } from '../../util/linalg/dense.js';
import { columnMeans } from '../../util/linalg/products.js';
import { randomizedSvd } from '../../util/linalg/randomized-svd.js';
import { multiplyByTranspose } from '../../util/linalg/row-products.js';
import { symmetricEigen } from '../../util/linalg/symmetric-eigen.js';
import { createMatrix, type Matrix } from '../../util/matrix.js';
import { createRandom, type Random } from '../../util/random.js';
import { covarianceMatrix } from './covariance.js';

export type PcaSolver = 'auto' | 'covariance' | 'randomized';

export interface PcaOptions {
  readonly nComponents: number;
  /** Scale each component to unit variance (useful before distance-based clustering). */
  readonly whiten?: boolean;
  /**
   * 'covariance': exact eigendecomposition of the d x d covariance, O(n·d² + d³);
   * 'randomized': randomized SVD of the centred data, for wide data.
   * 'auto' (default) takes covariance while d <= 1000, else randomized.
   */
  readonly solver?: PcaSolver;
  /** For the randomized solver. Default seed 0. */
  readonly random?: Random;
}

export interface PcaModel {
  /** k x d, unit rows, sign: largest-magnitude entry positive (sklearn's svd_flip on V). */
  readonly components: Matrix;
  readonly mean: Float64Array;
  /** Variance along each component (ddof 1), descending. */
  readonly explainedVariance: Float64Array;
  /** explainedVariance / total variance of the data. */
  readonly explainedVarianceRatio: Float64Array;
  readonly singularValues: Float64Array;
  readonly whiten: boolean;
  readonly solver: Exclude<PcaSolver, 'auto'>;
  /** Projects new rows onto the components (and whitens if the model does). */
  transform(data: Matrix): Matrix;
}

const COVARIANCE_MAX_DIMS = 1000;

/**
 * Principal component analysis with scikit-learn's conventions (centred, variances with
 * n - 1, components signed by their largest entry).
 * @see https://scikit-learn.org/stable/modules/generated/sklearn.decomposition.PCA.html
 */
export function fitPca(data: Matrix, options: PcaOptions): PcaModel {
  const { rows: n, cols: d } = data;
  const k = options.nComponents;
  if (n < 2) throw new Error(`PCA needs at least 2 rows, got ${n}`);
  if (!Number.isInteger(k) || k < 1 || k > Math.min(n, d)) {
    throw new Error(`PCA nComponents must be an integer in 1..${Math.min(n, d)} (min(rows, cols)), got ${k}`);
  }
  for (let i = 0; i < data.data.length; i++) {
    if (!Number.isFinite(data.data[i])) throw new Error(`PCA input has a non-finite value at row ${Math.floor(i / d)}`);
  }
  const solver = options.solver === 'auto' || !options.solver ? (d <= COVARIANCE_MAX_DIMS ? 'covariance' : 'randomized') : options.solver;
  const mean = columnMeans(data);
  let components: Matrix;
  let explainedVariance: Float64Array;
  let totalVariance: number;
  if (solver === 'covariance') {
    const covariance = covarianceMatrix(data, mean);
    const eigen = symmetricEigen(covariance);
    components = createMatrix(k, d, eigen.vectors.data.slice(0, k * d));
    explainedVariance = eigen.values.slice(0, k).map((v) => Math.max(v, 0));
    totalVariance = 0;
    for (let j = 0; j < d; j++) totalVariance += covariance.data[j * d + j];
  } else {
    const svd = randomizedSvd(denseOperator(data, { center: true }), k, {
      random: options.random ?? createRandom(0),
      signBasis: 'v',
    });
    components = svd.vt;
    explainedVariance = svd.s.map((s) => (s * s) / (n - 1));
    totalVariance = totalVarianceOf(data, mean);
  }
  const explainedVarianceRatio = explainedVariance.map((v) => (totalVariance > 0 ? v / totalVariance : 0));
  const singularValues = explainedVariance.map((v) => Math.sqrt(v * (n - 1)));
  const whiten = options.whiten ?? false;
  return {
    components,
    mean,
    explainedVariance,
    explainedVarianceRatio,
    singularValues,
    whiten,
    solver,
    transform: (rows: Matrix) => project(rows, mean, components, whiten ? explainedVariance : null),
  };
}

function totalVarianceOf(data: Matrix, mean: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < data.rows; i++) {
    for (let j = 0; j < data.cols; j++) {
      const centred = data.data[i * data.cols + j] - mean[j];
      sum += centred * centred;
    }
  }
  return sum / (data.rows - 1);
}

/** (X - 1μᵀ)·Vᵀ, each column divided by sqrt(variance) when whitening. */
function project(data: Matrix, mean: Float64Array, components: Matrix, whitenBy: Float64Array | null): Matrix {
  if (data.cols !== components.cols) {
    throw new Error(`PCA transform: rows have ${data.cols} values, the model expects ${components.cols}`);
  }
  const projected = multiplyByTranspose(data, components, { subtract: mean });
  if (whitenBy) {
    const k = components.rows;
    const scales = whitenBy.map((v) => (v > 0 ? 1 / Math.sqrt(v) : 0));
    for (let i = 0; i < projected.data.length; i++) projected.data[i] *= scales[i % k];
  }
  return projected;
}
