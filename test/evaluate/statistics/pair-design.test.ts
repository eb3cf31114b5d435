import { describe, expect, it } from 'vitest';
import { sampleStratifiedPairs } from '../../../src/evaluate/coding/stratified-pairs.js';
import { clusterQuality } from '../../../src/evaluate/statistics/cluster-quality.js';
import {
  expectedHalfWidth,
  neymanAllocation,
  pairPopulation,
  simpleRandomHalfWidth,
  simpleRandomPairs,
  stratumCoefficients,
  stratumOfPair,
  stratumSds,
} from '../../../src/evaluate/statistics/pair-design.js';
import type { Clustering, ImagePair, PairRating } from '../../../src/evaluate/coding/types.js';
import { createRandom } from '../../../src/util/random.js';

/**
 * A simulated population: 80 images in 4 latent topics; every one of the 3,160 image pairs has a
 * fixed rating (3 mostly within a topic, 1 or 2 across). Clustering A recovers the topics with
 * some errors and 6 noise images; B lumps topics 0-1 and 2-3.
 */
function population() {
  const random = createRandom(8);
  const n = 80;
  const ids = Array.from({ length: n }, (_, i) => `i${String(i).padStart(2, '0')}`);
  const topic = ids.map((_, i) => i % 4);
  const a: Clustering = new Map(ids.map((id, i) => [id, i < 6 ? -1 : random.next() < 0.85 ? topic[i] : random.int(4)]));
  const b: Clustering = new Map(ids.map((id, i) => [id, topic[i] < 2 ? 0 : 1]));
  const rating = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const close = topic[i] === topic[j];
      const r = close ? (random.next() < 0.8 ? 3 : 2) : Math.floor(topic[i] / 2) === Math.floor(topic[j] / 2) ? 1 + random.int(2) : random.next() < 0.85 ? 1 : 2;
      rating.set(`${ids[i]}|${ids[j]}`, r);
    }
  }
  const ratingOf = (x: string, y: string): number => rating.get(x < y ? `${x}|${y}` : `${y}|${x}`)!;
  return { ids, a, b, ratingOf };
}

/** Cluster quality over every image pair, by brute force: the estimand. */
function populationQuality(ids: readonly string[], clustering: Clustering, ratingOf: (a: string, b: string) => number): number {
  let same = 0;
  let nSame = 0;
  let different = 0;
  let nDifferent = 0;
  for (let i = 0; i < ids.length; i++) {
    for (let j = i + 1; j < ids.length; j++) {
      const la = clustering.get(ids[i])!;
      const lb = clustering.get(ids[j])!;
      const r = ratingOf(ids[i], ids[j]);
      if (la !== -1 && la === lb) {
        same += r;
        nSame++;
      } else {
        different += r;
        nDifferent++;
      }
    }
  }
  return same / nSame - different / nDifferent;
}

describe('pair population strata', () => {
  it('counts every stratum exactly (inclusion-exclusion against brute force)', () => {
    const { ids, a, b } = population();
    const counted = pairPopulation([a, b]);
    const brute = new Map<string, number>();
    for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) {
      const name = stratumOfPair([a, b], ids[i], ids[j]);
      brute.set(name, (brute.get(name) ?? 0) + 1);
    }
    expect(counted.totalPairs).toBe(3160);
    for (const stratum of counted.strata) expect(stratum.pairs, stratum.name).toBe(brute.get(stratum.name) ?? 0);
    expect(counted.strata).toHaveLength(9);
    expect(counted.strata.filter((h) => h.pairs > 0).map((h) => h.name)).toEqual(['same/same', 'same/different', 'different/same', 'different/different', 'noise/same', 'noise/different']);
  });
});

