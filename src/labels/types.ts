import type { StageContext } from '../types/context.js';

/** What a labeler is shown about one cluster. */
export interface ClusterToName {
  readonly label: number;
  /** Items in the cluster. */
  readonly size: number;
  /** Its most distinctive terms (c-TF-IDF), best first. */
  readonly keywords: readonly string[];
  /** Descriptions of some of its members, most typical first. */
  readonly descriptions: readonly string[];
}

/** A cluster as people read it: a short name, one sentence, and which images belong. */
export interface ClusterName {
  readonly name: string;
  readonly description: string;
  /** Inclusion criteria a coder could apply (IC|TC's and TopicGPT's "definitions"). */
  readonly criteria: string;
}

/** A named cluster whose name is too close to a sibling's, for the second pass. */
export interface SiblingToRename {
  readonly label: number;
  readonly name: string;
  readonly description: string;
  readonly keywords: readonly string[];
}

export interface LabelUsage {
  readonly inputTokens: number;
  readonly outputTokens: number;
}

/** One answer of a labeler with what it cost, when it cost anything. */
export interface LabelAnswer<T> {
  readonly value: T;
  readonly usage?: LabelUsage;
  readonly costUsd?: number;
  readonly responseModel?: string;
}

/** A prompt as recorded: its name, exact text and the SHA-256 of the text (the cache keys on it). */
export interface LabelPrompt {
  readonly name: string;
  readonly text: string;
  readonly hash: string;
}

/** Everything that changes what a labeler writes: its answers are cached under it. */
export interface LabelerSignature {
  readonly labeler: string;
  readonly model: string;
  readonly params: Record<string, unknown>;
}

/** What naming some clusters would cost, before anything is sent. */
export interface LabelEstimate {
  readonly model: string;
  readonly requests: number;
  readonly inputTokens: number;
  /** At the typical answer length. */
  readonly outputTokens: number;
  readonly maxOutputTokens: number;
  /** Undefined when no price is known. */
  readonly costUsd: number | undefined;
  readonly maxCostUsd: number | undefined;
  readonly notes: readonly string[];
}

/**
 * Writes names for clusters: a first pass names each cluster from its keywords and a sample of
 * its descriptions (as Toponymy, TopicGPT and IC|TC do), a second pass renames siblings whose
 * names came out alike. Implementations only answer; caching, concurrency and the fallback for
 * a failed answer are the caller's (see run.ts).
 */
export interface ClusterLabeler {
  readonly name: string;
  readonly signature: LabelerSignature;
  readonly prompts: { readonly name: LabelPrompt; readonly distinguish: LabelPrompt };
  /** Clusters named at once. */
  readonly concurrency: number;
  nameCluster(cluster: ClusterToName, ctx: StageContext): Promise<LabelAnswer<ClusterName>>;
  /** New names (by label) for `clashing`, distinct from each other and from `taken`. */
  distinguish(clashing: readonly SiblingToRename[], taken: readonly string[], ctx: StageContext): Promise<LabelAnswer<Map<number, string>>>;
  /** Tokens and cost of naming `clusters` (labelers that charge implement it). */
  estimate?(clusters: readonly ClusterToName[]): LabelEstimate;
  close?(): Promise<void>;
}

export interface LabelerOptions {
  /** The folder relative paths in settings are resolved against. */
  readonly baseDir: string;
  readonly settings: Readonly<Record<string, unknown>>;
  /** Your naming prompt, instead of the shipped prompts/labels/name.txt. */
  readonly promptFile?: string | null;
  /** Your renaming prompt, instead of prompts/labels/distinguish.txt. */
  readonly distinguishPromptFile?: string | null;
}

export type LabelerFactory = (options: LabelerOptions) => ClusterLabeler;
