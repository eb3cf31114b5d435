import type { ClusterResult, CorpusRow } from '../../types/analysis.js';
import { agreementReport, type AgreementReport } from '../statistics/agreement.js';
import { clusterQuality, compareClusterQuality, type ClusterQuality, type PairDesign } from '../statistics/cluster-quality.js';
import type { AlphaLevel } from '../statistics/krippendorff.js';
import { labelSimilarityQuality, type LabelQuality } from '../statistics/label-similarity.js';
import { adjustedRandIndex } from '../statistics/ari.js';
import { chanceBaseline, type ChanceBaseline } from '../statistics/permutation.js';
import { clusteringFromLabels, SIMILARITY_DIMENSIONS, SIMILARITY_SCALE, type Clustering, type ImagePair, type PairRating, type SimilarityDimension } from '../coding/types.js';
import { repeatSummaries, type GapSeeds, type MethodRepeat, type SeedSummary } from './repeats.js';

/** One method's clusterings at the main seed, and optionally its repeats and matched-granularity clusterings. */
export interface MethodInput {
  readonly method: string;
  readonly clusterings: ReadonlyArray<{ readonly minClusterSize: number; readonly result: ClusterResult }>;
  /** k-means at each k (the numbers of clusters HDBSCAN found) on the main seed's reduction. */
  readonly matched?: ReadonlyMap<number, ClusterResult>;
  /** Reduce and cluster rerun at other seeds. */
  readonly repeats?: readonly MethodRepeat[];
}

export type DimensionChance = Partial<Record<SimilarityDimension, ChanceBaseline>>;

/** One clustering to score: a method at one minimum cluster size. */
export interface ScoredClustering {
  readonly method: string;
  readonly minClusterSize: number;
  readonly clusters: number;
  readonly quality: ClusterQuality;
  readonly chance: DimensionChance;
  /** The same figures over the seeds, or null without repeats. */
  readonly seeds: SeedSummary | null;
  /** Quality against the label-derived ratings, or null without --similarity-from. */
  readonly labels: LabelQuality | null;
}

export interface QualityGap {
  readonly minClusterSize: number;
  readonly dimension: SimilarityDimension;
  /** quality(first method) - quality(second method) on the same pairs, with a paired bootstrap interval. */
  readonly difference: number;
  readonly lower: number;
  readonly upper: number;
  readonly seeds: GapSeeds | null;
  /** ARI between the two methods' clusterings (1: the same partition, so no difference is possible). */
  readonly ari: number;
}

/** Both methods at the same number of clusters k (k-means), so quality is compared at one granularity. */
export interface MatchedComparison {
  readonly k: number;
  /** Where k comes from: the HDBSCAN clusterings (method, minimum cluster size) with k clusters. */
  readonly sources: ReadonlyArray<{ readonly method: string; readonly minClusterSize: number }>;
  readonly first: { readonly quality: ClusterQuality; readonly chance: DimensionChance };
  readonly second: { readonly quality: ClusterQuality; readonly chance: DimensionChance };
  /** ARI between the two methods' clusterings at this k (1: the same partition). */
  readonly ari: number;
  readonly gaps: ReadonlyArray<Omit<QualityGap, 'minClusterSize' | 'ari'>>;
}

export interface ValidationStudy {
  readonly pairs: number;
  readonly pairsUnknown: number;
  readonly ratings: number;
  readonly agreement: Readonly<Record<SimilarityDimension, AgreementReport>>;
  readonly scored: readonly ScoredClustering[];
  readonly gaps: readonly QualityGap[];
  readonly matched: readonly MatchedComparison[];
  /** Names of the two methods compared in `gaps` and `matched`, first minus second. */
  readonly compared: readonly [string, string] | null;
  /** The seeds of the repeats (empty without). */
  readonly seeds: readonly number[];
  readonly permutations: number;
  /** Whether the coded pairs were weighted back to all image pairs (a stratified design). */
  readonly weighted: boolean;
  /** The metadata columns of the label-derived proxy, if any. */
  readonly labelColumns: readonly string[];
}

export interface StudyOptions {
  readonly noise: 'different' | 'drop';
  readonly replicates: number;
  readonly seed: number;
  readonly alphaLevel: AlphaLevel;
  /** Label permutations for each chance baseline (default 1000). */
  readonly permutations?: number;
  readonly design?: PairDesign;
  /** Label sets per item for the label-derived proxy, and the columns they came from. */
  readonly labels?: { readonly sets: ReadonlyMap<string, readonly string[]>; readonly columns: readonly string[] };
}

/** Expands per-row labels to the items of each row (a duplicated image keeps every id). */
export function itemLabeller(rows: readonly Pick<CorpusRow, 'itemIds'>[]): { itemIds: string[]; asItems: (labels: Int32Array) => Clustering } {
  const itemIds = rows.flatMap((row) => row.itemIds);
  const rowOfItem = rows.flatMap((row, index) => row.itemIds.map(() => index));
  return { itemIds, asItems: (labels) => clusteringFromLabels(itemIds, rowOfItem.map((row) => labels[row])) };
}

