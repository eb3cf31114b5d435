/**
 * Cluster quality as Grimmer & King define it: coders rate pairs of items on similarity without
 * knowing the clustering; quality is the mean rating of pairs the clustering puts in the same
 * cluster minus the mean rating of pairs it puts in different clusters. Higher is better; 0 means
 * the clustering separates nothing the coders see.
 *
 * Here it is computed per similarity dimension (denotative, connotative; Arminio et al. 2025), with
 * a percentile bootstrap over pairs and a paired comparison of two clusterings on the same pairs.
 *
 * @see Grimmer, J. & King, G. (2011). General purpose computer-assisted clustering and
 *   conceptualization. PNAS 108(7), 2643-2650 (section "Evaluating cluster quality").
 */
import type { Random } from '../../util/random.js';
import {
  bootstrap,
  seededRandom,
  intervalOf,
  resampleIndices,
  type BootstrapInterval,
  type BootstrapOptions,
} from './bootstrap.js';
import {
  NOISE_LABEL,
  SIMILARITY_DIMENSIONS,
  type Clustering,
  type ImagePair,
  type PairRating,
  type SimilarityDimension,
} from '../../types/coding.js';

export interface ClusterQualityOptions extends BootstrapOptions {
  /**
   * A pair with a noise point: 'different' (default) counts it as a different-cluster pair, since
   * the clustering did not put the two together; 'drop' leaves it out.
   */
  readonly noise?: 'different' | 'drop';
  /** A pair with an image the clustering does not know: 'error' (default) or 'drop'. */
  readonly unknownImages?: 'error' | 'drop';
  readonly dimensions?: readonly SimilarityDimension[];
}

export interface DimensionQuality {
  readonly dimension: SimilarityDimension;
  /** meanSame - meanDifferent; NaN when either group has no rated pair. */
  readonly quality: number;
  readonly meanSame: number;
  readonly meanDifferent: number;
  /** Rated pairs in each group (pairs no coder rated on this dimension are left out). */
  readonly sameCount: number;
  readonly differentCount: number;
  /** Percentile bootstrap over pairs; resamples lacking one group are undefined replicates. */
  readonly interval: BootstrapInterval;
}

export interface ClusterQuality {
  readonly dimensions: Partial<Record<SimilarityDimension, DimensionQuality>>;
  /** Share of the clustering's items labelled noise: report it beside quality, which ignores it. */
  readonly noiseShare: number;
  readonly pairs: number;
  readonly pairsWithNoise: number;
  /** Pairs left out: with noise under noise: 'drop', or with unknown images under 'drop'. */
  readonly pairsDropped: number;
  readonly noise: 'different' | 'drop';
}

export interface QualityDifference {
  readonly dimension: SimilarityDimension;
  /** quality(A) - quality(B) on the pairs both clusterings keep. */
  readonly difference: number;
  readonly pairs: number;
  readonly interval: BootstrapInterval;
}

export interface ClusterQualityComparison {
  readonly a: ClusterQuality;
  readonly b: ClusterQuality;
  readonly differences: Partial<Record<SimilarityDimension, QualityDifference>>;
}

type PairRelation = 'same' | 'different' | 'dropped';

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

function relationOf(pair: ImagePair, clustering: Clustering, options: ClusterQualityOptions): PairRelation {
  const labelA = clustering.get(pair.imageA);
  const labelB = clustering.get(pair.imageB);
  if (labelA === undefined || labelB === undefined) {
    if ((options.unknownImages ?? 'error') === 'drop') return 'dropped';
    const missing = labelA === undefined ? pair.imageA : pair.imageB;
    throw new Error(`pair '${pair.pairId}': image '${missing}' is not in the clustering`);
  }
  if (labelA === NOISE_LABEL || labelB === NOISE_LABEL) {
    return (options.noise ?? 'different') === 'drop' ? 'dropped' : 'different';
  }
  return labelA === labelB ? 'same' : 'different';
}

/** Mean over `indices` (or all) of the values in each group: same minus different, NaN if a group is empty. */
function qualityOf(values: Float64Array, same: Uint8Array, indices?: Int32Array): number {
  let sumSame = 0;
  let nSame = 0;
  let sumDifferent = 0;
  let nDifferent = 0;
  const n = indices ? indices.length : values.length;
  for (let t = 0; t < n; t++) {
    const i = indices ? indices[t] : t;
    if (same[i]) {
      sumSame += values[i];
      nSame++;
    } else {
      sumDifferent += values[i];
      nDifferent++;
    }
  }
  if (nSame === 0 || nDifferent === 0) return Number.NaN;
  return sumSame / nSame - sumDifferent / nDifferent;
}

function noiseShare(clustering: Clustering): number {
  if (clustering.size === 0) return Number.NaN;
  let noise = 0;
  for (const label of clustering.values()) if (label === NOISE_LABEL) noise++;
  return noise / clustering.size;
}

