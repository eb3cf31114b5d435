/**
 * Coded pairs ready to be scored under any clustering: the mean rating per pair on one dimension,
 * the pair's weight and stratum when the pairs were drawn by a stratified design, and the
 * relation (same cluster, different clusters, left out) a clustering gives each pair. Shared by
 * cluster quality, its chance baseline and the seed-to-seed repeats, so that all of them score
 * exactly the same pairs the same way.
 */
import type { Random } from '../../util/random.js';
import { resampleIndices } from './bootstrap.js';
import { NOISE_LABEL, type Clustering, type ImagePair, type PairRating, type SimilarityDimension } from '../../types/coding.js';

/**
 * How the coded pairs were drawn, when not with equal chances: each pair's weight (the number of
 * population pairs it stands for, N_h / n_h in its stratum) and its stratum. Scores then estimate
 * the quality over all image pairs (a Hajek estimator), and bootstraps resample within strata.
 */
export interface PairDesign {
  readonly weights: ReadonlyMap<string, number>;
  readonly strata: ReadonlyMap<string, string>;
}

export interface RelationOptions {
  /**
   * A pair with a noise point: 'different' (default) counts it as a different-cluster pair, since
   * the clustering did not put the two together; 'drop' leaves it out.
   */
  readonly noise?: 'different' | 'drop';
  /** A pair with an image the clustering does not know: 'error' (default) or 'drop'. */
  readonly unknownImages?: 'error' | 'drop';
}

/** A pair's relation under a clustering. */
export const DIFFERENT = 0;
export const SAME = 1;
export const DROPPED = 2;

/**
 * Mean rating per pair over the coders who rated it on `dimension` (coders may differ per pair).
 * Pairs nobody rated are absent. Ratings of pairs not in `pairs` are an error.
 */
export function meanPairRatings(
  pairs: readonly ImagePair[],
  ratings: readonly PairRating[],
  dimension: SimilarityDimension,
): Map<string, number> {
  const known = new Set(pairs.map((pair) => pair.pairId));
  const sums = new Map<string, { sum: number; count: number }>();
  for (const rating of ratings) {
    if (!known.has(rating.pairId)) {
      throw new Error(`coder '${rating.coder}' rated pair '${rating.pairId}', which is not among the pairs`);
    }
    const value = rating[dimension];
    if (value === null || value === undefined) continue;
    if (!Number.isFinite(value)) {
      throw new Error(`coder '${rating.coder}' gave pair '${rating.pairId}' a ${dimension} rating that is not a number: ${value}`);
    }
    const entry = sums.get(rating.pairId) ?? { sum: 0, count: 0 };
    entry.sum += value;
    entry.count++;
    sums.set(rating.pairId, entry);
  }
  return new Map([...sums].map(([pairId, { sum, count }]) => [pairId, sum / count]));
}

/** The pairs rated on one dimension: indices into the pairs, mean ratings, design weights. */
export interface RatedPairs {
  readonly dimension: SimilarityDimension;
  readonly index: Int32Array;
  readonly values: Float64Array;
  /** null when every pair weighs the same. */
  readonly weights: Float64Array | null;
  /** Stratum name per rated pair; null without a design. */
  readonly strata: readonly string[] | null;
}

export function ratedPairs(
  pairs: readonly ImagePair[],
  ratings: readonly PairRating[],
  dimension: SimilarityDimension,
  design?: PairDesign,
): RatedPairs {
  const means = meanPairRatings(pairs, ratings, dimension);
  const index: number[] = [];
  pairs.forEach((pair, i) => {
    if (means.has(pair.pairId)) index.push(i);
  });
  const weightOf = (i: number): number => {
    const weight = design?.weights.get(pairs[i].pairId);
    if (weight === undefined || !(weight > 0) || !Number.isFinite(weight)) {
      throw new Error(`pair '${pairs[i].pairId}' has no positive design weight, but the pairs were drawn by a stratified design`);
    }
    return weight;
  };
  return {
    dimension,
    index: Int32Array.from(index),
    values: Float64Array.from(index, (i) => means.get(pairs[i].pairId)!),
    weights: design ? Float64Array.from(index, weightOf) : null,
    strata: design ? index.map((i) => design.strata.get(pairs[i].pairId) ?? '') : null,
  };
}

