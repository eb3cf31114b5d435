/**
 * The records of a validation study with human coders (Arminio et al. 2025, following Grimmer &
 * King 2011): pairs of images, coders' similarity ratings of them, the clusterings judged, and the
 * interpretability tasks. Plain data shared by the store (which keeps them), the evaluation
 * (which scores them) and the web app (which collects them).
 */

/** The two similarity judgements a coder makes about a pair of images. */
export type SimilarityDimension = 'denotative' | 'connotative';
export const SIMILARITY_DIMENSIONS: readonly SimilarityDimension[] = ['denotative', 'connotative'];

/** Grimmer & King's three-point scale: 1 unrelated, 2 loosely related, 3 closely related. */
export const SIMILARITY_SCALE = { min: 1, max: 3 } as const;

/** Two images shown side by side to coders. */
export interface ImagePair {
  readonly pairId: string;
  readonly imageA: string;
  readonly imageB: string;
}

/** One coder's ratings of one pair; null where the coder gave none on that dimension. */
export interface PairRating {
  readonly pairId: string;
  readonly coder: string;
  readonly denotative: number | null;
  readonly connotative: number | null;
}

/** Cluster label per item id; `NOISE_LABEL` marks an item no cluster took. */
export type Clustering = ReadonlyMap<string, number>;
export const NOISE_LABEL = -1;

/** Several clusterings of the same images by name, e.g. { connotative, denotative, cnn }. */
export type NamedClusterings = Readonly<Record<string, Clustering>>;

export interface InterpretabilityOption {
  /** What the rater answers: the position in this task's list, from "1". */
  readonly optionId: string;
  readonly summary: string;
}

/** What a rater sees: m images of one (hidden) cluster and every summary, in this task's own order. */
export interface InterpretabilityTask {
  readonly taskId: string;
  readonly images: string[];
  readonly options: InterpretabilityOption[];
}

/** The answers: which cluster each task shows and which cluster each option summarises. */
export interface InterpretabilityKey {
  readonly tasks: Readonly<Record<string, { readonly cluster: number; readonly options: Readonly<Record<string, number>> }>>;
  /** Summaries offered per task (the number of choices, K). */
  readonly choices: number;
}
