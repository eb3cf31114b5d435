import { describe, expect, it } from 'vitest';
import {
  bootstrap,
  categoricalSampler,
  intervalOf,
  percentileInterval,
  quantileOfSorted,
  resampleIndices,
  shareBelow,
  summarizeReplicates,
} from '../../../src/evaluate/statistics/bootstrap.js';
import { createRandom } from '../../../src/util/random.js';

describe('quantiles and intervals', () => {
  it('interpolates linearly between order statistics (Hyndman & Fan type 7)', () => {
    const sorted = Float64Array.from([1, 2, 3, 4, 5]);
    expect(quantileOfSorted(sorted, 0)).toBe(1);
    expect(quantileOfSorted(sorted, 1)).toBe(5);
    expect(quantileOfSorted(sorted, 0.5)).toBe(3);
    // (n - 1) p = 4 * 0.1 = 0.4: 1 + 0.4 * (2 - 1), as R's quantile(1:5, 0.1) gives.
    expect(quantileOfSorted(sorted, 0.1)).toBeCloseTo(1.4, 12);
    const ends = percentileInterval(Float64Array.from({ length: 101 }, (_, i) => i), 0.9);
    expect(ends.lower).toBeCloseTo(5, 12);
    expect(ends.upper).toBeCloseTo(95, 12);
  });

  it('leaves undefined replicates out and counts them', () => {
    const summary = summarizeReplicates(0.5, [0.2, Number.NaN, 0.8, 0.4, Number.NaN, 0.6], 0.5);
    expect(summary.undefinedReplicates).toBe(2);
    expect([...summary.replicates]).toEqual([0.2, 0.4, 0.6, 0.8]);
    expect(shareBelow(summary, 0.5)).toBe(0.5);
    expect(shareBelow(summary, 0.2)).toBe(0);
    expect(intervalOf(summary)).toMatchObject({ estimate: 0.5, replicates: 6, undefinedReplicates: 2 });
  });

  it('rejects a level outside (0, 1) and a bad number of replicates', () => {
    expect(() => summarizeReplicates(0, [1, 2], 1)).toThrow(/level must lie in \(0, 1\)/);
    expect(() => bootstrap(0, () => 0, { replicates: 0 })).toThrow(/positive integer/);
  });
});

describe('resampling', () => {
  it('gives the same replicates for the same seed, and different ones for another seed', () => {
    const data = Float64Array.from({ length: 50 }, (_, i) => Math.sin(i) * 3);
    const mean = (indices: Int32Array): number => indices.reduce((s, i) => s + data[i], 0) / indices.length;
    const run = (seed: number) => bootstrap(0, (random) => mean(resampleIndices(data.length, random)), { seed, replicates: 300 });
    expect([...run(1).replicates]).toEqual([...run(1).replicates]);
    expect([...run(1).replicates]).not.toEqual([...run(2).replicates]);
  });

  it('the bootstrap standard error of a mean is close to s / sqrt(n)', () => {
    const random = createRandom(11);
    const data = Float64Array.from({ length: 200 }, () => random.normal());
    const n = data.length;
    const mean = data.reduce((s, x) => s + x, 0) / n;
    const sd = Math.sqrt(data.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1));
    const result = bootstrap(mean, (r) => resampleIndices(n, r).reduce((s, i) => s + data[i], 0) / n, { seed: 4, replicates: 4000 });
    expect(result.standardError / (sd / Math.sqrt(n))).toBeGreaterThan(0.9);
    expect(result.standardError / (sd / Math.sqrt(n))).toBeLessThan(1.1);
    expect(result.lower).toBeLessThan(mean);
    expect(result.upper).toBeGreaterThan(mean);
  });

  it('draws categories in proportion to their weights and never a zero-weight one', () => {
    const sample = categoricalSampler([1, 0, 3]);
    const random = createRandom(5);
    const counts = [0, 0, 0];
    for (let i = 0; i < 40000; i++) counts[sample(random)]++;
    expect(counts[1]).toBe(0);
    expect(counts[2] / counts[0]).toBeGreaterThan(2.8);
    expect(counts[2] / counts[0]).toBeLessThan(3.2);
    expect(() => categoricalSampler([0, 0])).toThrow(/must not all be zero/);
  });
});