/** Rated pairs of one dimension with their relation under each clustering. */
function ratedPairs(
  pairs: readonly ImagePair[],
  means: Map<string, number>,
  relations: readonly (readonly PairRelation[])[],
): { values: Float64Array; same: Uint8Array[] } {
  const kept: number[] = [];
  pairs.forEach((pair, i) => {
    if (means.has(pair.pairId) && relations.every((relation) => relation[i] !== 'dropped')) kept.push(i);
  });
  return {
    values: Float64Array.from(kept, (i) => means.get(pairs[i].pairId)!),
    same: relations.map((relation) => Uint8Array.from(kept, (i) => (relation[i] === 'same' ? 1 : 0))),
  };
}

function checkUniquePairs(pairs: readonly ImagePair[]): void {
  const seen = new Set<string>();
  for (const pair of pairs) {
    if (seen.has(pair.pairId)) throw new Error(`pair id '${pair.pairId}' appears twice`);
    seen.add(pair.pairId);
  }
}

function qualityWith(
  pairs: readonly ImagePair[],
  ratings: readonly PairRating[],
  clustering: Clustering,
  options: ClusterQualityOptions,
  random: Random,
): ClusterQuality {
  checkUniquePairs(pairs);
  const relation = pairs.map((pair) => relationOf(pair, clustering, options));
  const dimensions: Partial<Record<SimilarityDimension, DimensionQuality>> = {};
  for (const dimension of options.dimensions ?? SIMILARITY_DIMENSIONS) {
    const { values, same } = ratedPairs(pairs, meanPairRatings(pairs, ratings, dimension), [relation]);
    const groups = same[0];
    let sameCount = 0;
    let sumSame = 0;
    let sumDifferent = 0;
    for (let i = 0; i < values.length; i++) {
      if (groups[i]) {
        sameCount++;
        sumSame += values[i];
      } else sumDifferent += values[i];
    }
    const differentCount = values.length - sameCount;
    const quality = qualityOf(values, groups);
    const indices = new Int32Array(values.length);
    const distribution = bootstrap(
      quality,
      (r) => (values.length === 0 ? Number.NaN : qualityOf(values, groups, resampleIndices(values.length, r, values.length, indices))),
      { ...options, random },
    );
    dimensions[dimension] = {
      dimension,
      quality,
      meanSame: sameCount > 0 ? sumSame / sameCount : Number.NaN,
      meanDifferent: differentCount > 0 ? sumDifferent / differentCount : Number.NaN,
      sameCount,
      differentCount,
      interval: intervalOf(distribution),
    };
  }
  const pairsWithNoise = pairs.filter(
    (pair) => clustering.get(pair.imageA) === NOISE_LABEL || clustering.get(pair.imageB) === NOISE_LABEL,
  ).length;
  return {
    dimensions,
    noiseShare: noiseShare(clustering),
    pairs: pairs.length,
    pairsWithNoise,
    pairsDropped: relation.filter((r) => r === 'dropped').length,
    noise: options.noise ?? 'different',
  };
}

/**
 * Grimmer & King cluster quality of `clustering` per similarity dimension, from coders' ratings of
 * `pairs` (averaged over coders per pair), with a bootstrap interval over pairs.
 */
export function clusterQuality(
  pairs: readonly ImagePair[],
  ratings: readonly PairRating[],
  clustering: Clustering,
  options: ClusterQualityOptions = {},
): ClusterQuality {
  return qualityWith(pairs, ratings, clustering, options, seededRandom(options));
}

/**
 * The quality of two clusterings and their difference A - B per dimension, paired: every bootstrap
 * resample of pairs is scored under both clusterings, so pair-to-pair variation in how similar the
 * sampled images are cancels out. Pairs either clustering drops are left out of the difference.
 */
export function compareClusterQuality(
  pairs: readonly ImagePair[],
  ratings: readonly PairRating[],
  clusteringA: Clustering,
  clusteringB: Clustering,
  options: ClusterQualityOptions = {},
): ClusterQualityComparison {
  const random = seededRandom(options);
  const a = qualityWith(pairs, ratings, clusteringA, options, random);
  const b = qualityWith(pairs, ratings, clusteringB, options, random);
  const relationA = pairs.map((pair) => relationOf(pair, clusteringA, options));
  const relationB = pairs.map((pair) => relationOf(pair, clusteringB, options));
  const differences: Partial<Record<SimilarityDimension, QualityDifference>> = {};
  for (const dimension of options.dimensions ?? SIMILARITY_DIMENSIONS) {
    const { values, same } = ratedPairs(pairs, meanPairRatings(pairs, ratings, dimension), [relationA, relationB]);
    const [sameA, sameB] = same;
    const indices = new Int32Array(values.length);
    const estimate = qualityOf(values, sameA) - qualityOf(values, sameB);
    const distribution = bootstrap(
      estimate,
      (r) => {
        if (values.length === 0) return Number.NaN;
        resampleIndices(values.length, r, values.length, indices);
        return qualityOf(values, sameA, indices) - qualityOf(values, sameB, indices);
      },
      { ...options, random },
    );
    differences[dimension] = { dimension, difference: estimate, pairs: values.length, interval: intervalOf(distribution) };
  }
  return { a, b, differences };
}
