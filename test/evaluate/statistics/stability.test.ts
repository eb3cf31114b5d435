import { describe, expect, it } from 'vitest';
import { adjustedRandIndex } from '../../../src/evaluate/statistics/ari.js';
import { meanSd, seedAgreement } from '../../../src/evaluate/statistics/stability.js';
import { createRandom } from '../../../src/util/random.js';

describe('stability across seeds', () => {
  const random = createRandom(3);
  const labels = Int32Array.from({ length: 300 }, () => random.int(6) - 1);

  it('gives ARI 1 and keeps every pair together for identical clusterings, whatever the label names', () => {
    const renamed = labels.map((l) => (l === -1 ? -1 : 10 + ((l * 7) % 5)));
    const agreement = seedAgreement([labels, labels, renamed]);
    expect(agreement.ari.mean).toBe(1);
    expect(agreement.ari.min).toBe(1);
    expect(agreement.keptTogether).toBe(1);
  });

  it('is low for unrelated clusterings, and the co-assignment share matches brute force', () => {
    const other = Int32Array.from({ length: 300 }, () => random.int(6) - 1);
    const third = Int32Array.from(labels, (l, i) => (i % 10 === 0 ? other[i] : l));
    const agreement = seedAgreement([labels, other, third]);
    expect(agreement.ari.n).toBe(3);
    expect(agreement.ari.mean).toBeCloseTo((adjustedRandIndex(labels, other) + adjustedRandIndex(labels, third) + adjustedRandIndex(other, third)) / 3, 12);
    let all = 0;
    let any = 0;
    const together = (l: Int32Array, i: number, j: number): boolean => l[i] !== -1 && l[i] === l[j];
    for (let i = 0; i < 300; i++) for (let j = i + 1; j < 300; j++) {
      const t = [labels, other, third].map((l) => together(l, i, j));
      if (t.every(Boolean)) all++;
      if (t.some(Boolean)) any++;
    }
    expect(agreement.keptTogether).toBeCloseTo(all / any, 12);
  });

  it('summarises a figure over seeds, leaving undefined values out', () => {
    expect(meanSd([1, 2, 3, Number.NaN])).toMatchObject({ mean: 2, sd: 1, min: 1, max: 3, n: 3, undefined: 1 });
    expect(Number.isNaN(meanSd([4]).sd)).toBe(true);
  });
});
