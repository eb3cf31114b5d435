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

/** Identifies the rows (distinct described images, in order) so cached reductions match them. */
export function rowsKey(rows: readonly CorpusRow[]): string {
  return sha256(rows.map((row) => row.hash).join('\n')).slice(0, 16);
}
