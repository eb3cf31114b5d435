import type { StageContext } from '../types/context.js';

export interface EmbedderSignature {
  readonly embedder: string;
  readonly model: string;
  readonly params: Record<string, unknown>;
}

/**
 * Turns texts into vectors. The caller batches (`batchSize`), caches by text hash and
 * commits each batch as it completes.
 */
export interface Embedder {
  readonly name: string;
  readonly signature: EmbedderSignature;
  /**
   * True when a text's vector depends on the whole corpus (TF-IDF + SVD): then the caller
   * passes every text in one call and the cache key includes the corpus.
   */
  readonly corpusDependent: boolean;
  /** Largest number of texts per call. */
  readonly batchSize: number;
  embed(texts: readonly string[], ctx: StageContext): Promise<Float32Array[]>;
  close?(): Promise<void>;
}

export interface EmbedderOptions {
  readonly baseDir: string;
  readonly settings: Readonly<Record<string, unknown>>;
}

export type EmbedderFactory = (options: EmbedderOptions) => Embedder;
