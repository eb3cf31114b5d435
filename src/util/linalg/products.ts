import { createMatrix, type Matrix } from '../matrix.js';
import { assertRowCount } from './operator.js';

/**
 * Dense products on row-major matrices. Every loop runs along rows of the output and of the
 * right-hand factor, so memory is read contiguously; summation order is fixed, so results are
 * identical on every machine.
 */

/** A·B. */
export function multiply(a: Matrix, b: Matrix): Matrix {
  assertRowCount(b, a.cols, 'multiply');
  const out = new Float64Array(a.rows * b.cols);
  const n = b.cols;
  const ad = a.data;
  const bd = b.data;
  for (let i = 0; i < a.rows; i++) {
    const outBase = i * n;
    const aBase = i * a.cols;
    for (let p = 0; p < a.cols; p++) {
      const factor = ad[aBase + p];
      if (factor === 0) continue;
      const bBase = p * n;
      for (let j = 0; j < n; j++) out[outBase + j] += factor * bd[bBase + j];
    }
  }
  return createMatrix(a.rows, n, out);
}

/** Aᵀ·B without forming Aᵀ. */
export function multiplyTransposeLeft(a: Matrix, b: Matrix): Matrix {
  assertRowCount(b, a.rows, 'multiplyTransposeLeft');
  const out = new Float64Array(a.cols * b.cols);
  const n = b.cols;
  const ad = a.data;
  const bd = b.data;
  for (let i = 0; i < a.rows; i++) {
    const aBase = i * a.cols;
    const bBase = i * n;
    for (let p = 0; p < a.cols; p++) {
      const factor = ad[aBase + p];
      if (factor === 0) continue;
      const outBase = p * n;
      for (let j = 0; j < n; j++) out[outBase + j] += factor * bd[bBase + j];
    }
  }
  return createMatrix(a.cols, n, out);
}

export function transpose(a: Matrix): Matrix {
  const out = new Float64Array(a.rows * a.cols);
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < a.cols; j++) out[j * a.rows + i] = a.data[i * a.cols + j];
  }
  return createMatrix(a.cols, a.rows, out);
}

/** Column means of a row-major matrix. */
export function columnMeans(a: Matrix): Float64Array {
  const means = new Float64Array(a.cols);
  for (let i = 0; i < a.rows; i++) {
    const base = i * a.cols;
    for (let j = 0; j < a.cols; j++) means[j] += a.data[base + j];
  }
  if (a.rows > 0) for (let j = 0; j < a.cols; j++) means[j] /= a.rows;
  return means;
}

/** The first `k` columns of `a` (copy). */
export function leadingColumns(a: Matrix, k: number): Matrix {
  const out = new Float64Array(a.rows * k);
  for (let i = 0; i < a.rows; i++) out.set(a.data.subarray(i * a.cols, i * a.cols + k), i * k);
  return createMatrix(a.rows, k, out);
}

/** The first `k` rows of `a` (copy). */
export function leadingRows(a: Matrix, k: number): Matrix {
  return createMatrix(k, a.cols, a.data.slice(0, k * a.cols));
}
