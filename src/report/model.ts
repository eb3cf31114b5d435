import type { RunConfig } from '../config.js';
import type { FeatureAnalysis } from '../features.js';
import type { ErrorRecord, ItemRecord } from '../store/index.js';

/** One clustered row: a distinct image, its description and every item (id) that shares it. */
export interface ReportRow {
  readonly hash: string;
  readonly itemIds: readonly string[];
  readonly text: string;
}

/** Everything the output writers need; they read nothing else. */
export interface ReportInput {
  readonly runId: string;
  readonly config: RunConfig;
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
  readonly thumbnail: (hash: string) => { data: Buffer; type: string } | undefined;
}

/** Column suffix for a clustering, e.g. `mcs5`. */
export const sizeTag = (minClusterSize: number): string => `mcs${minClusterSize}`;
