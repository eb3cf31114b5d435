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
    const images = corpus.described.map((image) => ({ hash: image.hash, path: image.path }));
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
