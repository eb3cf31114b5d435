/**
 * The chance baseline of cluster quality: what a clustering with the same cluster sizes and the
 * same number of noise points would score if it knew nothing about the images. The clustering's
 * labels are permuted over its images many times and each permutation is scored on the same coded
 * pairs; the observed quality is then read against that null distribution (mean, sd, excess over
 * chance, and a one-sided permutation p).
 *
 * Only the labels of the images that appear in coded pairs matter, so a permutation draws those
 * m labels without replacement from all n (a partial Fisher-Yates shuffle of m steps): O(m) per
 * permutation, whatever the size of the corpus.
 *
 * @see Phipson, B. & Smyth, G. K. (2010). Permutation p-values should never be zero. Statistical
 *   Applications in Genetics and Molecular Biology 9(1), article 39: p = (1 + b) / (1 + B).
 */
import { createRandom, type Random } from '../../util/random.js';
import { DEFAULT_SEED } from './bootstrap.js';
import { qualityOf, ratedPairs, relationOfLabels, DROPPED, SAME, type PairDesign } from './rated-pairs.js';
import { SIMILARITY_DIMENSIONS, type Clustering, type ImagePair, type PairRating, type SimilarityDimension } from '../../types/coding.js';

export const DEFAULT_PERMUTATIONS = 1000;

export interface ChanceBaselineOptions {
  /** Label permutations (default 1000); p cannot go below 1 / (permutations + 1). */
  readonly permutations?: number;
  readonly seed?: number;
  readonly random?: Random;
  readonly noise?: 'different' | 'drop';
  readonly dimensions?: readonly SimilarityDimension[];
  readonly design?: PairDesign;
}

export interface ChanceBaseline {
  readonly observed: number;
  /** Mean and standard deviation of quality over the permutations where it was defined. */
  readonly mean: number;
  readonly sd: number;
  /** observed - mean: the quality the clustering earns beyond its sizes alone. */
  readonly excess: number;
  /** One-sided: (1 + permutations scoring at least the observed) / (1 + defined permutations). */
  readonly p: number;
  readonly permutations: number;
  /** Permutations that left a group (same or different) without a rated pair. */
  readonly undefinedPermutations: number;
}

interface DimensionScorer {
  readonly dimension: SimilarityDimension;
  readonly values: Float64Array;
  readonly weights: Float64Array | null;
  /** Slots (into the paired images) of each rated pair's two images. */
  readonly slotA: Int32Array;
  readonly slotB: Int32Array;
  readonly same: Uint8Array;
  readonly kept: Int32Array;
  readonly nulls: Float64Array;
}

/**
 * The permutation null of `clustering`'s quality per dimension. Images of the clustering that no
 * coded pair shows still take part (their labels are part of what is shuffled); pairs with an
 * image the clustering does not know are left out.
 */
export function chanceBaseline(
  pairs: readonly ImagePair[],
  ratings: readonly PairRating[],
  clustering: Clustering,
  options: ChanceBaselineOptions = {},
): Partial<Record<SimilarityDimension, ChanceBaseline>> {
  const permutations = options.permutations ?? DEFAULT_PERMUTATIONS;
  if (!Number.isInteger(permutations) || permutations < 1) throw new Error(`permutations must be a positive integer, got ${permutations}`);
  const noise = options.noise ?? 'different';
  const random = options.random ?? createRandom(options.seed ?? DEFAULT_SEED);

  // Paired images first, then the rest: the first m slots of the pool are the paired images' labels.
  const slotOf = new Map<string, number>();
  for (const pair of pairs) {
    for (const id of [pair.imageA, pair.imageB]) if (clustering.has(id) && !slotOf.has(id)) slotOf.set(id, slotOf.size);
  }
  const m = slotOf.size;
  const pool = new Int32Array(clustering.size);
  let rest = m;
  for (const [id, label] of clustering) {
    const slot = slotOf.get(id);
    pool[slot ?? rest++] = label;
  }
  const observedPool = pool.slice();

  const scorers = (options.dimensions ?? SIMILARITY_DIMENSIONS).map((dimension) => scorerFor(pairs, ratings, dimension, slotOf, permutations, options.design));
  const observed = scorers.map((scorer) => scoreOnce(scorer, observedPool, noise));
  for (let b = 0; b < permutations; b++) {
    partialShuffle(pool, m, random);
    for (const scorer of scorers) scorer.nulls[b] = scoreOnce(scorer, pool, noise);
  }
  const out: Partial<Record<SimilarityDimension, ChanceBaseline>> = {};
  scorers.forEach((scorer, d) => (out[scorer.dimension] = summarise(observed[d], scorer.nulls)));
  return out;
}