describe('stratified design, reweighted', () => {
  it('estimates the population quality without bias, where the unweighted mean is biased', () => {
    const { ids, a, b, ratingOf } = population();
    const truth = populationQuality(ids, a, ratingOf);
    // A deliberately unequal design: many same-cluster pairs, few of the rest.
    const allocation = { 'same/same': 30, 'same/different': 6, 'different/same': 30, 'different/different': 5, 'noise/same': 2, 'noise/different': 3 };
    const weighted: number[] = [];
    const unweighted: number[] = [];
    for (let rep = 0; rep < 300; rep++) {
      const sample = sampleStratifiedPairs([a, b], allocation, { seed: 1000 + rep });
      const pairs: ImagePair[] = sample.pairs;
      const ratings: PairRating[] = sample.pairs.map((p) => ({ pairId: p.pairId, coder: 'c', denotative: ratingOf(p.imageA, p.imageB), connotative: null }));
      const design = { weights: new Map(sample.pairs.map((p) => [p.pairId, p.weight])), strata: new Map(sample.pairs.map((p) => [p.pairId, p.designStratum])) };
      weighted.push(clusterQuality(pairs, ratings, a, { design, replicates: 1, dimensions: ['denotative'] }).dimensions.denotative!.quality);
      unweighted.push(clusterQuality(pairs, ratings, a, { replicates: 1, dimensions: ['denotative'] }).dimensions.denotative!.quality);
    }
    const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
    const sd = (xs: number[]): number => Math.sqrt(xs.reduce((s, x) => s + (x - mean(xs)) ** 2, 0) / (xs.length - 1));
    const standardError = sd(weighted) / Math.sqrt(weighted.length);
    expect(Math.abs(mean(weighted) - truth)).toBeLessThan(3 * standardError);
    expect(Math.abs(mean(unweighted) - truth)).toBeGreaterThan(5 * standardError);
  });

  it('draws each stratum with its relation, without repeats, with weight N_h / n_h', () => {
    const { a, b } = population();
    const sample = sampleStratifiedPairs([a, b], { 'same/same': 20, 'noise/different': 5 }, { seed: 3 });
    const sizes = new Map(sample.population.strata.map((h) => [h.name, h.pairs]));
    const keys = new Set(sample.pairs.map((p) => [p.imageA, p.imageB].sort().join('|')));
    expect(keys.size).toBe(25);
    for (const pair of sample.pairs) {
      expect(stratumOfPair([a, b], pair.imageA, pair.imageB)).toBe(pair.designStratum);
      expect(pair.weight).toBeCloseTo(sizes.get(pair.designStratum)! / sample.drawn[pair.designStratum], 12);
    }
    expect(sampleStratifiedPairs([a, b], { 'same/same': 20, 'noise/different': 5 }, { seed: 3 }).pairs).toEqual(sample.pairs);
    expect(() => sampleStratifiedPairs([a, b], { within: 3 })).toThrow(/unknown stratum 'within'/);
  });
});

