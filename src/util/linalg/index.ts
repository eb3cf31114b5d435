/**
 * Linear algebra on row-major Float64 matrices: products, a LinearOperator abstraction for
 * matrices known only by their products, thin QR, a small dense SVD, a symmetric
 * eigendecomposition and a randomized truncated SVD.
 */
export type { LinearOperator } from './operator.js';
export { denseOperator, type DenseOperator, type DenseOperatorOptions } from './dense.js';
export { multiply, multiplyTransposeLeft, transpose, columnMeans, leadingColumns, leadingRows } from './products.js';
export { thinQr, type ThinQr } from './qr.js';
export { thinSvd, type Svd } from './svd.js';
export { symmetricEigen, type SymmetricEigen } from './symmetric-eigen.js';
export { randomizedSvd, type RandomizedSvdOptions } from './randomized-svd.js';
export { flipSigns } from './signs.js';
export { largestEigenpairs, type Eigenpairs, type LargestEigenpairsOptions } from './lanczos.js';
export { multiplyByTranspose, type RowProductOptions } from './row-products.js';
