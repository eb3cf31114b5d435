import type { SummarisedClustering } from '../../pipeline/analyse.js';
import type { ReportRow } from '../../report/index.js';
import { agreementReport, type AgreementReport } from '../statistics/agreement.js';
import { clusterQuality, compareClusterQuality, type ClusterQuality } from '../statistics/cluster-quality.js';
import type { AlphaLevel } from '../statistics/krippendorff.js';
import { clusteringFromLabels, SIMILARITY_DIMENSIONS, type ImagePair, type PairRating, type SimilarityDimension } from '../coding/types.js';

/** One clustering to score: a method at one minimum cluster size. */
export interface ScoredClustering {
  readonly method: string;
  readonly minClusterSize: number;
  readonly clusters: number;
  readonly quality: ClusterQuality;
}

export interface QualityGap {
  readonly minClusterSize: number;
  readonly dimension: SimilarityDimension;
  /** quality(first method) - quality(second method) on the same pairs, with a paired bootstrap interval. */
  readonly difference: number;
  readonly lower: number;
  readonly upper: number;
}

export interface ValidationStudy {
  readonly pairs: number;
  readonly pairsUnknown: number;
  readonly ratings: number;
  readonly agreement: Readonly<Record<SimilarityDimension, AgreementReport>>;
  readonly scored: readonly ScoredClustering[];
  readonly gaps: readonly QualityGap[];
  /** Names of the two methods compared in `gaps`, first minus second. */
  readonly compared: readonly [string, string] | null;
}

export interface StudyOptions {
  readonly noise: 'different' | 'drop';
  readonly replicates: number;
  readonly seed: number;
  readonly alphaLevel: AlphaLevel;
}

/**
 * The paper's validation: coders' agreement per dimension, then each clustering's Grimmer &
 * King quality per dimension (with bootstrap intervals and noise share), and the paired
 * difference between two methods at each minimum cluster size.
 */
export function validationStudy(
  methods: ReadonlyArray<{ readonly method: string; readonly clusterings: readonly SummarisedClustering[] }>,
  rows: readonly ReportRow[],
  pairs: readonly ImagePair[],
  ratings: readonly PairRating[],
  options: StudyOptions,
): ValidationStudy {
  const itemIds = rows.flatMap((row) => row.itemIds);
  const rowOfItem = rows.flatMap((row, index) => row.itemIds.map(() => index));
  const known = new Set(itemIds);
  const usable = pairs.filter((pair) => known.has(pair.imageA) && known.has(pair.imageB));
  const usableIds = new Set(usable.map((p) => p.pairId));
  const usableRatings = ratings.filter((r) => usableIds.has(r.pairId));
  const agreement = Object.fromEntries(
    SIMILARITY_DIMENSIONS.map((dimension) => [
      dimension,
      agreementReport(
        usableRatings.map((r) => ({ unit: r.pairId, coder: r.coder, value: r[dimension] })),
        { level: options.alphaLevel, replicates: options.replicates, seed: options.seed },
      ),
    ]),
  ) as Record<SimilarityDimension, AgreementReport>;

  const qualityOptions = { noise: options.noise, replicates: options.replicates, seed: options.seed };
  const asItems = (clustering: SummarisedClustering) =>
    clusteringFromLabels(
      itemIds,
      rowOfItem.map((row) => clustering.result.labels[row]),
    );
  const scored: ScoredClustering[] = [];
  const gaps: QualityGap[] = [];
  const [first, second] = methods;
  const sizes = [...new Set(methods.flatMap((m) => m.clusterings.map((c) => c.minClusterSize)))].sort((a, b) => a - b);
  for (const size of sizes) {
    const a = first?.clusterings.find((c) => c.minClusterSize === size);
    const b = second?.clusterings.find((c) => c.minClusterSize === size);
    if (a && b) {
      const comparison = compareClusterQuality(usable, usableRatings, asItems(a), asItems(b), qualityOptions);
      scored.push({ method: first.method, minClusterSize: size, clusters: a.result.nClusters, quality: comparison.a });
      scored.push({ method: second.method, minClusterSize: size, clusters: b.result.nClusters, quality: comparison.b });
      for (const dimension of SIMILARITY_DIMENSIONS) {
        const gap = comparison.differences[dimension];
        if (gap) gaps.push({ minClusterSize: size, dimension, difference: gap.difference, lower: gap.interval.lower, upper: gap.interval.upper });
      }
    } else {
      for (const method of methods) {
        const c = method.clusterings.find((x) => x.minClusterSize === size);
        if (!c) continue;
        const quality = clusterQuality(usable, usableRatings, asItems(c), qualityOptions);
        scored.push({ method: method.method, minClusterSize: size, clusters: c.result.nClusters, quality });
      }
    }
  }
  return {
    pairs: usable.length,
    pairsUnknown: pairs.length - usable.length,
    ratings: usableRatings.length,
    agreement,
    scored,
    gaps,
    compared: first && second ? [first.method, second.method] : null,
  };
}
