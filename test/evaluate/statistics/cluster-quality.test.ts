import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { clusterQuality, compareClusterQuality, meanPairRatings } from '../../../src/evaluate/statistics/cluster-quality.js';
import { parsePairsCsv, parseRatingsCsv } from '../../../src/evaluate/coding/pairs-csv.js';
import type { ImagePair, PairRating } from '../../../src/evaluate/coding/types.js';
import { createRandom, shuffleInPlace } from '../../../src/util/random.js';

// A hand-worked example: a, b in cluster 0; c, d, f in cluster 1; e is noise.
const clustering = new Map([
  ['a', 0],
  ['b', 0],
  ['c', 1],
  ['d', 1],
  ['e', -1],
  ['f', 1],
]);
const pairs: ImagePair[] = [
  { pairId: 'p1', imageA: 'a', imageB: 'b' },
  { pairId: 'p2', imageA: 'c', imageB: 'd' },
  { pairId: 'p3', imageA: 'a', imageB: 'c' },
  { pairId: 'p4', imageA: 'b', imageB: 'd' },
  { pairId: 'p5', imageA: 'a', imageB: 'e' },
  { pairId: 'p6', imageA: 'c', imageB: 'f' },
];
const rate = (pairId: string, coder: string, denotative: number | null, connotative: number | null): PairRating => ({
  pairId,
  coder,
  denotative,
  connotative,
});
const ratings: PairRating[] = [
  rate('p1', 'x', 3, 3), rate('p1', 'y', 2, 3),
  rate('p2', 'x', 3, 2), rate('p2', 'y', null, 2),
  rate('p3', 'x', 1, 1), rate('p3', 'y', 1, 2),
  rate('p4', 'x', 2, 1), rate('p4', 'y', 1, 1),
  rate('p5', 'x', 1, 3), rate('p5', 'y', 1, 3),
  rate('p6', 'x', null, null), rate('p6', 'y', null, null),
];

describe('cluster quality (Grimmer & King)', () => {
  it('averages coders per pair, skipping missing ratings and unrated pairs', () => {
    const means = meanPairRatings(pairs, ratings, 'denotative');
    expect(means.get('p1')).toBe(2.5);
    expect(means.get('p2')).toBe(3);
    expect(means.has('p6')).toBe(false);
  });

  it('is mean(same) - mean(different) per dimension, noise pairs counted as different', () => {
    const result = clusterQuality(pairs, ratings, clustering, { replicates: 200 });
    const denotative = result.dimensions.denotative!;
    // same: p1 2.5, p2 3 -> 2.75; different: p3 1, p4 1.5, p5 1 -> 7/6.
    expect(denotative.meanSame).toBeCloseTo(2.75, 12);
    expect(denotative.meanDifferent).toBeCloseTo(7 / 6, 12);
    expect(denotative.quality).toBeCloseTo(2.75 - 7 / 6, 12);
    expect([denotative.sameCount, denotative.differentCount]).toEqual([2, 3]);
    // connotative: same 3, 2 -> 2.5; different 1.5, 1, 3 -> 11/6.
    expect(result.dimensions.connotative!.quality).toBeCloseTo(2.5 - 11 / 6, 12);
    expect(result.noiseShare).toBeCloseTo(1 / 6, 12);
    expect(result.pairsWithNoise).toBe(1);
    expect(result.pairsDropped).toBe(0);
  });

  it('can drop pairs with a noise point instead', () => {
    const result = clusterQuality(pairs, ratings, clustering, { noise: 'drop', replicates: 200 });
    expect(result.dimensions.denotative!.quality).toBeCloseTo(2.75 - 1.25, 12);
    expect(result.dimensions.connotative!.quality).toBeCloseTo(2.5 - 1.25, 12);
    expect(result.pairsDropped).toBe(1);
    expect(result.noise).toBe('drop');
  });

  it('gives a reproducible bootstrap interval over pairs', () => {
    const first = clusterQuality(pairs, ratings, clustering, { seed: 3, replicates: 500 });
    const again = clusterQuality(pairs, ratings, clustering, { seed: 3, replicates: 500 });
    expect(again.dimensions.denotative!.interval).toEqual(first.dimensions.denotative!.interval);
    const interval = first.dimensions.denotative!.interval;
    expect(interval.replicates).toBe(500);
    // Tiny samples: some resamples lack a group; they are counted, not hidden.
    expect(interval.undefinedReplicates).toBeGreaterThan(0);
    expect(interval.lower).toBeLessThanOrEqual(interval.estimate);
    expect(interval.upper).toBeGreaterThanOrEqual(interval.estimate);
  });

  it('is NaN, with every replicate undefined, when no pair is in one cluster', () => {
    const apart = new Map([...clustering].map(([id], i) => [id, i]));
    const result = clusterQuality(pairs, ratings, apart, { replicates: 50 });
    expect(result.dimensions.denotative!.quality).toBeNaN();
    expect(result.dimensions.denotative!.interval.undefinedReplicates).toBe(50);
  });

  it('names the pair and image when an image is not in the clustering, or drops it on request', () => {
    const partial = new Map([...clustering].filter(([id]) => id !== 'f'));
    expect(() => clusterQuality(pairs, ratings, partial)).toThrow("pair 'p6': image 'f' is not in the clustering");
    expect(clusterQuality(pairs, ratings, partial, { unknownImages: 'drop', replicates: 10 }).pairsDropped).toBe(1);
    expect(() => clusterQuality(pairs, [rate('p9', 'x', 1, 1)], clustering)).toThrow(
      "coder 'x' rated pair 'p9', which is not among the pairs",
    );
  });
});