function agreementOf(ratings: readonly PairRating[], options: StudyOptions): Record<SimilarityDimension, AgreementReport> {
  return Object.fromEntries(
    SIMILARITY_DIMENSIONS.map((dimension) => [
      dimension,
      agreementReport(
        ratings.map((r) => ({ unit: r.pairId, coder: r.coder, value: r[dimension] })),
        { level: options.alphaLevel, replicates: options.replicates, seed: options.seed, scale: SIMILARITY_SCALE },
      ),
    ]),
  ) as Record<SimilarityDimension, AgreementReport>;
}

/**
 * The validation of Arminio et al. (2025), made to survive a methodologist's questions: coders'
 * agreement per dimension; each clustering's Grimmer & King quality with its bootstrap interval,
 * its chance baseline (labels permuted, sizes and noise kept) and, with repeats, its spread over
 * seeds and the seeds' agreement; the paired difference between two methods at each minimum
 * cluster size; and the same comparison at matched granularity (both methods at the same k).
 */
export function validationStudy(
  methods: readonly MethodInput[],
  rows: readonly Pick<CorpusRow, 'itemIds'>[],
  pairs: readonly ImagePair[],
  ratings: readonly PairRating[],
  options: StudyOptions,
): ValidationStudy {
  const { itemIds, asItems } = itemLabeller(rows);
  const known = new Set(itemIds);
  const usable = pairs.filter((pair) => known.has(pair.imageA) && known.has(pair.imageB));
  const usableIds = new Set(usable.map((p) => p.pairId));
  const usableRatings = ratings.filter((r) => usableIds.has(r.pairId));
  const scoring = { pairs: usable, ratings: usableRatings, options, asItems };
  const qualityOptions = { noise: options.noise, replicates: options.replicates, seed: options.seed, design: options.design };
  const chanceOf = (clustering: Clustering): DimensionChance =>
    chanceBaseline(usable, usableRatings, clustering, { permutations: options.permutations, seed: options.seed, noise: options.noise, design: options.design });

  const scored: ScoredClustering[] = [];
  const gaps: QualityGap[] = [];
  const [first, second] = methods;
  const sizes = [...new Set(methods.flatMap((m) => m.clusterings.map((c) => c.minClusterSize)))].sort((a, b) => a - b);
  for (const size of sizes) {
    const a = first?.clusterings.find((c) => c.minClusterSize === size);
    const b = second?.clusterings.find((c) => c.minClusterSize === size);
    const score = (method: MethodInput, result: ClusterResult, quality: ClusterQuality): ScoredClustering => {
      const clustering = asItems(result.labels);
      return {
        method: method.method,
        minClusterSize: size,
        clusters: result.nClusters,
        quality,
        chance: chanceOf(clustering),
        seeds: method.repeats && method.repeats.length > 1 ? repeatSummaries(method.repeats, size, scoring) : null,
        labels: options.labels ? labelSimilarityQuality(clustering, options.labels.sets, { noise: options.noise, seed: options.seed }) : null,
      };
    };
    if (a && b) {
      const comparison = compareClusterQuality(usable, usableRatings, asItems(a.result.labels), asItems(b.result.labels), qualityOptions);
      scored.push(score(first, a.result, comparison.a), score(second, b.result, comparison.b));
      // Further pipelines (another embedder of the same descriptions) are scored beside the pair.
      for (const method of methods.slice(2)) {
        const c = method.clusterings.find((x) => x.minClusterSize === size);
        if (c) scored.push(score(method, c.result, clusterQuality(usable, usableRatings, asItems(c.result.labels), qualityOptions)));
      }
      const seeds = first.repeats && second.repeats && first.repeats.length > 1 ? gapSeeds(first.repeats, second.repeats, size, scoring) : null;
      const ari = adjustedRandIndex(a.result.labels, b.result.labels);
      for (const dimension of SIMILARITY_DIMENSIONS) {
        const gap = comparison.differences[dimension];
        if (gap) gaps.push({ minClusterSize: size, dimension, difference: gap.difference, lower: gap.interval.lower, upper: gap.interval.upper, seeds: seeds?.[dimension] ?? null, ari });
      }
    } else {
      for (const method of methods) {
        const c = method.clusterings.find((x) => x.minClusterSize === size);
        if (c) scored.push(score(method, c.result, clusterQuality(usable, usableRatings, asItems(c.result.labels), qualityOptions)));
      }
    }
  }
  return {
    pairs: usable.length,
    pairsUnknown: pairs.length - usable.length,
    ratings: usableRatings.length,
    agreement: agreementOf(usableRatings, options),
    scored,
    gaps,
    matched: first && second ? matchedComparisons(first, second, sizes, scoring, qualityOptions, chanceOf) : [],
    compared: first && second ? [first.method, second.method] : null,
    seeds: first?.repeats && first.repeats.length > 1 ? first.repeats.map((r) => r.seed) : [],
    permutations: options.permutations ?? 1000,
    weighted: options.design !== undefined,
    labelColumns: options.labels?.columns ?? [],
  };
}

