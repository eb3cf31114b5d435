import type { CorpusRow, FeatureAnalysis } from '../types/analysis.js';
import type { ClusterHierarchy, ErrorRecord, ItemRecord } from '../store/index.js';

/** One clustered row: a distinct image, its description and every item (id) that shares it. */
export type ReportRow = CorpusRow;

interface StageSetting {
  readonly name: string;
  readonly settings: Readonly<Record<string, unknown>>;
}

interface ReductionSetting {
  readonly name: string;
  readonly nComponents: number;
  readonly nNeighbors: number;
  readonly minDist: number;
  readonly metric: string;
}

/**
 * The run settings a report shows (a run's resolved configuration has all of them): declared
 * here so the output writers depend on what they print, not on the pipeline's configuration.
 */
export interface ReportSettings {
  readonly input: string;
  readonly seed: number;
  readonly prompt: { readonly name?: string; readonly file?: string };
  readonly describer: StageSetting;
  readonly embedder: StageSetting;
  readonly reduce: ReductionSetting;
  readonly layout: ReductionSetting;
  readonly cluster: StageSetting & { readonly minClusterSizes: readonly number[] };
  readonly keywords: { readonly topN: number; readonly ngramRange: readonly [number, number] };
  /** `--near-duplicates`: the hash, the largest distance, and whether only representatives were analysed. */
  readonly nearDuplicates?: { readonly hash: string; readonly maxDistance: number; readonly analysis: string } | null;
}

/**
 * One group of near-identical images (reposts), as items: what duplicates.csv lists and what the
 * report and the web app show once, with its count.
 */
export interface NearDuplicateGroupSummary {
  /** 1, 2, ...: in the order of each group's first image in the input. */
  readonly group: number;
  /** The item that stands for the group: the first item of its largest image. */
  readonly representativeId: string;
  /** Every item of the group: the representative first, then its exact duplicates, then the others in input order. */
  readonly memberIds: readonly string[];
  /** Each member's image's Hamming distance to the representative's (0 for the representative and its exact duplicates), as memberIds. */
  readonly distances: readonly number[];
  /** Items in the group (memberIds.length). */
  readonly size: number;
  /** Distinct images in the group (exact duplicates count once). */
  readonly images: number;
}

/** Everything the output writers need; they read nothing else. */
export interface ReportInput {
  readonly runId: string;
  readonly config: ReportSettings;
  /** Which features were clustered: 'descriptions' or 'image-features'. */
  readonly method: string;
  /** How those features were made, for people, e.g. "gpt-4o descriptions (prompt connotative), minilm embeddings". */
  readonly features: string;
  /** Every ingested item, in input order (items without a description are listed unclustered). */
  readonly items: readonly ItemRecord[];
  /** The clustered rows, in the order of the analysis' matrices. */
  readonly rows: readonly ReportRow[];
  readonly analysis: FeatureAnalysis;
  readonly errors: readonly ErrorRecord[];
  /** `--near-duplicates`: every group of two or more near-identical images; absent when grouping was off. */
  readonly nearDuplicateGroups?: readonly NearDuplicateGroupSummary[];
  readonly thumbnail: (hash: string) => { data: Buffer; type: string } | undefined;
  /** The cluster tree of each clustering, by minimum cluster size, when the run built them. */
  readonly hierarchies?: ReadonlyMap<number, ClusterHierarchy>;
}

/** Column suffix for a clustering, e.g. `mcs5`. */
export const sizeTag = (minClusterSize: number): string => `mcs${minClusterSize}`;
