import type { Keyword } from '../types/analysis.js';

export type { Keyword } from '../types/analysis.js';

export interface KeywordOptions {
  /** Number of terms per cluster. */
  readonly topN: number;
  /** Smallest and largest n-gram length. */
  readonly ngramRange: readonly [number, number];
}

/** Summarises each cluster by the terms that set its documents apart from the others. */
export interface KeywordExtractor {
  readonly name: string;
  readonly signature: { readonly extractor: string; readonly params: Record<string, unknown> };
  /** Keywords per label (noise, -1, included when it has members). */
  extract(documents: readonly string[], labels: ArrayLike<number>): Map<number, Keyword[]>;
}

export type KeywordExtractorFactory = (options: KeywordOptions) => KeywordExtractor;