describe('planning the number of pairs', () => {
  const { ids, a, b, ratingOf } = population();
  const pop = pairPopulation([a, b]);
  const pilot = sampleStratifiedPairs([a, b], { 'same/same': 15, 'same/different': 10, 'different/same': 15, 'different/different': 15, 'noise/same': 5, 'noise/different': 5 }, { seed: 4 });
  const sds = stratumSds(
    pop,
    pilot.pairs.map((p) => ({ stratum: p.designStratum, rating: ratingOf(p.imageA, p.imageB) })),
    0.8,
  );
  const coefficients = stratumCoefficients(pop, { kind: 'difference', first: 0, second: 1 });

  it('has coefficients that sum to 1 over same and -1 over different pairs, per clustering', () => {
    const quality = stratumCoefficients(pop, { kind: 'quality', clustering: 0 });
    const same = pop.strata.reduce((s, h, i) => s + (h.relations[0] === 'same' ? quality[i] : 0), 0);
    const different = pop.strata.reduce((s, h, i) => s + (h.relations[0] === 'same' ? 0 : quality[i]), 0);
    expect(same).toBeCloseTo(1, 12);
    expect(different).toBeCloseTo(-1, 12);
    // Their combination of the stratum means is the population quality.
    const means = pop.strata.map((h) => {
      const ratings: number[] = [];
      for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) if (stratumOfPair([a, b], ids[i], ids[j]) === h.name) ratings.push(ratingOf(ids[i], ids[j]));
      return ratings.length > 0 ? ratings.reduce((s, r) => s + r, 0) / ratings.length : 0;
    });
    expect(quality.reduce((s, c, i) => s + c * means[i], 0)).toBeCloseTo(populationQuality(ids, a, ratingOf), 10);
  });

  it('allocates the fewest pairs that reach the target half-width, fewer than a simple random sample', () => {
    const plan = neymanAllocation(coefficients, sds.map((s) => s.sd), pop, 0.15);
    expect(plan.halfWidth).toBeLessThanOrEqual(0.15);
    const fewer = plan.pairs.map((n) => Math.max(2, n - 3));
    expect(expectedHalfWidth(coefficients, sds.map((s) => s.sd), pop, fewer)).toBeGreaterThan(0.15 * 0.98);
    const srs = simpleRandomPairs(coefficients, sds.map((s) => s.sd), pop, 0.15);
    expect(srs).toBeGreaterThan(plan.total);
    expect(simpleRandomHalfWidth(coefficients, sds.map((s) => s.sd), pop, srs)).toBeLessThanOrEqual(0.1501);
  });

  it('predicts the spread of the stratified estimate of the difference', () => {
    // With the population's own stratum sds, the variance formula is exact up to simulation error.
    const trueSds = pop.strata.map((h) => {
      const ratings: number[] = [];
      for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) if (stratumOfPair([a, b], ids[i], ids[j]) === h.name) ratings.push(ratingOf(ids[i], ids[j]));
      const m = ratings.reduce((s, r) => s + r, 0) / ratings.length;
      return Math.sqrt(ratings.reduce((s, r) => s + (r - m) ** 2, 0) / (ratings.length - 1));
    });
    const plan = neymanAllocation(coefficients, trueSds, pop, 0.2);
    const allocation = Object.fromEntries(pop.strata.map((h, i) => [h.name, plan.pairs[i]]));
    const differences: number[] = [];
    for (let rep = 0; rep < 300; rep++) {
      const sample = sampleStratifiedPairs([a, b], allocation, { seed: 5000 + rep });
      const ratings = sample.pairs.map((p) => ({ pairId: p.pairId, coder: 'c', denotative: ratingOf(p.imageA, p.imageB), connotative: null }));
      const design = { weights: new Map(sample.pairs.map((p) => [p.pairId, p.weight])), strata: new Map(sample.pairs.map((p) => [p.pairId, p.designStratum])) };
      const qa = clusterQuality(sample.pairs, ratings, a, { design, replicates: 1, dimensions: ['denotative'] }).dimensions.denotative!.quality;
      const qb = clusterQuality(sample.pairs, ratings, b, { design, replicates: 1, dimensions: ['denotative'] }).dimensions.denotative!.quality;
      differences.push(qa - qb);
    }
    const mean = differences.reduce((s, x) => s + x, 0) / differences.length;
    const sd = Math.sqrt(differences.reduce((s, x) => s + (x - mean) ** 2, 0) / (differences.length - 1));
    expect(1.96 * sd).toBeGreaterThan(plan.halfWidth * 0.85);
    expect(1.96 * sd).toBeLessThan(plan.halfWidth * 1.15);
    // The pilot's estimated sds give a plan of the same order.
    const fromPilot = neymanAllocation(coefficients, sds.map((s) => s.sd), pop, 0.2);
    expect(fromPilot.total / plan.total).toBeGreaterThan(0.5);
    expect(fromPilot.total / plan.total).toBeLessThan(2);
  });
});