describe('comparing two clusterings on the same pairs', () => {
  it('is exactly zero against itself, on every resample', () => {
    const { differences } = compareClusterQuality(pairs, ratings, clustering, clustering, { replicates: 100 });
    expect(differences.denotative!.difference).toBe(0);
    expect(differences.denotative!.interval.lower).toBe(0);
    expect(differences.denotative!.interval.upper).toBe(0);
  });

  it('equals quality(A) - quality(B)', () => {
    const lumped = new Map([...clustering].map(([id, label]) => [id, label === -1 ? -1 : 0]));
    const result = compareClusterQuality(pairs, ratings, clustering, lumped, { replicates: 100 });
    // B: same p1 2.5, p2 3, p3 1, p4 1.5 -> 2; different p5 1 -> quality 1.
    expect(result.b.dimensions.denotative!.quality).toBeCloseTo(1, 12);
    expect(result.differences.denotative!.difference).toBeCloseTo(2.75 - 7 / 6 - 1, 12);
  });
});

describe('cluster quality on the climate-demo ratings', () => {
  const pairs = parsePairsCsv(readFileSync('examples/climate-demo/pairs.csv', 'utf8'), 'pairs.csv');
  const ratings = parseRatingsCsv(readFileSync('examples/climate-demo/ratings.csv', 'utf8'), 'ratings.csv');
  const manifest = parse(readFileSync('examples/climate-demo/manifest.csv', 'utf8'), { columns: true }) as {
    id: string;
    source: string;
  }[];
  // A clustering a researcher could defend without any model: the folder each image came from.
  const folders = [...new Set(manifest.map((row) => row.source.split('/').at(-2)!))];
  const bySourceFolder = new Map(manifest.map((row) => [row.id, folders.indexOf(row.source.split('/').at(-2)!)]));
  // Shuffling the same cluster sizes over the images destroys any meaning.
  const labels = shuffleInPlace([...bySourceFolder.values()], createRandom(5));
  const scrambled = new Map([...bySourceFolder.keys()].map((id, i) => [id, labels[i]]));

  it('finds coders rate same-source pairs as more similar, with an interval clear of zero', () => {
    const result = clusterQuality(pairs, ratings, bySourceFolder, { seed: 1, replicates: 2000 });
    for (const dimension of ['denotative', 'connotative'] as const) {
      const quality = result.dimensions[dimension]!;
      expect(quality.sameCount + quality.differentCount).toBe(160);
      expect(quality.quality).toBeGreaterThan(0.5);
      expect(quality.interval.lower).toBeGreaterThan(0);
    }
    expect(result.noiseShare).toBe(0);
  });

  it('prefers the source folders to a scrambled labelling, paired over the same pairs', () => {
    const { differences } = compareClusterQuality(pairs, ratings, bySourceFolder, scrambled, { seed: 2, replicates: 2000 });
    expect(differences.denotative!.difference).toBeGreaterThan(0);
    expect(differences.denotative!.interval.lower).toBeGreaterThan(0);
  });
});
