import { Registry } from '../util/registry.js';
import { createTfjsExtractor } from './tfjs.js';
import type { ImageFeatureExtractorFactory } from './types.js';

export * from './types.js';

/** Named image feature extractor implementations; built-ins register below exactly as a plugin would. */
export const imageFeatureExtractors = new Registry<ImageFeatureExtractorFactory>('image feature extractor');

imageFeatureExtractors.register({
  name: 'tfjs',
  summary: 'CNN pixel features (MobileNetV2 or InceptionV3 from the nsfwjs package) on TensorFlow.js wasm or cpu, offline',
  create: createTfjsExtractor,
});
