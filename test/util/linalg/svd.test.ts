import { describe, expect, it } from 'vitest';
import { denseOperator } from '../../../src/util/linalg/dense.js';
import { multiply, multiplyTransposeLeft, transpose } from '../../../src/util/linalg/products.js';
import { randomizedSvd } from '../../../src/util/linalg/randomized-svd.js';
import { flipSigns } from '../../../src/util/linalg/signs.js';
import { symmetricEigen } from '../../../src/util/linalg/symmetric-eigen.js';
import { thinSvd } from '../../../src/util/linalg/svd.js';
import { createMatrix, type Matrix } from '../../../src/util/matrix.js';
import { createRandom } from '../../../src/util/random.js';
import { maxDifference, orthonormalityError, randomMatrix } from './helpers.js';

/** Singular values from the full eigendecomposition of AᵀA: the exact reference. */
function singularValuesFromGram(a: Matrix): Float64Array {
  return symmetricEigen(multiplyTransposeLeft(a, a)).values.map((v) => Math.sqrt(Math.max(v, 0)));
}

/** A rows x cols matrix with prescribed singular values (decaying), for well-posed comparisons. */
function matrixWithSpectrum(rows: number, cols: number, spectrum: number[], seed: number): Matrix {
  const left = thinSvd(randomMatrix(rows, spectrum.length, seed)).u;
  const right = thinSvd(randomMatrix(cols, spectrum.length, seed + 1)).u;
  const scaled = createMatrix(rows, spectrum.length, left.data.map((v, i) => v * spectrum[i % spectrum.length]));
  return multiply(scaled, transpose(right));
}

describe('thinSvd', () => {
  it('reconstructs tall and wide matrices and matches the eigenvalues of AᵀA', () => {
    for (const [rows, cols] of [
      [30, 8],
      [8, 30],
    ]) {
      const a = randomMatrix(rows, cols, rows * 7 + cols);
      const { u, s, vt } = thinSvd(a);
      const k = Math.min(rows, cols);
      expect(s.length).toBe(k);
      expect(orthonormalityError(u)).toBeLessThan(1e-12);
      expect(orthonormalityError(transpose(vt))).toBeLessThan(1e-12);
      const us = createMatrix(rows, k, u.data.map((v, i) => v * s[i % k]));
      expect(maxDifference(multiply(us, vt).data, a.data)).toBeLessThan(1e-12);
      const reference = rows >= cols ? singularValuesFromGram(a) : singularValuesFromGram(transpose(a));
      expect(maxDifference(s, reference.slice(0, k))).toBeLessThan(1e-8);
    }
  });
});

describe('randomizedSvd', () => {
  it('recovers the leading singular triplets of a matrix with a decaying spectrum to 1e-8', () => {
    const spectrum = Array.from({ length: 20 }, (_, i) => 10 * 0.6 ** i);
    const a = matrixWithSpectrum(60, 35, spectrum, 31);
    const k = 5;
    const result = randomizedSvd(denseOperator(a), k, { random: createRandom(7) });
    const exact = thinSvd(a);
    const exactU = createMatrix(60, k, new Float64Array(60 * k));
    const exactVt = createMatrix(k, 35, exact.vt.data.slice(0, k * 35));
    for (let i = 0; i < 60; i++) for (let j = 0; j < k; j++) exactU.data[i * k + j] = exact.u.data[i * exact.u.cols + j];
    flipSigns(exactU, exactVt, 'u');
    expect(maxDifference(result.s, singularValuesFromGram(a).slice(0, k))).toBeLessThan(1e-8);
    expect(maxDifference(result.u.data, exactU.data)).toBeLessThan(1e-8);
    expect(maxDifference(result.vt.data, exactVt.data)).toBeLessThan(1e-8);
  });

  it('is exact (to rounding) when k + oversamples covers the rank', () => {
    const a = randomMatrix(25, 12, 41);
    const result = randomizedSvd(denseOperator(a), 4, { random: createRandom(1), oversamples: 8 });
    expect(maxDifference(result.s, singularValuesFromGram(a).slice(0, 4))).toBeLessThan(1e-9);
  });

  it('works through a centred operator like PCA', () => {
    const a = randomMatrix(50, 10, 51);
    const op = denseOperator(a, { center: true });
    const centred = createMatrix(50, 10, a.data.map((v, i) => v - op.means![i % 10]));
    const result = randomizedSvd(op, 10, { random: createRandom(3) });
    expect(maxDifference(result.s, singularValuesFromGram(centred))).toBeLessThan(1e-9);
  });

  it('gives the same result for the same seed and signs by the largest entry of u', () => {
    const a = randomMatrix(30, 20, 61);
    const first = randomizedSvd(denseOperator(a), 3, { random: createRandom(5) });
    const second = randomizedSvd(denseOperator(a), 3, { random: createRandom(5) });
    expect(Array.from(first.u.data)).toEqual(Array.from(second.u.data));
    for (let j = 0; j < 3; j++) {
      let best = 0;
      for (let i = 0; i < 30; i++) if (Math.abs(first.u.data[i * 3 + j]) > Math.abs(best)) best = first.u.data[i * 3 + j];
      expect(best).toBeGreaterThan(0);
    }
  });

  it('rejects an impossible k', () => {
    expect(() => randomizedSvd(denseOperator(randomMatrix(5, 3, 1)), 4, { random: createRandom(1) })).toThrow(/1\.\.3/);
  });
});