/** The first `m` entries of `pool` become a uniform draw without replacement from all of it. */
function partialShuffle(pool: Int32Array, m: number, random: Random): void {
  const n = pool.length;
  for (let i = 0; i < m && i < n - 1; i++) {
    const j = i + random.int(n - i);
    const swap = pool[i];
    pool[i] = pool[j];
    pool[j] = swap;
  }
}

function scorerFor(
  pairs: readonly ImagePair[],
  ratings: readonly PairRating[],
  dimension: SimilarityDimension,
  slotOf: ReadonlyMap<string, number>,
  permutations: number,
  design: PairDesign | undefined,
): DimensionScorer {
  const rated = ratedPairs(pairs, ratings, dimension, design);
  const known: number[] = [];
  rated.index.forEach((i, t) => {
    if (slotOf.has(pairs[i].imageA) && slotOf.has(pairs[i].imageB)) known.push(t);
  });
  return {
    dimension,
    values: Float64Array.from(known, (t) => rated.values[t]),
    weights: rated.weights ? Float64Array.from(known, (t) => rated.weights![t]) : null,
    slotA: Int32Array.from(known, (t) => slotOf.get(pairs[rated.index[t]].imageA)!),
    slotB: Int32Array.from(known, (t) => slotOf.get(pairs[rated.index[t]].imageB)!),
    same: new Uint8Array(known.length),
    kept: new Int32Array(known.length),
    nulls: new Float64Array(permutations),
  };
}

/** Quality of the labelling in `pool` (slot order) on one dimension's rated pairs. */
function scoreOnce(scorer: DimensionScorer, pool: Int32Array, noise: 'different' | 'drop'): number {
  let kept = 0;
  for (let t = 0; t < scorer.values.length; t++) {
    const relation = relationOfLabels(pool[scorer.slotA[t]], pool[scorer.slotB[t]], noise);
    if (relation === DROPPED) continue;
    scorer.same[t] = relation === SAME ? 1 : 0;
    scorer.kept[kept++] = t;
  }
  return qualityOf(scorer.values, scorer.weights, scorer.same, kept === scorer.values.length ? undefined : scorer.kept.subarray(0, kept));
}

function summarise(observed: number, nulls: Float64Array): ChanceBaseline {
  let defined = 0;
  let sum = 0;
  let atLeast = 0;
  for (const value of nulls) {
    if (!Number.isFinite(value)) continue;
    defined++;
    sum += value;
    // A tolerance, so that a permutation tying the observed value (up to rounding) counts as at least as good.
    if (value >= observed - 1e-12) atLeast++;
  }
  const mean = defined > 0 ? sum / defined : Number.NaN;
  let squares = 0;
  for (const value of nulls) if (Number.isFinite(value)) squares += (value - mean) ** 2;
  const sd = defined > 1 ? Math.sqrt(squares / (defined - 1)) : Number.NaN;
  return {
    observed,
    mean,
    sd,
    excess: observed - mean,
    p: Number.isFinite(observed) && defined > 0 ? (1 + atLeast) / (1 + defined) : Number.NaN,
    permutations: nulls.length,
    undefinedPermutations: nulls.length - defined,
  };
}
