import { describe, expect, it } from 'vitest';
import { createRandom, shuffleInPlace } from '../../src/util/random.js';

describe('seeded random', () => {
  it('gives the same stream for the same seed, on any machine (32-bit integer arithmetic only)', () => {
    const a = createRandom(42);
    const first = Array.from({ length: 5 }, () => a.uint32());
    // Golden values: a change here would silently change every seeded result users have published.
    expect(first).toEqual([1028872839, 2516511472, 400437680, 853279530, 1920286840]);
    expect(createRandom(43).uint32()).not.toBe(first[0]);
  });

  it('is uniform enough and normal deviates have mean 0 and variance 1', () => {
    const random = createRandom(1);
    const n = 200_000;
    let sum = 0;
    let sumNormal = 0;
    let sumSquares = 0;
    const buckets = new Array(10).fill(0);
    let outOfRange = 0;
    for (let i = 0; i < n; i++) {
      const u = random.next();
      if (!(u >= 0 && u < 1)) outOfRange++;
      sum += u;
      buckets[Math.floor(u * 10)]++;
      const z = random.normal();
      sumNormal += z;
      sumSquares += z * z;
    }
    expect(outOfRange).toBe(0);
    expect(sum / n).toBeCloseTo(0.5, 2);
    for (const count of buckets) expect(Math.abs(count - n / 10)).toBeLessThan(n / 100);
    expect(sumNormal / n).toBeCloseTo(0, 1);
    expect(sumSquares / n).toBeCloseTo(1, 1);
  });

  it('shuffles reproducibly, keeping every element', () => {
    const a = shuffleInPlace([...Array(20).keys()], createRandom(9));
    const b = shuffleInPlace([...Array(20).keys()], createRandom(9));
    expect(a).toEqual(b);
    expect([...a].sort((x, y) => x - y)).toEqual([...Array(20).keys()]);
  });
});