/** What scoring at other seeds needs: the usable pairs and ratings, and how labels become items. */
export interface Scoring {
  readonly pairs: readonly ImagePair[];
  readonly ratings: readonly PairRating[];
  readonly options: StudyOptions;
  readonly asItems: (labels: Int32Array) => Clustering;
}

function gapSeeds(first: readonly MethodRepeat[], second: readonly MethodRepeat[], size: number, scoring: Scoring): Partial<Record<SimilarityDimension, GapSeeds>> {
  const pick = (repeat: MethodRepeat) => repeat.clusterings.find((c) => c.minClusterSize === size)?.result.labels;
  return gapsOverSeeds(first, second, pick, scoring);
}

/** Per dimension, the difference first - second at every seed both methods share. */
export function gapsOverSeeds(
  first: readonly MethodRepeat[],
  second: readonly MethodRepeat[],
  pick: (repeat: MethodRepeat) => Int32Array | undefined,
  scoring: Scoring,
): Partial<Record<SimilarityDimension, GapSeeds>> {
  const differences: Record<SimilarityDimension, number[]> = { denotative: [], connotative: [] };
  for (const repeat of first) {
    const other = second.find((r) => r.seed === repeat.seed);
    const a = pick(repeat);
    const b = other ? pick(other) : undefined;
    if (!a || !b) continue;
    const comparison = compareClusterQuality(scoring.pairs, scoring.ratings, scoring.asItems(a), scoring.asItems(b), {
      noise: scoring.options.noise,
      replicates: 1,
      design: scoring.options.design,
    });
    for (const dimension of SIMILARITY_DIMENSIONS) differences[dimension].push(comparison.differences[dimension]?.difference ?? Number.NaN);
  }
  return Object.fromEntries(SIMILARITY_DIMENSIONS.map((d) => [d, summariseGap(differences[d])])) as Record<SimilarityDimension, GapSeeds>;
}

function summariseGap(values: number[]): GapSeeds {
  const finite = values.filter(Number.isFinite);
  const mean = finite.reduce((s, v) => s + v, 0) / finite.length;
  const sd = finite.length > 1 ? Math.sqrt(finite.reduce((s, v) => s + (v - mean) ** 2, 0) / (finite.length - 1)) : Number.NaN;
  return { mean, sd, n: finite.length, positive: finite.filter((v) => v > 0).length, negative: finite.filter((v) => v < 0).length };
}

function matchedComparisons(
  first: MethodInput,
  second: MethodInput,
  sizes: readonly number[],
  scoring: Scoring,
  qualityOptions: Parameters<typeof compareClusterQuality>[4],
  chanceOf: (clustering: Clustering) => DimensionChance,
): MatchedComparison[] {
  if (!first.matched || !second.matched) return [];
  const sources = new Map<number, Array<{ method: string; minClusterSize: number }>>();
  for (const from of [first, second]) {
    for (const size of sizes) {
      const k = from.clusterings.find((c) => c.minClusterSize === size)?.result.nClusters;
      if (k === undefined || !first.matched.has(k) || !second.matched.has(k)) continue;
      sources.set(k, [...(sources.get(k) ?? []), { method: from.method, minClusterSize: size }]);
    }
  }
  return [...sources.keys()]
    .sort((x, y) => x - y)
    .map((k) => {
      const a = first.matched!.get(k)!;
      const b = second.matched!.get(k)!;
      const comparison = compareClusterQuality(scoring.pairs, scoring.ratings, scoring.asItems(a.labels), scoring.asItems(b.labels), qualityOptions);
      const pick = (repeat: MethodRepeat) => repeat.matched.get(k)?.labels;
      const seeds = first.repeats && second.repeats && first.repeats.length > 1 ? gapsOverSeeds(first.repeats, second.repeats, pick, scoring) : null;
      return {
        k,
        sources: sources.get(k)!,
        first: { quality: comparison.a, chance: chanceOf(scoring.asItems(a.labels)) },
        second: { quality: comparison.b, chance: chanceOf(scoring.asItems(b.labels)) },
        ari: adjustedRandIndex(a.labels, b.labels),
        gaps: SIMILARITY_DIMENSIONS.flatMap((dimension) => {
          const gap = comparison.differences[dimension];
          return gap ? [{ dimension, difference: gap.difference, lower: gap.interval.lower, upper: gap.interval.upper, seeds: seeds?.[dimension] ?? null }] : [];
        }),
      };
    });
}
