import type { Keyword } from '../types/analysis.js';

export type { Keyword } from '../types/analysis.js';

export interface KeywordOptions {
  /** Number of terms per cluster. */
  readonly topN: number;
  /** Smallest and largest n-gram length. */
  readonly ngramRange: readonly [number, number];
  /** Words never counted (default: English stop words and connectives; see stop-words.ts). */
  readonly stopWords?: ReadonlySet<string>;
}

/** Summarises each cluster by the terms that set its documents apart from the others. */
export interface KeywordExtractor {
  readonly name: string;
  readonly signature: { readonly extractor: string; readonly params: Record<string, unknown> };
  /** Keywords per label (noise, -1, included when it has members). */
  extract(documents: readonly string[], labels: ArrayLike<number>): Map<number, Keyword[]>;
}

export type KeywordExtractorFactory = (options: KeywordOptions) => KeywordExtractor;

/** How a run chooses its keywords: what a config file's `keywords` block resolves to. */
export interface KeywordSettings {
  /** Terms per cluster (default 10). */
  readonly topN: number;
  /** Smallest and largest n-gram (default unigrams and bigrams). */
  readonly ngramRange: readonly [number, number];
  /** A file of stop words (one a line, # comments) replacing the built-in English list; absolute. */
  readonly stopWordsFile: string | null;
  /** Words left out besides the stop words (e.g. the name of the event every image is about). */
  readonly extraStopWords: readonly string[];
  /** Leave out the words of the describer's prompt, which every description echoes (default true). */
  readonly removePromptWords: boolean;
  /**
   * Maximal marginal relevance (BERTopic's MaximalMarginalRelevance): 0 keeps the c-TF-IDF
   * order (default); towards 1 the list trades relevance for keywords unlike each other.
   */
  readonly diversity: number;
}
