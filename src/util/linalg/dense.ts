import type { Matrix } from '../matrix.js';
import { assertRowCount, type LinearOperator } from './operator.js';
import { columnMeans, multiply, multiplyTransposeLeft } from './products.js';

export interface DenseOperatorOptions {
  /**
   * Act as the column-centred matrix A - 1·μᵀ (μ the column means) without building it, as PCA
   * needs: (A - 1μᵀ)X = AX - 1(μᵀX) and (A - 1μᵀ)ᵀY = AᵀY - μ(1ᵀY).
   */
  readonly center?: boolean;
}

export interface DenseOperator extends LinearOperator {
  readonly matrix: Matrix;
  /** The subtracted column means when centred, otherwise null. */
  readonly means: Float64Array | null;
}

/** A dense matrix as a LinearOperator, optionally centred. */
export function denseOperator(matrix: Matrix, options: DenseOperatorOptions = {}): DenseOperator {
  const means = options.center ? columnMeans(matrix) : null;
  return {
    rows: matrix.rows,
    cols: matrix.cols,
    matrix,
    means,
    multiply(x: Matrix): Matrix {
      assertRowCount(x, matrix.cols, 'denseOperator.multiply');
      const product = multiply(matrix, x);
      if (means) {
        // Subtract the same row, μᵀX, from every row of AX.
        const shift = multiplyTransposeLeft({ rows: matrix.cols, cols: 1, data: means }, x).data;
        subtractFromEveryRow(product, shift);
      }
      return product;
    },
    multiplyTranspose(y: Matrix): Matrix {
      assertRowCount(y, matrix.rows, 'denseOperator.multiplyTranspose');
      const product = multiplyTransposeLeft(matrix, y);
      if (means) {
        const columnSums = new Float64Array(y.cols);
        for (let i = 0; i < y.rows; i++) {
          for (let j = 0; j < y.cols; j++) columnSums[j] += y.data[i * y.cols + j];
        }
        for (let p = 0; p < matrix.cols; p++) {
          const mean = means[p];
          for (let j = 0; j < y.cols; j++) product.data[p * y.cols + j] -= mean * columnSums[j];
        }
      }
      return product;
    },
  };
}

function subtractFromEveryRow(target: Matrix, row: Float64Array): void {
  for (let i = 0; i < target.rows; i++) {
    const base = i * target.cols;
    for (let j = 0; j < target.cols; j++) target.data[base + j] -= row[j];
  }
}
