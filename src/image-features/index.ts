import { Registry } from '../util/registry.js';
import type { ImageFeatureExtractorFactory } from './types.js';

export * from './types.js';

/** Named image feature extractor implementations; built-ins register below exactly as a plugin would. */
export const imageFeatureExtractors = new Registry<ImageFeatureExtractorFactory>('image feature extractor');
export { extractImageFeatures, type ImageFeaturesResult } from './run.js';