/** SAME, DIFFERENT or DROPPED for one pair, given the two images' labels (undefined: unknown image). */
export function relationOfLabels(labelA: number | undefined, labelB: number | undefined, noise: 'different' | 'drop'): number {
  if (labelA === undefined || labelB === undefined) return DROPPED;
  if (labelA === NOISE_LABEL || labelB === NOISE_LABEL) return noise === 'drop' ? DROPPED : DIFFERENT;
  return labelA === labelB ? SAME : DIFFERENT;
}

/** The relation of every pair under `clustering`. */
export function pairRelations(pairs: readonly ImagePair[], clustering: Clustering, options: RelationOptions = {}): Uint8Array {
  const noise = options.noise ?? 'different';
  return Uint8Array.from(pairs, (pair) => {
    const labelA = clustering.get(pair.imageA);
    const labelB = clustering.get(pair.imageB);
    if ((labelA === undefined || labelB === undefined) && (options.unknownImages ?? 'error') === 'error') {
      const missing = labelA === undefined ? pair.imageA : pair.imageB;
      throw new Error(`pair '${pair.pairId}': image '${missing}' is not in the clustering`);
    }
    return relationOfLabels(labelA, labelB, noise);
  });
}

/** The rated pairs no clustering in `relations` drops, compacted, with each clustering's same/different flags. */
export interface KeptPairs {
  readonly values: Float64Array;
  readonly weights: Float64Array | null;
  readonly same: Uint8Array[];
  /** Positions per stratum (for resampling within strata), or null. */
  readonly strata: Int32Array[] | null;
}

export function keptPairs(rated: RatedPairs, relations: readonly Uint8Array[]): KeptPairs {
  const kept: number[] = [];
  for (let t = 0; t < rated.index.length; t++) {
    const i = rated.index[t];
    if (relations.every((relation) => relation[i] !== DROPPED)) kept.push(t);
  }
  let strata: Int32Array[] | null = null;
  if (rated.strata) {
    const groups = new Map<string, number[]>();
    kept.forEach((t, position) => {
      const name = rated.strata![t];
      const group = groups.get(name);
      if (group) group.push(position);
      else groups.set(name, [position]);
    });
    strata = [...groups.keys()].sort().map((name) => Int32Array.from(groups.get(name)!));
  }
  return {
    values: Float64Array.from(kept, (t) => rated.values[t]),
    weights: rated.weights ? Float64Array.from(kept, (t) => rated.weights![t]) : null,
    same: relations.map((relation) => Uint8Array.from(kept, (t) => (relation[rated.index[t]] === SAME ? 1 : 0))),
    strata,
  };
}

/**
 * (Weighted) mean of the same-cluster pairs minus that of the different-cluster pairs, over
 * `indices` (a resample) or every pair; NaN when a group is empty.
 */
export function qualityOf(values: Float64Array, weights: Float64Array | null, same: Uint8Array, indices?: Int32Array): number {
  let sumSame = 0;
  let weightSame = 0;
  let sumDifferent = 0;
  let weightDifferent = 0;
  const n = indices ? indices.length : values.length;
  for (let t = 0; t < n; t++) {
    const i = indices ? indices[t] : t;
    const w = weights ? weights[i] : 1;
    if (same[i]) {
      sumSame += w * values[i];
      weightSame += w;
    } else {
      sumDifferent += w * values[i];
      weightDifferent += w;
    }
  }
  if (weightSame === 0 || weightDifferent === 0) return Number.NaN;
  return sumSame / weightSame - sumDifferent / weightDifferent;
}

/**
 * A resampler of the kept pairs: with replacement over all of them, or within each stratum
 * (keeping each stratum's size) for a stratified design.
 */
export function pairResampler(kept: KeptPairs): (random: Random, out: Int32Array) => Int32Array {
  const n = kept.values.length;
  const strata = kept.strata;
  if (!strata) return (random, out) => resampleIndices(n, random, n, out);
  return (random, out) => {
    let position = 0;
    for (const group of strata) {
      for (let i = 0; i < group.length; i++) out[position++] = group[random.int(group.length)];
    }
    return out;
  };
}
