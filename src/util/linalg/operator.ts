import type { Matrix } from '../matrix.js';

/**
 * A matrix known only through its products, so that algorithms such as the randomized SVD can
 * work on data that is never materialised densely: a centred matrix, a sparse TF-IDF matrix, a
 * Gram matrix. Shapes: A is `rows` x `cols`.
 */
export interface LinearOperator {
  readonly rows: number;
  readonly cols: number;
  /** A·X, where X has `cols` rows; returns a `rows` x X.cols matrix. */
  multiply(x: Matrix): Matrix;
  /** Aᵀ·Y, where Y has `rows` rows; returns a `cols` x Y.cols matrix. */
  multiplyTranspose(y: Matrix): Matrix;
}

/** Throws unless `x` can be multiplied from the left by an operator with `expectedRows` columns. */
export function assertRowCount(x: Matrix, expectedRows: number, what: string): void {
  if (x.rows !== expectedRows) {
    throw new Error(`${what}: the right-hand matrix has ${x.rows} rows, expected ${expectedRows}`);
  }
}
