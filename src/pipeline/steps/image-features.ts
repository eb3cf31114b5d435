import { extractImageFeatures, imageFeatureExtractors } from '../../image-features/index.js';
import type { ImageFeatureSignature } from '../../image-features/types.js';
import type { RunConfig } from '../config.js';
import type { RunSession } from '../session.js';
import type { Corpus } from './describe.js';
import { rowsKey, type FeatureMatrix } from './features.js';

export interface ExtractedImageFeatures {
  readonly features: FeatureMatrix;
  readonly extractor: ImageFeatureSignature & { readonly cacheKey: string };
  readonly counts: { readonly cached: number; readonly new: number };
}

/**
 * The CNN baseline's features: from the pixels of the same rows as the descriptions (cached by
 * image hash and extractor), so both methods cluster exactly the same images.
 */
export async function extractCorpusImageFeatures(session: RunSession, config: RunConfig, corpus: Corpus): Promise<ExtractedImageFeatures> {
  const choice = config.evaluation.imageFeatures;
  const extractor = imageFeatureExtractors.get(choice.name).create({ baseDir: config.baseDir, settings: choice.settings });
  try {
    // One per row, like the descriptions' features (an image with two texts is two rows).
    const pathOf = new Map(corpus.described.map((image) => [image.hash, image.path]));
    const images = corpus.rows.map((row) => ({ hash: row.hash, path: pathOf.get(row.hash) as string }));
    const extracted = await session.timed('image-features', () => extractImageFeatures(images, extractor, session.store, session.ctx));
    return {
      features: {
        method: 'image-features',
        matrix: extracted.matrix,
        key: `${extracted.cacheKey}:${rowsKey(corpus.rows)}`,
        params: { imageFeatures: extractor.signature },
      },
      extractor: { ...extractor.signature, cacheKey: extracted.cacheKey },
      counts: { cached: extracted.cached, new: extracted.computed },
    };
  } finally {
    await extractor.close?.();
  }
}
