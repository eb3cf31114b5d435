import { Registry } from '../util/registry.js';
import type { EmbedderFactory } from './types.js';
import { createTfidfEmbedder } from './tfidf.js';

export * from './types.js';

/** Named embedder implementations; built-ins register below exactly as a plugin would. */
export const embedders = new Registry<EmbedderFactory>('embedder');
export { embedTexts, embedderKey, type EmbedStageResult } from './run.js';

embedders.register({
  name: 'tfidf',
  summary: 'offline, no model weights: TF-IDF then truncated SVD (latent semantic analysis), deterministic',
  create: createTfidfEmbedder,
});
