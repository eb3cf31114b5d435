import { describe, expect, it } from 'vitest';
import { fitPca } from '../../src/reduce/pca/fit.js';
import { thinSvd } from '../../src/util/linalg/svd.js';
import { createMatrix, type Matrix } from '../../src/util/matrix.js';
import { createRandom } from '../../src/util/random.js';

/** Correlated data: a random linear map of independent normals with decaying scales. */
function correlated(n: number, d: number, seed: number): Matrix {
  const random = createRandom(seed);
  const latent = Float64Array.from({ length: n * d }, (_, i) => random.normal() * 3 * 0.7 ** (i % d) + 5);
  const mix = Float64Array.from({ length: d * d }, () => random.normal());
  const out = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) for (let p = 0; p < d; p++) out[i * d + j] += latent[i * d + p] * mix[p * d + j];
  return createMatrix(n, d, out);
}

function centred(data: Matrix): Matrix {
  const means = new Float64Array(data.cols);
  for (let i = 0; i < data.rows; i++) for (let j = 0; j < data.cols; j++) means[j] += data.data[i * data.cols + j] / data.rows;
  return createMatrix(data.rows, data.cols, data.data.map((v, i) => v - means[i % data.cols]));
}

describe('fitPca', () => {
  const data = correlated(300, 12, 1);
  const reference = thinSvd(centred(data));

  for (const solver of ['covariance', 'randomized'] as const) {
    it(`${solver}: explained variance equals a full SVD to 1e-6`, () => {
      const model = fitPca(data, { nComponents: 4, solver });
      let total = 0;
      for (const s of reference.s) total += (s * s) / 299;
      for (let c = 0; c < 4; c++) {
        const expected = (reference.s[c] * reference.s[c]) / 299;
        expect(Math.abs(model.explainedVariance[c] - expected)).toBeLessThan(1e-6 * expected);
        expect(model.explainedVarianceRatio[c]).toBeCloseTo(expected / total, 9);
        expect(model.singularValues[c]).toBeCloseTo(reference.s[c], 6);
        // Same direction as the SVD's right singular vector, signed by its largest entry.
        let overlap = 0;
        let largest = 0;
        for (let j = 0; j < 12; j++) {
          const v = model.components.data[c * 12 + j];
          overlap += v * reference.vt.data[c * 12 + j];
          if (Math.abs(v) > Math.abs(largest)) largest = v;
        }
        expect(Math.abs(Math.abs(overlap) - 1)).toBeLessThan(1e-6);
        expect(largest).toBeGreaterThan(0);
      }
    });
  }

  it('transforms new points, and whitening gives unit variance', () => {
    const model = fitPca(data, { nComponents: 3, whiten: true });
    const projected = model.transform(data);
    for (let c = 0; c < 3; c++) {
      let sum = 0;
      let squares = 0;
      for (let i = 0; i < 300; i++) {
        sum += projected.data[i * 3 + c];
        squares += projected.data[i * 3 + c] ** 2;
      }
      expect(sum / 300).toBeCloseTo(0, 9);
      expect(squares / 299).toBeCloseTo(1, 9);
    }
    const one = model.transform(createMatrix(1, 12, data.data.slice(0, 12)));
    expect(Array.from(one.data)).toEqual(Array.from(projected.data.slice(0, 3)));
    expect(() => model.transform(createMatrix(1, 5))).toThrow(/5 values, the model expects 12/);
  });

  it('rejects impossible component counts and non-finite values', () => {
    expect(() => fitPca(data, { nComponents: 13 })).toThrow(/1\.\.12/);
    expect(() => fitPca(createMatrix(2, 2, Float64Array.from([1, Infinity, 0, 0])), { nComponents: 1 })).toThrow(/row 0/);
  });
});
