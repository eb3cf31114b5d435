import { embedders, embedTexts } from '../../embed/index.js';
import type { EmbedderSignature } from '../../embed/types.js';
import type { RunConfig } from '../config.js';
import type { RunSession } from '../session.js';
import type { Corpus } from './describe.js';
import { rowsKey, type FeatureMatrix } from './features.js';

export interface EmbeddedDescriptions {
  readonly features: FeatureMatrix;
  readonly embedder: EmbedderSignature & { readonly cacheKey: string };
  readonly counts: { readonly cached: number; readonly new: number };
}

/** Step 3, embed: one vector per description (cached by text hash and embedder). */
export async function embedDescriptions(session: RunSession, config: RunConfig, corpus: Corpus): Promise<EmbeddedDescriptions> {
  if (corpus.rows.length === 0) throw new Error('no image has a usable description, so there is nothing to cluster (see the errors above)');
  const embedder = embedders.get(config.embedder.name).create({ baseDir: config.baseDir, settings: config.embedder.settings });
  try {
    const texts = corpus.rows.map((row) => row.text);
    const embedded = await session.timed('embed', () => embedTexts(texts, embedder, session.store, session.ctx));
    return {
      features: {
        method: 'descriptions',
        matrix: embedded.matrix,
        key: `${embedded.embedderKey}:${rowsKey(corpus.rows)}`,
        params: { describer: corpus.describer, prompt: corpus.prompt.hash, embedder: embedder.signature, ...(corpus.ocr ? { ocr: corpus.ocr.engine } : {}) },
      },
      embedder: { ...embedder.signature, cacheKey: embedded.embedderKey },
      counts: { cached: embedded.cached, new: embedded.computed },
    };
  } finally {
    await embedder.close?.();
  }
}
