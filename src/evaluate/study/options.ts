import { existsSync, readFileSync } from 'node:fs';

/** What `connote evaluate` adds to a run's configuration. */
export interface EvaluationOptions {
  /** Blinding key of a pairs file with blind ids (default: the .key.csv beside it). */
  readonly key?: string;
  /** Seeds at which reduce and cluster are rerun for the stability figures (none: no repeats). */
  readonly seeds?: readonly number[];
  /** Label permutations per chance baseline (default 1000). */
  readonly permutations?: number;
  /** Manifest columns whose labels give the label-derived similarity proxy. */
  readonly similarityFrom?: readonly string[];
  /**
   * More text embedders to run over the same descriptions, each scored beside the main pipeline
   * and the CNN (e.g. wordvectors next to tfidf): the table then shows every pipeline side by side.
   */
  readonly alsoEmbedders?: readonly string[];
  /**
   * Also score the descriptions with the text inside each image appended (OCR, Tesseract), with
   * the main embedder, as the method descriptions-ocr.
   */
  readonly alsoOcr?: boolean;
}

/** Who made the ratings: people, or models standing in for them (as in the bundled example). */
export interface CoderKinds {
  /** Coder name -> 'person' or 'model'. */
  readonly kinds: Readonly<Record<string, 'person' | 'model'>>;
  /** How the coders worked, in a sentence. */
  readonly note: string;
  readonly source: string;
}

/** `study/ratings.csv` -> `study/ratings.coders.json`. */
export function coderKindsPath(ratingsPath: string): string {
  return `${ratingsPath.replace(/\.csv$/i, '')}.coders.json`;
}

/**
 * Reads the declaration of who the coders are, kept beside the ratings file as
 * `<ratings>.coders.json`: `{"coders": {"coder1": "model", ...}, "note": "..."}`. Without one,
 * the coders are taken to be people. A report built on model coders must say so.
 */
export function readCoderKinds(ratingsPath: string): CoderKinds | null {
  const path = coderKindsPath(ratingsPath);
  if (!existsSync(path)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  const record = parsed as { coders?: Record<string, unknown>; note?: unknown };
  if (!record || typeof record !== 'object' || !record.coders || typeof record.coders !== 'object') {
    throw new Error(`${path}: expected {"coders": {"<coder>": "model" | "person", ...}, "note": "..."}`);
  }
  const kinds: Record<string, 'person' | 'model'> = {};
  for (const [coder, kind] of Object.entries(record.coders)) {
    if (kind !== 'model' && kind !== 'person') throw new Error(`${path}: coder '${coder}' must be "model" or "person", got ${JSON.stringify(kind)}`);
    kinds[coder] = kind;
  }
  return { kinds, note: typeof record.note === 'string' ? record.note : '', source: path };
}
