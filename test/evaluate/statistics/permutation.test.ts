import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { parsePairsCsv, parseRatingsCsv } from '../../../src/evaluate/coding/pairs-csv.js';
import type { Clustering, ImagePair, PairRating } from '../../../src/evaluate/coding/types.js';
import { clusterQuality } from '../../../src/evaluate/statistics/cluster-quality.js';
import { chanceBaseline } from '../../../src/evaluate/statistics/permutation.js';
import { createRandom } from '../../../src/util/random.js';

/** 200 images in 5 clusters (some noise), 400 random pairs rated independently of any clustering. */
function unrelated(seed: number): { pairs: ImagePair[]; ratings: PairRating[]; clustering: Clustering } {
  const random = createRandom(seed);
  const ids = Array.from({ length: 200 }, (_, i) => `i${i}`);
  const clustering = new Map(ids.map((id, i) => [id, i < 20 ? -1 : random.int(5)]));
  const pairs: ImagePair[] = [];
  const ratings: PairRating[] = [];
  for (let p = 0; p < 400; p++) {
    const a = random.int(200);
    let b = random.int(199);
    if (b >= a) b++;
    pairs.push({ pairId: `p${p}`, imageA: ids[a], imageB: ids[b] });
    ratings.push({ pairId: `p${p}`, coder: 'c', denotative: 1 + random.int(3), connotative: 1 + random.int(3) });
  }
  return { pairs, ratings, clustering };
}

describe('chance baseline (label permutations)', () => {
  it('is centred on 0: permuting labels destroys what a clustering knows', () => {
    const { pairs, ratings, clustering } = unrelated(1);
    const baseline = chanceBaseline(pairs, ratings, clustering, { permutations: 2000, seed: 2 });
    for (const dimension of ['denotative', 'connotative'] as const) {
      const b = baseline[dimension]!;
      expect(Math.abs(b.mean)).toBeLessThan((4 * b.sd) / Math.sqrt(b.permutations));
      expect(b.sd).toBeGreaterThan(0);
      expect(b.undefinedPermutations).toBe(0);
    }
  });

  it('gives uniform p-values to clusterings that know nothing', () => {
    const ps: number[] = [];
    for (let seed = 0; seed < 40; seed++) {
      const { pairs, ratings, clustering } = unrelated(100 + seed);
      ps.push(chanceBaseline(pairs, ratings, clustering, { permutations: 199, seed, dimensions: ['denotative'] }).denotative!.p);
    }
    const below = ps.filter((p) => p <= 0.1).length;
    // 40 draws of a uniform p: P(more than 12 below 0.1) < 0.001.
    expect(below).toBeLessThanOrEqual(12);
    expect(Math.min(...ps)).toBeGreaterThanOrEqual(1 / 200);
  });

  it('scores the observed labels exactly as clusterQuality does, and is reproducible', () => {
    const { pairs, ratings, clustering } = unrelated(3);
    const baseline = chanceBaseline(pairs, ratings, clustering, { permutations: 50, seed: 4, noise: 'drop' });
    const quality = clusterQuality(pairs, ratings, clustering, { noise: 'drop', replicates: 1 });
    expect(baseline.denotative!.observed).toBeCloseTo(quality.dimensions.denotative!.quality, 12);
    expect(baseline.denotative!.excess).toBeCloseTo(baseline.denotative!.observed - baseline.denotative!.mean, 12);
    expect(chanceBaseline(pairs, ratings, clustering, { permutations: 50, seed: 4, noise: 'drop' })).toEqual(baseline);
  });

  it('sets a clustering the coders agree with far above chance on the bundled ratings', () => {
    const pairs = parsePairsCsv(readFileSync('examples/climate-demo/pairs.csv', 'utf8'), 'pairs.csv');
    const ratings = parseRatingsCsv(readFileSync('examples/climate-demo/ratings.csv', 'utf8'), 'ratings.csv');
    const manifest = parse(readFileSync('examples/climate-demo/manifest.csv', 'utf8'), { columns: true }) as { id: string }[];
    const portraits = new Map(manifest.map((row) => [row.id, row.id.startsWith('congress-') ? 0 : 1]));
    const baseline = chanceBaseline(pairs, ratings, portraits, { permutations: 999, seed: 1 });
    expect(baseline.connotative!.p).toBe(1 / 1000);
    expect(baseline.connotative!.excess).toBeGreaterThan(1);
  });
});
