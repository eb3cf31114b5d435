import { readImageTexts, textReaders, withImageText, type TextReaderSignature } from '../../ocr/index.js';
import type { IngestedImage } from '../../ingest/index.js';
import type { CorpusRow } from '../../types/analysis.js';
import type { RunConfig } from '../config.js';
import type { RunSession } from '../session.js';

/** What `--ocr` did: the engine (recorded in provenance and the features' key) and its counts. */
export interface ImageTextStep {
  readonly engine: TextReaderSignature;
  readonly withText: number;
  readonly cached: number;
  readonly read: number;
}

/**
 * Step 2b, `--ocr`: reads the text inside every described image (cached by image hash and
 * engine version) and appends it to the image's rows as "Text in the image: ...". The embedding
 * cache is keyed by the text, so enriched rows get embeddings of their own.
 */
export async function appendImageTexts(
  session: RunSession,
  config: RunConfig,
  described: readonly IngestedImage[],
  rows: readonly CorpusRow[],
): Promise<{ rows: readonly CorpusRow[]; step: ImageTextStep | null }> {
  if (!config.ocr) return { rows, step: null };
  const reader = textReaders.get(config.ocr.name).create({ settings: config.ocr.settings });
  try {
    const requests = described.map((image) => ({ imageHash: image.hash, path: image.path }));
    const read = await session.timed('ocr', () => readImageTexts(requests, reader, session.store, session.ctx));
    for (const failure of read.failures) {
      const image = described.find((d) => d.hash === failure.imageHash);
      session.recordError('ocr', image?.items[0]?.id ?? null, failure.path, failure.message);
      session.ctx.logger.warn(`no image text for ${failure.path}: ${failure.message} (its description is embedded without it)`);
    }
    const enriched = rows.map((row) => ({ ...row, text: withImageText(row.text, read.texts.get(row.hash)?.text) }));
    const withText = [...read.texts.values()].filter((t) => t.text.trim() !== '').length;
    session.note('ocr', `${config.ocr.name} found text in ${withText} of ${described.length} images; it is appended to their descriptions`);
    return { rows: enriched, step: { engine: reader.signature, withText, cached: read.cached, read: read.read } };
  } finally {
    await reader.close();
  }
}
