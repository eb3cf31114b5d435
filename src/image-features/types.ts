import type { StageContext } from '../types/context.js';

export interface ImageFeatureSignature {
  readonly extractor: string;
  readonly model: string;
  readonly params: Record<string, unknown>;
}

/**
 * The CNN baseline's first step: a vector per image computed from its pixels (what the image
 * shows), which then goes through the same reduce, cluster and report steps as the
 * description embeddings (what the image means).
 */
export interface ImageFeatureExtractor {
  readonly name: string;
  readonly signature: ImageFeatureSignature;
  /** Largest number of images per call. */
  readonly batchSize: number;
  /** One vector per path, in order. A file that cannot be read rejects with a message naming it. */
  extract(paths: readonly string[], ctx: StageContext): Promise<Float32Array[]>;
  close?(): Promise<void>;
}

export interface ImageFeatureOptions {
  readonly baseDir: string;
  readonly settings: Readonly<Record<string, unknown>>;
}

export type ImageFeatureExtractorFactory = (options: ImageFeatureOptions) => ImageFeatureExtractor;
