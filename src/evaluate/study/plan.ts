/**
 * `connote pairs plan`: how many pairs to code, and in which strata, for a confidence interval of
 * a chosen half-width on one clustering's quality or on the difference between two clusterings,
 * from the current clusterings (exact stratum sizes) and a pilot's ratings (within-stratum spread).
 */
import type { Clustering, ImagePair, PairRating, SimilarityDimension } from '../coding/types.js';
import { meanPairRatings } from '../statistics/rated-pairs.js';
import {
  expectedHalfWidth,
  neymanAllocation,
  neymanShares,
  pairPopulation,
  simpleRandomHalfWidth,
  simpleRandomPairs,
  stratumCoefficients,
  stratumOfPair,
  stratumSds,
  type Allocation,
  type PairPopulation,
  type PlanTarget,
  type StratumSd,
} from '../statistics/pair-design.js';

/** The spread of a pair's mean rating assumed without a pilot: about that of a uniform 1..3 rating (0.82). */
export const ASSUMED_RATING_SD = 0.8;

export interface PairPlanOptions {
  /** The clusterings of interest by name: one (its quality) or two (their difference, first minus second). */
  readonly clusterings: ReadonlyArray<{ readonly name: string; readonly clustering: Clustering }>;
  readonly dimension: SimilarityDimension;
  readonly halfWidth: number;
  readonly level?: number;
  readonly noise?: 'different' | 'drop';
  readonly pilot?: { readonly pairs: readonly ImagePair[]; readonly ratings: readonly PairRating[]; readonly source: string };
  readonly assumedSd?: number;
  /** Plan for exactly this many pairs (Neyman shares) instead of for `halfWidth`. */
  readonly total?: number;
  /**
   * 'target' (default): the half-width holds for the difference (or the one quality); 'every': it
   * holds for each clustering's quality too (the stratum-wise largest of the figures' allocations).
   */
  readonly cover?: 'target' | 'every';
}

export interface PlannedStratum extends StratumSd {
  readonly name: string;
  readonly populationPairs: number;
  readonly coefficient: number;
  readonly pairs: number;
}

export interface PairPlan {
  /** e.g. 'connotative CQ difference descriptions/mcs5 - image-features/mcs5'. */
  readonly target: string;
  readonly names: readonly string[];
  readonly dimension: SimilarityDimension;
  readonly halfWidth: number;
  readonly level: number;
  readonly population: PairPopulation;
  readonly strata: readonly PlannedStratum[];
  /** The recommended stratified sample (Neyman allocation). */
  readonly stratified: Allocation;
  /** Pairs a simple random sample of all image pairs would need for the same half-width. */
  readonly simpleRandomPairs: number;
  /** Expected half-width of every figure under the recommended design. */
  readonly figures: ReadonlyArray<{ readonly figure: string; readonly halfWidth: number }>;
  /** The pilot: its usable pairs and, had they been a simple random sample, the half-width they would give. */
  readonly pilot: { readonly source: string; readonly pairs: number; readonly halfWidth: number } | null;
  readonly cover: 'target' | 'every';
}

export function planPairs(options: PairPlanOptions): PairPlan {
  const { clusterings, dimension, halfWidth } = options;
  if (clusterings.length < 1 || clusterings.length > 2) throw new Error(`a plan is for one clustering or the difference of two, got ${clusterings.length}`);
  const level = options.level ?? 0.95;
  const noise = options.noise ?? 'different';
  const maps = clusterings.map((c) => c.clustering);
  const population = pairPopulation(maps);
  const known = new Set(population.items);
  const pilotPairs = (options.pilot?.pairs ?? []).filter((pair) => known.has(pair.imageA) && known.has(pair.imageB));
  const pilotIds = new Set(pilotPairs.map((pair) => pair.pairId));
  const means = options.pilot ? meanPairRatings(pilotPairs, options.pilot.ratings.filter((r) => pilotIds.has(r.pairId)), dimension) : new Map<string, number>();
  const pilot = pilotPairs.filter((pair) => means.has(pair.pairId)).map((pair) => ({ stratum: stratumOfPair(maps, pair.imageA, pair.imageB), rating: means.get(pair.pairId)! }));
  const sds = stratumSds(population, pilot, options.assumedSd ?? ASSUMED_RATING_SD);
  const target: PlanTarget = clusterings.length === 2 ? { kind: 'difference', first: 0, second: 1 } : { kind: 'quality', clustering: 0 };
  const coefficients = stratumCoefficients(population, target, noise);
  const sd = sds.map((s) => s.sd);
  const qualityCoefficients = clusterings.map((_, k) => stratumCoefficients(population, { kind: 'quality', clustering: k }, noise));
  let stratified = options.total !== undefined ? neymanShares(coefficients, sd, population, options.total, { level }) : neymanAllocation(coefficients, sd, population, halfWidth, { level });
  if (options.cover === 'every' && options.total === undefined && clusterings.length === 2) {
    const each = qualityCoefficients.map((c) => neymanAllocation(c, sd, population, halfWidth, { level }).pairs);
    const pairs = stratified.pairs.map((n, h) => Math.max(n, ...each.map((allocation) => allocation[h])));
    stratified = { pairs, total: pairs.reduce((t, n) => t + n, 0), halfWidth: expectedHalfWidth(coefficients, sd, population, pairs, level) };
  }
  const figures = clusterings.map((c, k) => ({
    figure: `${dimension} CQ of ${c.name}`,
    halfWidth: expectedHalfWidth(qualityCoefficients[k], sd, population, stratified.pairs, level),
  }));
  if (clusterings.length === 2) figures.push({ figure: `${dimension} CQ difference`, halfWidth: stratified.halfWidth });
  return {
    target: clusterings.length === 2 ? `${dimension} CQ difference ${clusterings[0].name} - ${clusterings[1].name}` : `${dimension} CQ of ${clusterings[0].name}`,
    names: clusterings.map((c) => c.name),
    dimension,
    halfWidth,
    level,
    population,
    strata: population.strata.map((h, i) => ({ ...sds[i], name: h.name, populationPairs: h.pairs, coefficient: coefficients[i], pairs: stratified.pairs[i] })),
    stratified,
    simpleRandomPairs: simpleRandomPairs(coefficients, sd, population, halfWidth, level),
    figures,
    cover: options.cover ?? 'target',
    pilot: options.pilot ? { source: options.pilot.source, pairs: pilot.length, halfWidth: simpleRandomHalfWidth(coefficients, sd, population, pilot.length, level) } : null,
  };
}

/** The allocation as `pairs sample --stratified` takes it: stratum -> pairs. */
export function allocationOf(plan: PairPlan): Record<string, number> {
  return Object.fromEntries(plan.strata.filter((h) => h.pairs > 0).map((h) => [h.name, h.pairs]));
}
