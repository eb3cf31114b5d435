import { createMatrix, type Matrix } from '../../../src/util/matrix.js';
import { createRandom } from '../../../src/util/random.js';

export function randomMatrix(rows: number, cols: number, seed: number): Matrix {
  const random = createRandom(seed);
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = random.normal();
  return createMatrix(rows, cols, data);
}

/** Largest |a - b| entry-wise. */
export function maxDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} vs ${b.length}`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

/** Naive triple loop, the reference the fast products are checked against. */
export function naiveProduct(a: Matrix, b: Matrix): Matrix {
  const out = new Float64Array(a.rows * b.cols);
  for (let i = 0; i < a.rows; i++)
    for (let j = 0; j < b.cols; j++) {
      let sum = 0;
      for (let p = 0; p < a.cols; p++) sum += a.data[i * a.cols + p] * b.data[p * b.cols + j];
      out[i * b.cols + j] = sum;
    }
  return createMatrix(a.rows, b.cols, out);
}

/** Max |QᵀQ - I| for a matrix with orthonormal columns. */
export function orthonormalityError(q: Matrix): number {
  let worst = 0;
  for (let a = 0; a < q.cols; a++)
    for (let b = 0; b < q.cols; b++) {
      let sum = 0;
      for (let i = 0; i < q.rows; i++) sum += q.data[i * q.cols + a] * q.data[i * q.cols + b];
      worst = Math.max(worst, Math.abs(sum - (a === b ? 1 : 0)));
    }
  return worst;
}
