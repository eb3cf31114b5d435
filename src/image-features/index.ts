import { Registry } from '../util/registry.js';
import { createOnnxImageFeatureExtractor } from './onnx.js';
import type { ImageFeatureExtractorFactory } from './types.js';

export * from './types.js';

/** Named image feature extractor implementations; built-ins register below exactly as a plugin would. */
export const imageFeatureExtractors = new Registry<ImageFeatureExtractorFactory>('image feature extractor');

imageFeatureExtractors.register({
  name: 'onnx',
  summary: 'any ONNX image model (setting model: path to .onnx) via ONNX Runtime, features from a named layer (e.g. fc1)',
  create: createOnnxImageFeatureExtractor,
});
