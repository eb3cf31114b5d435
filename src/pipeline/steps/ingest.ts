import { ingest, sourceFor, type ImageSource, type IngestResult } from '../../ingest/index.js';
import type { RunConfig } from '../config.js';
import type { RunSession } from '../session.js';
import type { NearDuplicateStep } from './duplicates.js';

/** The images of a run as ingested: where they came from, every item, every distinct image. */
export interface IngestedImages {
  readonly source: ImageSource;
  readonly ingested: IngestResult;
  /** `--near-duplicates`: the groups of near-identical images (step 1b); null or absent: off. */
  readonly nearDuplicates?: NearDuplicateStep | null;
}

/**
 * Step 1, ingest: every file is opened, checked, hashed and thumbnailed (cached by path, size and
 * time) before anything costs money; a file that fails is recorded with its reason and skipped.
 */
export async function ingestImages(session: RunSession, config: RunConfig): Promise<IngestedImages> {
  const source = sourceFor(config.input);
  const ingested = await session.timed('ingest', () => ingest(source, session.store, session.ctx, config.limits));
  for (const failure of ingested.failures) session.recordError('ingest', failure.id, failure.path, failure.message);
  return { source, ingested };
}
