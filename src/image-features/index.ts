import { Registry } from '../util/registry.js';
import { createOnnxImageFeatureExtractor, ONNX_SETTINGS, probeOnnx } from './onnx.js';
import { createTransformersImageFeatureExtractor, probeTransformersImageFeatures, TRANSFORMERS_IMAGE_SETTINGS } from './transformers.js';
import { createTfjsExtractor, probeTfjs, TFJS_SETTINGS } from './tfjs.js';
import type { ImageFeatureExtractorFactory } from './types.js';

export * from './types.js';

/** Named image feature extractor implementations; built-ins register below exactly as a plugin would. */
export const imageFeatureExtractors = new Registry<ImageFeatureExtractorFactory>('image feature extractor');
export { extractImageFeatures, type ImageFeaturesResult } from './run.js';

imageFeatureExtractors.register({
  name: 'onnx',
  summary: 'any ONNX image model (setting model: path to .onnx) via ONNX Runtime, features from a named layer (e.g. fc1)',
  settings: ONNX_SETTINGS,
  probe: probeOnnx,
  create: createOnnxImageFeatureExtractor,
});
imageFeatureExtractors.register({
  name: 'transformers',
  summary: 'transformers.js image-feature-extraction models in-process (default CLIP ViT-B/32; ResNet, ViT, DINOv2 via model)',
  settings: TRANSFORMERS_IMAGE_SETTINGS,
  probe: probeTransformersImageFeatures,
  create: createTransformersImageFeatureExtractor,
});

imageFeatureExtractors.register({
  name: 'tfjs',
  summary: 'CNN pixel features (MobileNetV2 or InceptionV3 from the nsfwjs package) on TensorFlow.js wasm or cpu, offline',
  settings: TFJS_SETTINGS,
  probe: probeTfjs,
  create: createTfjsExtractor,
});
