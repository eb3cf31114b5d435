import { describe, expect, it } from 'vitest';
import { symmetricEigen } from '../../../src/util/linalg/symmetric-eigen.js';
import { multiplyTransposeLeft } from '../../../src/util/linalg/products.js';
import { createMatrix } from '../../../src/util/matrix.js';
import { randomMatrix } from './helpers.js';

describe('symmetricEigen', () => {
  it('solves a 2 x 2 example exactly', () => {
    const { values, vectors } = symmetricEigen(createMatrix(2, 2, new Float64Array([2, 1, 1, 2])));
    expect(values[0]).toBeCloseTo(3, 14);
    expect(values[1]).toBeCloseTo(1, 14);
    expect(vectors.data[0]).toBeCloseTo(Math.SQRT1_2, 14);
    expect(vectors.data[1]).toBeCloseTo(Math.SQRT1_2, 14);
  });

  it('satisfies A·v = λ·v with orthonormal vectors on a random Gram matrix', () => {
    const n = 25;
    const gram = multiplyTransposeLeft(randomMatrix(40, n, 21), randomMatrix(40, n, 21));
    const { values, vectors } = symmetricEigen(gram);
    let trace = 0;
    for (let i = 0; i < n; i++) trace += gram.data[i * n + i];
    expect(values.reduce((s, v) => s + v, 0)).toBeCloseTo(trace, 9);
    for (let j = 0; j < n; j++) {
      if (j > 0) expect(values[j]).toBeLessThanOrEqual(values[j - 1]);
      const v = vectors.data.subarray(j * n, (j + 1) * n);
      for (let i = 0; i < n; i++) {
        let av = 0;
        for (let k = 0; k < n; k++) av += gram.data[i * n + k] * v[k];
        expect(Math.abs(av - values[j] * v[i])).toBeLessThan(1e-9);
      }
      for (let other = 0; other < n; other++) {
        let dot = 0;
        for (let k = 0; k < n; k++) dot += v[k] * vectors.data[other * n + k];
        expect(Math.abs(dot - (other === j ? 1 : 0))).toBeLessThan(1e-12);
      }
    }
  });

  it('handles repeated eigenvalues and a diagonal matrix', () => {
    const { values } = symmetricEigen(createMatrix(3, 3, new Float64Array([1, 0, 0, 0, 5, 0, 0, 0, 1])));
    expect(Array.from(values)).toEqual([5, 1, 1]);
  });
});
