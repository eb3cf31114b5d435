import { assertRowCount, type LinearOperator } from './linalg/operator.js';
import { createMatrix, type Matrix } from './matrix.js';

/**
 * A compressed-sparse-row matrix: a document-term matrix for a million documents fits in
 * memory only this way. Row i's entries are `values[rowStart[i] .. rowStart[i+1])` at columns
 * `columns[...]`.
 */
export interface CsrMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly rowStart: Uint32Array;
  readonly columns: Uint32Array;
  readonly values: Float64Array;
}

/** Builds a CSR matrix from one (column -> value) map per row. */
export function csrFromRows(rows: ReadonlyArray<ReadonlyMap<number, number>>, cols: number): CsrMatrix {
  const rowStart = new Uint32Array(rows.length + 1);
  let nonZeros = 0;
  rows.forEach((row, i) => {
    nonZeros += row.size;
    rowStart[i + 1] = nonZeros;
  });
  const columns = new Uint32Array(nonZeros);
  const values = new Float64Array(nonZeros);
  rows.forEach((row, i) => {
    let k = rowStart[i];
    for (const [column, value] of [...row].sort((a, b) => a[0] - b[0])) {
      columns[k] = column;
      values[k++] = value;
    }
  });
  return { rows: rows.length, cols, rowStart, columns, values };
}

/** A CSR matrix as a LinearOperator (for the randomized SVD). */
export function csrOperator(matrix: CsrMatrix): LinearOperator {
  return {
    rows: matrix.rows,
    cols: matrix.cols,
    multiply(x: Matrix): Matrix {
      assertRowCount(x, matrix.cols, 'csrOperator.multiply');
      const out = createMatrix(matrix.rows, x.cols);
      for (let i = 0; i < matrix.rows; i++) {
        const target = i * x.cols;
        for (let k = matrix.rowStart[i]; k < matrix.rowStart[i + 1]; k++) {
          const value = matrix.values[k];
          const source = matrix.columns[k] * x.cols;
          for (let j = 0; j < x.cols; j++) out.data[target + j] += value * x.data[source + j];
        }
      }
      return out;
    },
    multiplyTranspose(y: Matrix): Matrix {
      assertRowCount(y, matrix.rows, 'csrOperator.multiplyTranspose');
      const out = createMatrix(matrix.cols, y.cols);
      for (let i = 0; i < matrix.rows; i++) {
        const source = i * y.cols;
        for (let k = matrix.rowStart[i]; k < matrix.rowStart[i + 1]; k++) {
          const value = matrix.values[k];
          const target = matrix.columns[k] * y.cols;
          for (let j = 0; j < y.cols; j++) out.data[target + j] += value * y.data[source + j];
        }
      }
      return out;
    },
  };
}
