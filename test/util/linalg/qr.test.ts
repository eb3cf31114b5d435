import { describe, expect, it } from 'vitest';
import { thinQr } from '../../../src/util/linalg/qr.js';
import { createMatrix } from '../../../src/util/matrix.js';
import { maxDifference, naiveProduct, orthonormalityError, randomMatrix } from './helpers.js';

describe('thinQr', () => {
  it('factorises a tall random matrix into orthonormal Q and upper-triangular R', () => {
    const a = randomMatrix(40, 7, 11);
    const { q, r } = thinQr(a);
    expect(q.rows).toBe(40);
    expect(q.cols).toBe(7);
    expect(orthonormalityError(q)).toBeLessThan(1e-13);
    expect(maxDifference(naiveProduct(q, r).data, a.data)).toBeLessThan(1e-12);
    for (let i = 0; i < 7; i++) {
      expect(r.data[i * 7 + i]).toBeGreaterThanOrEqual(0);
      for (let j = 0; j < i; j++) expect(r.data[i * 7 + j]).toBe(0);
    }
  });

  it('keeps Q orthonormal for rank-deficient input', () => {
    const base = randomMatrix(20, 2, 12);
    // Columns: c0, c1, c0 + c1, 0 → rank 2.
    const data = new Float64Array(20 * 4);
    for (let i = 0; i < 20; i++) {
      data[i * 4] = base.data[i * 2];
      data[i * 4 + 1] = base.data[i * 2 + 1];
      data[i * 4 + 2] = base.data[i * 2] + base.data[i * 2 + 1];
    }
    const a = createMatrix(20, 4, data);
    const { q, r } = thinQr(a);
    expect(orthonormalityError(q)).toBeLessThan(1e-12);
    expect(maxDifference(naiveProduct(q, r).data, a.data)).toBeLessThan(1e-12);
    expect(Math.abs(r.data[2 * 4 + 2])).toBeLessThan(1e-12);
  });

  it('is exact on a known 3 x 2 example', () => {
    // Columns (3, 4, 0) and (1, 1, 1): r11 = 5, r12 = 7/5, r22 = sqrt(3 - 49/25).
    const { r } = thinQr(createMatrix(3, 2, new Float64Array([3, 1, 4, 1, 0, 1])));
    expect(r.data[0]).toBeCloseTo(5, 14);
    expect(r.data[1]).toBeCloseTo(7 / 5, 14);
    expect(r.data[3]).toBeCloseTo(Math.sqrt(3 - 49 / 25), 14);
  });
});
