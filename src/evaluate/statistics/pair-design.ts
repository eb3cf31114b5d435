/**
 * How many pairs to code, and which: every unordered pair of images falls in one stratum by how
 * the clusterings of interest treat it (same or different cluster in each, or a noise image in
 * any). Cluster quality over all image pairs is a fixed linear combination of the strata's mean
 * ratings, Q = sum_h c_h ybar_h, with c_h = N_h / N_same for strata the clustering keeps together
 * and -N_h / N_different for the others (a difference of two clusterings subtracts their c).
 * A stratified sample with n_h pairs in stratum h estimates it with variance
 * sum_h c_h^2 s_h^2 (1 / n_h - 1 / N_h); for a total of n the variance is smallest with n_h
 * proportional to |c_h| s_h (Neyman allocation), which gives the pairs needed for a target
 * confidence-interval half-width in closed form.
 *
 * @see Cochran, W. G. (1977). Sampling Techniques, 3rd ed., Wiley: sections 5.5 (optimum
 *   allocation) and 5.9 (sample size for a specified variance under optimum allocation).
 */
import { NOISE_LABEL, type Clustering } from '../../types/coding.js';
import { normalQuantile } from './normal.js';

/** How a clustering treats a pair: both in one cluster, in two clusters, or a noise image among them. */
export type PairRelationName = 'same' | 'different' | 'noise';
const RELATIONS: readonly PairRelationName[] = ['same', 'different', 'noise'];

export interface PopulationStratum {
  /** e.g. 'same/different': same cluster in the first clustering, different in the second. */
  readonly name: string;
  /** The stratum's relation under each clustering. */
  readonly relations: readonly PairRelationName[];
  /** Image pairs in the stratum. */
  readonly pairs: number;
}

export interface PairPopulation {
  /** The images every clustering covers, sorted. */
  readonly items: readonly string[];
  readonly totalPairs: number;
  /** Every combination of relations, in a fixed order (empty ones have 0 pairs). */
  readonly strata: readonly PopulationStratum[];
}

const choose2 = (n: number): number => (n * (n - 1)) / 2;

/** The relation of two labels. */
export function relationName(labelA: number, labelB: number): PairRelationName {
  if (labelA === NOISE_LABEL || labelB === NOISE_LABEL) return 'noise';
  return labelA === labelB ? 'same' : 'different';
}

/** The stratum of one pair of images under the clusterings, e.g. 'same/noise'. */
export function stratumOfPair(clusterings: readonly Clustering[], a: string, b: string): string {
  return clusterings
    .map((clustering) => {
      const labelA = clustering.get(a);
      const labelB = clustering.get(b);
      if (labelA === undefined || labelB === undefined) throw new Error(`image '${labelA === undefined ? a : b}' is not in every clustering`);
      return relationName(labelA, labelB);
    })
    .join('/');
}

/** Images every clustering covers, sorted. */
export function commonItems(clusterings: readonly Clustering[]): string[] {
  if (clusterings.length === 0) throw new Error('a pair design needs at least one clustering');
  return [...clusterings[0].keys()].filter((id) => clusterings.every((c) => c.has(id))).sort();
}

/**
 * Pairs of `items` that share a cluster in every clustering of `same` and have no noise image in
 * any clustering of `clean` (or of `same`): grouped counts, O(items).
 */
