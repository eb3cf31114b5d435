import type { CorpusRow } from '../../types/analysis.js';
import { sha256 } from '../../util/hash.js';
import type { Matrix } from '../../util/matrix.js';

/**
 * One method's features of the corpus rows, with a key that identifies the rows and their values:
 * reductions are cached under it, so re-running with new cluster sizes reduces nothing again.
 */
export interface FeatureMatrix {
  /** 'descriptions' or 'image-features': names the timings, the stored clusterings and the outputs. */
  readonly method: string;
  readonly matrix: Matrix;
  readonly key: string;
  /** How the features were made, recorded with every clustering of them. */
  readonly params: Record<string, unknown>;
}

/**
 * Identifies the rows (image and text, in order) so that cached reductions match them: the
 * texts count, because an embedder's own key does not say which descriptions it embedded (a new
 * prompt over the same images must never reuse the old prompt's reduction).
 */
export function rowsKey(rows: readonly CorpusRow[]): string {
  return sha256(rows.map((row) => `${row.hash}:${sha256(row.text).slice(0, 16)}`).join('\n')).slice(0, 16);
}
