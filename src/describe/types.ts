import type { StageContext } from '../types/context.js';
import type { CostEstimate } from './estimate.js';
import type { Prompt } from './prompts.js';

/** One distinct image to describe. Duplicated files share one request (and all their ids). */
export interface DescribeRequest {
  /** SHA-256 of the image bytes. */
  readonly imageHash: string;
  /** Every item id with these bytes. */
  readonly ids: readonly string[];
  /** A readable path to the bytes. */
  readonly path: string;
}

export interface TokenUsage {
  readonly inputTokens: number;
  readonly outputTokens: number;
}

/**
 * What a describer returns for one image. `refused`, `empty` and `unreadable` (a paid answer
 * that is not a chat completion connote can read; its raw text is kept) are answers too: they
 * are recorded (so they are not paid for again) but never used as descriptions.
 */
export type DescribeOutcome =
  | {
      readonly kind: 'description';
      readonly imageHash: string;
      /**
       * The items this text belongs to, for describers whose texts belong to items (reference
       * descriptions: the same file posted twice with two annotators' captions gives two
       * outcomes). Absent: a description of the image, shared by every item with these bytes.
       */
      readonly itemIds?: readonly string[];
      readonly status: 'ok' | 'refused' | 'empty' | 'unreadable';
      readonly text: string;
      readonly usage?: TokenUsage;
      readonly costUsd?: number;
      /** The model the provider says answered (may differ from the requested alias). */
      readonly responseModel?: string;
    }
  | {
      /** Nothing usable came back (network, 5xx after retries, unknown id): retried on the next run. */
      readonly kind: 'failure';
      readonly imageHash: string;
      readonly message: string;
    };

/** Everything that changes the text a describer writes: the cache key and run.json record it. */
export interface DescriberSignature {
  readonly describer: string;
  readonly model: string;
  readonly params: Record<string, unknown>;
}

/**
 * Writes one paragraph about each image. Implementations yield outcomes as they complete
 * (in any order), so the caller can commit each one the moment it arrives. An outcome may be
 * for an image outside `requests` (a resumed Batch API job that covered it, paid for): the
 * caller stores it too, for a later run.
 */
export interface Describer {
  readonly name: string;
  readonly prompt: Prompt;
  readonly signature: DescriberSignature;
  describe(requests: readonly DescribeRequest[], ctx: StageContext): AsyncIterable<DescribeOutcome>;
  /** What describing these images would cost, for `--dry-run` (describers that charge implement it). */
  estimate?(requests: readonly DescribeRequest[]): Promise<CostEstimate>;
  close?(): Promise<void>;
}

/** Options every describer receives; implementation-specific settings come in `settings`. */
export interface DescriberOptions {
  readonly prompt: Prompt;
  /** The folder relative paths in settings are resolved against (the config file's folder). */
  readonly baseDir: string;
  readonly settings: Readonly<Record<string, unknown>>;
}

export type DescriberFactory = (options: DescriberOptions) => Describer;
