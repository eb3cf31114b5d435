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
import { bootstrap, seededRandom, intervalOf, type BootstrapInterval, type BootstrapOptions } from './bootstrap.js';
import {
  DROPPED,
  keptPairs,
  pairRelations,
  pairResampler,
  qualityOf,
  ratedPairs,
  type PairDesign,
  type RelationOptions,
} from './rated-pairs.js';
import { NOISE_LABEL, SIMILARITY_DIMENSIONS, type Clustering, type ImagePair, type PairRating, type SimilarityDimension } from '../../types/coding.js';

export { meanPairRatings, type PairDesign } from './rated-pairs.js';

export interface ClusterQualityOptions extends BootstrapOptions, RelationOptions {
  readonly dimensions?: readonly SimilarityDimension[];
  /** How the pairs were drawn, when by a stratified design (weights and strata); default: equal chances. */
  readonly design?: PairDesign;
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
  /** Whether the means are weighted back to all image pairs (a stratified design). */
  readonly weighted: boolean;
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

function noiseShare(clustering: Clustering): number {
  if (clustering.size === 0) return Number.NaN;
  let noise = 0;
  for (const label of clustering.values()) if (label === NOISE_LABEL) noise++;
  return noise / clustering.size;
}

function checkUniquePairs(pairs: readonly ImagePair[]): void {
  const seen = new Set<string>();
  for (const pair of pairs) {
    if (seen.has(pair.pairId)) throw new Error(`pair id '${pair.pairId}' appears twice`);
    seen.add(pair.pairId);
  }
}

/** (Weighted) mean of the flagged pairs, NaN when none. */
function groupMean(values: Float64Array, weights: Float64Array | null, flags: Uint8Array, wanted: number): number {
  let sum = 0;
  let weight = 0;
  for (let i = 0; i < values.length; i++) {
    if (flags[i] !== wanted) continue;
    const w = weights ? weights[i] : 1;
    sum += w * values[i];
    weight += w;
  }
  return weight > 0 ? sum / weight : Number.NaN;
}

function qualityWith(
  pairs: readonly ImagePair[],
  ratings: readonly PairRating[],
  clustering: Clustering,
  options: ClusterQualityOptions,
  random: Random,
): ClusterQuality {
  checkUniquePairs(pairs);
  const relation = pairRelations(pairs, clustering, options);
  const dimensions: Partial<Record<SimilarityDimension, DimensionQuality>> = {};
  for (const dimension of options.dimensions ?? SIMILARITY_DIMENSIONS) {
    const kept = keptPairs(ratedPairs(pairs, ratings, dimension, options.design), [relation]);
    const { values, weights } = kept;
    const groups = kept.same[0];
    let sameCount = 0;
    for (let i = 0; i < values.length; i++) sameCount += groups[i];
    const quality = qualityOf(values, weights, groups);
    const indices = new Int32Array(values.length);
    const resample = pairResampler(kept);
    const distribution = bootstrap(
      quality,
      (r) => (values.length === 0 ? Number.NaN : qualityOf(values, weights, groups, resample(r, indices))),
      { ...options, random },
    );
    dimensions[dimension] = {
      dimension,
      quality,
      meanSame: groupMean(values, weights, groups, 1),
      meanDifferent: groupMean(values, weights, groups, 0),
      sameCount,
      differentCount: values.length - sameCount,
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
    pairsDropped: relation.filter((r) => r === DROPPED).length,
    noise: options.noise ?? 'different',
    weighted: options.design !== undefined,
  };
}

/**
 * Grimmer & King cluster quality of `clustering` per similarity dimension, from coders' ratings of
 * `pairs` (averaged over coders per pair), with a bootstrap interval over pairs. With a stratified
 * `design`, the means are weighted back to all image pairs and the bootstrap resamples within strata.
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
  const relations = [pairRelations(pairs, clusteringA, options), pairRelations(pairs, clusteringB, options)];
  const differences: Partial<Record<SimilarityDimension, QualityDifference>> = {};
  for (const dimension of options.dimensions ?? SIMILARITY_DIMENSIONS) {
    const kept = keptPairs(ratedPairs(pairs, ratings, dimension, options.design), relations);
    const { values, weights } = kept;
    const [sameA, sameB] = kept.same;
    const indices = new Int32Array(values.length);
    const resample = pairResampler(kept);
    const estimate = qualityOf(values, weights, sameA) - qualityOf(values, weights, sameB);
    const distribution = bootstrap(
      estimate,
      (r) => {
        if (values.length === 0) return Number.NaN;
        resample(r, indices);
        return qualityOf(values, weights, sameA, indices) - qualityOf(values, weights, sameB, indices);
      },
      { ...options, random },
    );
    differences[dimension] = { dimension, difference: estimate, pairs: values.length, interval: intervalOf(distribution) };
  }
  return { a, b, differences };
}
