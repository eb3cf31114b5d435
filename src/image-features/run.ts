import type { StageContext } from '../types/context.js';
import { cachedVectors } from '../store/cached-vectors.js';
import type { Store } from '../store/index.js';
import { hashOf } from '../util/hash.js';
import type { Matrix } from '../util/matrix.js';
import type { ImageFeatureExtractor } from './types.js';

export interface ImageFeaturesResult {
  readonly matrix: Matrix;
  readonly cached: number;
  readonly computed: number;
  readonly cacheKey: string;
}

/**
 * CNN features for each image (by content hash) through the store's vector cache: images
 * already featurised by this extractor are not decoded again; the rest are computed in
 * batches, each committed when it completes.
 */
export async function extractImageFeatures(
  images: ReadonlyArray<{ readonly hash: string; readonly path: string }>,
  extractor: ImageFeatureExtractor,
  store: Store,
  ctx: StageContext,
): Promise<ImageFeaturesResult> {
  const cacheKey = `image:${hashOf(extractor.signature)}`;
  const result = await cachedVectors(
    {
      keys: images.map((image) => image.hash),
      cacheKey,
      batchSize: extractor.batchSize,
      label: `Image features (${extractor.name}, ${extractor.signature.model})`,
      unit: 'images',
      compute: (indices) =>
        extractor.extract(
          indices.map((i) => images[i].path),
          ctx,
        ),
    },
    store,
    ctx,
  );
  return { ...result, cacheKey };
}
