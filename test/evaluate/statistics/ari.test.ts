import { describe, expect, it } from 'vitest';
import { adjustedRandIndex } from '../../../src/evaluate/statistics/ari.js';

describe('adjustedRandIndex', () => {
  it('is 1 for the same partition under other names', () => {
    expect(adjustedRandIndex([0, 0, 1, 1, 2, 2], [5, 5, 3, 3, -1, -1])).toBe(1);
  });

  it('matches a value computed by hand', () => {
    // Contingency [[2,1],[0,3]] (a: 0,0,0,1,1,1; b: 0,0,1,1,1,1): index = 1 + 3 = 4,
    // row pairs 3 + 3 = 6, column pairs 1 + 6 = 7, total 15, expected 42/15 = 2.8,
    // maximum 6.5: ARI = (4 - 2.8) / (6.5 - 2.8) = 1.2 / 3.7.
    expect(adjustedRandIndex([0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 1, 1])).toBeCloseTo(1.2 / 3.7, 12);
  });

  it('is symmetric and near 0 for unrelated labelings', () => {
    const a = Array.from({ length: 2000 }, (_, i) => i % 7);
    const b = Array.from({ length: 2000 }, (_, i) => Math.floor(i / 7) % 5);
    expect(adjustedRandIndex(a, b)).toBeCloseTo(adjustedRandIndex(b, a), 12);
    expect(Math.abs(adjustedRandIndex(a, b))).toBeLessThan(0.01);
  });

  it('treats all-in-one against all-apart as no agreement beyond chance', () => {
    expect(adjustedRandIndex([0, 0, 0, 0], [0, 1, 2, 3])).toBe(0);
    expect(adjustedRandIndex([1, 1, 1], [2, 2, 2])).toBe(1);
  });

  it('rejects labelings of different lengths', () => {
    expect(() => adjustedRandIndex([0, 1], [0])).toThrow(/differ in length/);
  });
});