function countPairs(clusterings: readonly Clustering[], items: readonly string[], same: readonly number[], clean: readonly number[]): number {
  const counts = new Map<string, number>();
  for (const id of items) {
    if ([...same, ...clean].some((k) => clusterings[k].get(id) === NOISE_LABEL)) continue;
    const key = same.map((k) => clusterings[k].get(id)).join(',');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  let pairs = 0;
  for (const count of counts.values()) pairs += choose2(count);
  return pairs;
}

/**
 * Each relation as a signed sum of events a grouped count can measure: same = S; different =
 * both clean - S; noise = any pair - both clean.
 */
const EXPANSION: Record<PairRelationName, ReadonlyArray<{ sign: number; event: 'same' | 'clean' | 'any' }>> = {
  same: [{ sign: 1, event: 'same' }],
  different: [
    { sign: 1, event: 'clean' },
    { sign: -1, event: 'same' },
  ],
  noise: [
    { sign: 1, event: 'any' },
    { sign: -1, event: 'clean' },
  ],
};

/**
 * The strata of all image pairs under `clusterings` (one or a few) and their exact sizes, by
 * expanding each stratum into grouped cluster counts: O(images x 2^clusterings x 3^clusterings),
 * never O(images^2).
 */
export function pairPopulation(clusterings: readonly Clustering[]): PairPopulation {
  if (clusterings.length > 4) throw new Error(`a pair design takes at most 4 clusterings, got ${clusterings.length}`);
  const items = commonItems(clusterings);
  const memo = new Map<string, number>();
  const count = (same: number[], clean: number[]): number => {
    const key = `${same.join(',')}|${clean.join(',')}`;
    if (!memo.has(key)) memo.set(key, countPairs(clusterings, items, same, clean));
    return memo.get(key)!;
  };
  const combinations: PairRelationName[][] = [[]];
  for (let k = 0; k < clusterings.length; k++) {
    const grown: PairRelationName[][] = [];
    for (const prefix of combinations) for (const relation of RELATIONS) grown.push([...prefix, relation]);
    combinations.splice(0, combinations.length, ...grown);
  }
  const strata = combinations.map((relations) => {
    let terms: Array<{ sign: number; same: number[]; clean: number[] }> = [{ sign: 1, same: [], clean: [] }];
    relations.forEach((relation, k) => {
      terms = terms.flatMap((term) =>
        EXPANSION[relation].map(({ sign, event }) => ({
          sign: term.sign * sign,
          same: event === 'same' ? [...term.same, k] : term.same,
          clean: event === 'clean' ? [...term.clean, k] : term.clean,
        })),
      );
    });
    const pairs = terms.reduce((sum, term) => sum + term.sign * count(term.same, term.clean), 0);
    return { name: relations.join('/'), relations, pairs: Math.round(pairs) };
  });
  return { items, totalPairs: choose2(items.length), strata };
}

/** What a plan is for: one clustering's quality, or the difference first minus second. */
export type PlanTarget = { readonly kind: 'quality'; readonly clustering: number } | { readonly kind: 'difference'; readonly first: number; readonly second: number };

/** c_h of `target` per stratum (see the module comment); noise pairs count as different unless dropped. */
export function stratumCoefficients(population: PairPopulation, target: PlanTarget, noise: 'different' | 'drop' = 'different'): number[] {
  const forClustering = (k: number): number[] => {
    const isSame = population.strata.map((h) => h.relations[k] === 'same');
    const isDifferent = population.strata.map((h) => h.relations[k] === 'different' || (h.relations[k] === 'noise' && noise === 'different'));
    const nSame = population.strata.reduce((s, h, i) => s + (isSame[i] ? h.pairs : 0), 0);
    const nDifferent = population.strata.reduce((s, h, i) => s + (isDifferent[i] ? h.pairs : 0), 0);
    return population.strata.map((h, i) => (isSame[i] ? (nSame > 0 ? h.pairs / nSame : 0) : isDifferent[i] ? (nDifferent > 0 ? -h.pairs / nDifferent : 0) : 0));
  };
  if (target.kind === 'quality') return forClustering(target.clustering);
  const a = forClustering(target.first);
  const b = forClustering(target.second);
  return a.map((c, i) => c - b[i]);
}

/** Fewest pairs a stratum that matters gets, so that its spread can be estimated and bootstrapped. */
export const MIN_PAIRS_PER_STRATUM = 10;

export interface Allocation {
  /** Pairs to code per stratum, in the population's stratum order. */
  readonly pairs: readonly number[];
  readonly total: number;
  /** Expected half-width of the confidence interval of the target at this allocation. */
  readonly halfWidth: number;
}

/** z of a two-sided interval at `level`. */
const zOf = (level: number): number => normalQuantile((1 + level) / 2);

/** Expected CI half-width of the target for `pairs` per stratum (Infinity if a needed stratum has none). */
export function expectedHalfWidth(coefficients: readonly number[], sds: readonly number[], population: PairPopulation, pairs: readonly number[], level = 0.95): number {
  let variance = 0;
  for (let h = 0; h < coefficients.length; h++) {
    const c = coefficients[h];
    if (c === 0) continue;
    if (pairs[h] < 1) return Number.POSITIVE_INFINITY;
    const fpc = Math.max(0, 1 / pairs[h] - 1 / population.strata[h].pairs);
    variance += c * c * sds[h] * sds[h] * fpc;
  }
  return zOf(level) * Math.sqrt(variance);
}

/**
 * The smallest stratified sample whose target interval has at most `halfWidth` (Neyman
 * allocation, with the finite-population correction; a stratum is never asked for more pairs than
 * it has, nor fewer than `minimumPerStratum` where it matters).
 */
export function neymanAllocation(
  coefficients: readonly number[],
  sds: readonly number[],
  population: PairPopulation,
  halfWidth: number,
  options: { readonly level?: number; readonly minimumPerStratum?: number } = {},
): Allocation {
  if (!(halfWidth > 0)) throw new Error(`the target half-width must be > 0, got ${halfWidth}`);
  const level = options.level ?? 0.95;
  const minimum = options.minimumPerStratum ?? MIN_PAIRS_PER_STRATUM;
  const sizes = population.strata.map((h) => h.pairs);
  const share = coefficients.map((c, h) => (sizes[h] > 0 ? Math.abs(c) * sds[h] : 0));
  const shareTotal = share.reduce((s, x) => s + x, 0);
  const needed = coefficients.map((c, h) => c !== 0 && sizes[h] > 0);
  // Grow n until the interval is narrow enough: bisection on the total, allocation by shares.
  const allocate = (total: number): number[] =>
    share.map((w, h) => (needed[h] ? Math.min(sizes[h], Math.max(minimum, shareTotal > 0 ? Math.ceil((total * w) / shareTotal) : 0)) : 0));
  const maxTotal = sizes.reduce((s, n, h) => s + (needed[h] ? n : 0), 0);
  if (maxTotal === 0) return { pairs: new Array<number>(share.length).fill(0), total: 0, halfWidth: Number.NaN };
  let low = 1;
  let high = maxTotal;
  if (expectedHalfWidth(coefficients, sds, population, allocate(high), level) > halfWidth) {
    const all = allocate(high);
    return { pairs: all, total: all.reduce((s, x) => s + x, 0), halfWidth: expectedHalfWidth(coefficients, sds, population, all, level) };
  }
  while (low < high) {
    const mid = Math.floor((low + high) / 2);
    if (expectedHalfWidth(coefficients, sds, population, allocate(mid), level) <= halfWidth) high = mid;
    else low = mid + 1;
  }
  const chosen = allocate(low);
  return { pairs: chosen, total: chosen.reduce((s, x) => s + x, 0), halfWidth: expectedHalfWidth(coefficients, sds, population, chosen, level) };
}

/**
 * Exactly `total` pairs split over the strata in proportion to |c_h| s_h (largest remainder), at
 * least `minimumPerStratum` in every stratum that matters and never more than a stratum holds.
 */
export function neymanShares(
  coefficients: readonly number[],
  sds: readonly number[],
  population: PairPopulation,
  total: number,
  options: { readonly level?: number; readonly minimumPerStratum?: number } = {},
): Allocation {
  if (!Number.isInteger(total) || total < 1) throw new Error(`the number of pairs must be a whole number >= 1, got ${total}`);
  const minimum = options.minimumPerStratum ?? MIN_PAIRS_PER_STRATUM;
  const sizes = population.strata.map((h) => h.pairs);
  const needed = coefficients.map((c, h) => c !== 0 && sizes[h] > 0);
  const pairs = needed.map((n, h) => (n ? Math.min(sizes[h], minimum) : 0));
  let left = total - pairs.reduce((s, x) => s + x, 0);
  // Hand out the rest one pair at a time to the stratum furthest below its Neyman share.
  const share = coefficients.map((c, h) => (needed[h] ? Math.abs(c) * sds[h] + 1e-12 : 0));
  const shareTotal = share.reduce((s, x) => s + x, 0);
  while (left > 0) {
    let best = -1;
    let bestGap = -Infinity;
    for (let h = 0; h < pairs.length; h++) {
      if (!needed[h] || pairs[h] >= sizes[h]) continue;
      const gap = (total * share[h]) / shareTotal - pairs[h];
      if (gap > bestGap) {
        bestGap = gap;
        best = h;
      }
    }
    if (best < 0) break;
    pairs[best]++;
    left--;
  }
  const allocated = pairs.reduce((s, x) => s + x, 0);
  return { pairs, total: allocated, halfWidth: expectedHalfWidth(coefficients, sds, population, pairs, options.level ?? 0.95) };
}

/** Pairs a simple random sample of all image pairs needs for the same half-width (expected stratum counts). */
export function simpleRandomPairs(coefficients: readonly number[], sds: readonly number[], population: PairPopulation, halfWidth: number, level = 0.95): number {
  const total = population.totalPairs;
  const target = (halfWidth / zOf(level)) ** 2;
  let perPair = 0;
  let fpc = 0;
  population.strata.forEach((h, i) => {
    const c = coefficients[i];
    if (c === 0 || h.pairs === 0) return;
    perPair += (c * c * sds[i] * sds[i]) / (h.pairs / total);
    fpc += (c * c * sds[i] * sds[i]) / h.pairs;
  });
  if (perPair === 0) return 0;
  // Enough pairs that every stratum that matters expects its minimum of pairs.
  const rarest = Math.max(
    0,
    ...population.strata.map((h, i) => (coefficients[i] !== 0 && h.pairs > 0 ? (MIN_PAIRS_PER_STRATUM * total) / h.pairs : 0)),
  );
  return Math.min(total, Math.ceil(Math.max(perPair / (target + fpc), rarest)));
}

/** Expected half-width of a simple random sample of `n` image pairs. */
export function simpleRandomHalfWidth(coefficients: readonly number[], sds: readonly number[], population: PairPopulation, n: number, level = 0.95): number {
  const expected = population.strata.map((h) => (n * h.pairs) / population.totalPairs);
  return expectedHalfWidth(coefficients, sds, population, expected, level);
}

/** Strata with fewer pilot pairs than this take the pooled within-stratum sd. */
export const MIN_PILOT_PAIRS_PER_STRATUM = 10;

export interface StratumSd {
  readonly sd: number;
  /** 'pilot': this stratum's own pilot pairs; 'pooled': pooled over the strata's pilot pairs; 'assumed': no pilot. */
  readonly source: 'pilot' | 'pooled' | 'assumed';
  readonly pilotPairs: number;
}

/**
 * The smallest sd a pilot of n pairs can vouch for: a pilot in which every pair got the same
 * rating does not show the spread is 0, only that a one-step difference is rarer than about 3/n
 * (the "rule of three", a 95% bound); a rating off by one step with that rate has sd sqrt(p(1 - p)).
 */
export function sdFloor(n: number): number {
  const p = Math.min(0.5, 3 / n);
  return Math.sqrt(p * (1 - p));
}

/**
 * The within-stratum standard deviation of the pair ratings, from a pilot's mean rating per pair
 * (pair id -> rating) and each pilot pair's stratum: the stratum's own sd where it has at least
 * `MIN_PILOT_PAIRS_PER_STRATUM` pairs (never below `sdFloor`), else the pooled within-stratum sd,
 * else `assumedSd`.
 */
export function stratumSds(
  population: PairPopulation,
  pilot: ReadonlyArray<{ readonly stratum: string; readonly rating: number }>,
  assumedSd: number,
): StratumSd[] {
  const byStratum = new Map<string, number[]>();
  for (const { stratum, rating } of pilot) {
    const list = byStratum.get(stratum);
    if (list) list.push(rating);
    else byStratum.set(stratum, [rating]);
  }
  let pooledSquares = 0;
  let pooledDegrees = 0;
  for (const ratings of byStratum.values()) {
    if (ratings.length < 2) continue;
    const mean = ratings.reduce((s, v) => s + v, 0) / ratings.length;
    pooledSquares += ratings.reduce((s, v) => s + (v - mean) ** 2, 0);
    pooledDegrees += ratings.length - 1;
  }
  const pooled = pooledDegrees > 0 ? Math.sqrt(pooledSquares / pooledDegrees) : Number.NaN;
  return population.strata.map((h) => {
    const ratings = byStratum.get(h.name) ?? [];
    if (ratings.length >= MIN_PILOT_PAIRS_PER_STRATUM) {
      const mean = ratings.reduce((s, v) => s + v, 0) / ratings.length;
      const sd = Math.sqrt(ratings.reduce((s, v) => s + (v - mean) ** 2, 0) / (ratings.length - 1));
      return { sd: Math.max(sd, sdFloor(ratings.length)), source: 'pilot', pilotPairs: ratings.length };
    }
    if (Number.isFinite(pooled)) return { sd: pooled, source: 'pooled', pilotPairs: ratings.length };
    return { sd: assumedSd, source: 'assumed', pilotPairs: ratings.length };
  });
}
