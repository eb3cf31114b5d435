import { describe, expect, it } from 'vitest';
import { largestEigenpairs } from '../../../src/util/linalg/lanczos.js';
import { multiplyTransposeLeft } from '../../../src/util/linalg/products.js';
import { symmetricEigen } from '../../../src/util/linalg/symmetric-eigen.js';
import type { Matrix } from '../../../src/util/matrix.js';
import { randomMatrix } from './helpers.js';

function applyDense(a: Matrix) {
  return (x: Float64Array, y: Float64Array) => {
    for (let i = 0; i < a.rows; i++) {
      let sum = 0;
      for (let j = 0; j < a.cols; j++) sum += a.data[i * a.cols + j] * x[j];
      y[i] = sum;
    }
  };
}

describe('largestEigenpairs (thick-restart Lanczos)', () => {
  const n = 80;
  const b = randomMatrix(100, n, 71);
  const gram = multiplyTransposeLeft(b, b);
  const exact = symmetricEigen(gram);

  it('finds the largest eigenpairs of a symmetric matrix, restarting a small basis', () => {
    const result = largestEigenpairs(applyDense(gram), n, 4, { start: new Float64Array(n).fill(1), basisSize: 12 });
    expect(result.converged).toBe(true);
    expect(result.restarts).toBeGreaterThan(0);
    for (let r = 0; r < 4; r++) {
      expect(Math.abs(result.values[r] - exact.values[r])).toBeLessThan(1e-8 * exact.values[0]);
      const reference = exact.vectors.data.subarray(r * n, (r + 1) * n);
      let overlap = 0;
      for (let i = 0; i < n; i++) overlap += reference[i] * result.vectors[r][i];
      expect(Math.abs(Math.abs(overlap) - 1)).toBeLessThan(1e-8);
    }
  });

  it('skips deflated directions', () => {
    const top = Float64Array.from(exact.vectors.data.subarray(0, n));
    const result = largestEigenpairs(applyDense(gram), n, 2, { start: new Float64Array(n).fill(1), deflate: [top] });
    expect(Math.abs(result.values[0] - exact.values[1])).toBeLessThan(1e-7 * exact.values[0]);
    expect(Math.abs(result.values[1] - exact.values[2])).toBeLessThan(1e-7 * exact.values[0]);
  });

  it('handles an operator with a small invariant subspace (rank 3)', () => {
    const low = multiplyTransposeLeft(randomMatrix(3, 20, 72), randomMatrix(3, 20, 72));
    const reference = symmetricEigen(low);
    const result = largestEigenpairs(applyDense(low), 20, 3, { start: new Float64Array(20).fill(1) });
    for (let r = 0; r < 3; r++) expect(Math.abs(result.values[r] - reference.values[r])).toBeLessThan(1e-8);
  });
});
