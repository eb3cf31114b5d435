/**
 * A dense row-major matrix of float64 values: the common currency between the embed,
 * reduce and cluster stages. Typed arrays keep millions of points cheap to move around.
 */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

export function createMatrix(rows: number, cols: number, data?: Float64Array): Matrix {
  const values = data ?? new Float64Array(rows * cols);
  if (values.length !== rows * cols) {
    throw new Error(`matrix data has ${values.length} values, expected ${rows} x ${cols} = ${rows * cols}`);
  }
  return { rows, cols, data: values };
}

/** A view (no copy) of row `i`. */
export function rowOf(matrix: Matrix, i: number): Float64Array {
  return matrix.data.subarray(i * matrix.cols, (i + 1) * matrix.cols);
}

export function fromRows(rows: ArrayLike<number>[]): Matrix {
  const cols = rows.length === 0 ? 0 : rows[0].length;
  const data = new Float64Array(rows.length * cols);
  rows.forEach((row, i) => {
    if (row.length !== cols) throw new Error(`row ${i} has ${row.length} values, expected ${cols}`);
    for (let j = 0; j < cols; j++) data[i * cols + j] = row[j];
  });
  return { rows: rows.length, cols, data };
}

export function toRows(matrix: Matrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < matrix.rows; i++) out.push(Array.from(rowOf(matrix, i)));
  return out;
}

/** Rows scaled to unit L2 norm (zero rows stay zero): cosine geometry as euclidean geometry. */
export function normalizeRows(matrix: Matrix): Matrix {
  const out = new Float64Array(matrix.data);
  for (let i = 0; i < matrix.rows; i++) {
    let sum = 0;
    const base = i * matrix.cols;
    for (let j = 0; j < matrix.cols; j++) sum += out[base + j] * out[base + j];
    const norm = Math.sqrt(sum);
    if (norm > 0) for (let j = 0; j < matrix.cols; j++) out[base + j] /= norm;
  }
  return { rows: matrix.rows, cols: matrix.cols, data: out };
}

/** Selects rows by index (copy), e.g. to cluster a sample. */
export function selectRows(matrix: Matrix, indices: ArrayLike<number>): Matrix {
  const out = new Float64Array(indices.length * matrix.cols);
  for (let k = 0; k < indices.length; k++) {
    out.set(rowOf(matrix, indices[k]), k * matrix.cols);
  }
  return { rows: indices.length, cols: matrix.cols, data: out };
}
