import type { ClusterResult } from '../../types/analysis.js';
import { NOISE_LABEL, SIMILARITY_DIMENSIONS, type SimilarityDimension } from '../coding/types.js';
import { keptPairs, pairRelations, qualityOf, ratedPairs } from '../statistics/rated-pairs.js';
import { meanSd, seedAgreement, type MeanSd } from '../statistics/stability.js';
import type { Scoring } from './study.js';

/** One method reduced and clustered again at another seed. */
export interface MethodRepeat {
  readonly seed: number;
  readonly clusterings: ReadonlyArray<{ readonly minClusterSize: number; readonly result: ClusterResult }>;
  /** k-means at each matched k on this seed's reduction. */
  readonly matched: ReadonlyMap<number, ClusterResult>;
}

/** A clustering's figures over the seeds. */
export interface SeedSummary {
  readonly seeds: readonly number[];
  readonly clusters: MeanSd;
  readonly noiseShare: MeanSd;
  readonly quality: Readonly<Record<SimilarityDimension, MeanSd>>;
  /** ARI between every two seeds' clusterings, over the items. */
  readonly ari: MeanSd;
  /** Of the image pairs some seed puts together, the share every seed puts together. */
  readonly keptTogether: number;
}

/** A difference between two methods over the seeds: mean, sd, and how many seeds favour each. */
export interface GapSeeds {
  readonly mean: number;
  readonly sd: number;
  readonly n: number;
  readonly positive: number;
  readonly negative: number;
}

/** Quality per dimension of item labels on the scoring's pairs, without an interval. */
export function pointQualities(labels: Int32Array, scoring: Scoring): Record<SimilarityDimension, number> {
  const clustering = scoring.asItems(labels);
  const relation = pairRelations(scoring.pairs, clustering, { noise: scoring.options.noise });
  return Object.fromEntries(
    SIMILARITY_DIMENSIONS.map((dimension) => {
      const kept = keptPairs(ratedPairs(scoring.pairs, scoring.ratings, dimension, scoring.options.design), [relation]);
      return [dimension, qualityOf(kept.values, kept.weights, kept.same[0])];
    }),
  ) as Record<SimilarityDimension, number>;
}

/** The figures of one minimum cluster size over every repeat of a method. */
export function repeatSummaries(repeats: readonly MethodRepeat[], minClusterSize: number, scoring: Scoring): SeedSummary | null {
  const results = repeats.flatMap((repeat) => {
    const found = repeat.clusterings.find((c) => c.minClusterSize === minClusterSize);
    return found ? [{ seed: repeat.seed, result: found.result }] : [];
  });
  if (results.length < 2) return null;
  const itemLabels = results.map(({ result }) => Int32Array.from(scoring.asItems(result.labels).values()));
  const qualities = results.map(({ result }) => pointQualities(result.labels, scoring));
  const agreement = seedAgreement(itemLabels);
  return {
    seeds: results.map((r) => r.seed),
    clusters: meanSd(results.map(({ result }) => result.nClusters)),
    noiseShare: meanSd(itemLabels.map((labels) => labels.filter((l) => l === NOISE_LABEL).length / Math.max(1, labels.length))),
    quality: Object.fromEntries(SIMILARITY_DIMENSIONS.map((d) => [d, meanSd(qualities.map((q) => q[d]))])) as Record<SimilarityDimension, MeanSd>,
    ari: agreement.ari,
    keptTogether: agreement.keptTogether,
  };
}
