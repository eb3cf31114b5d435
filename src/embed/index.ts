import { Registry } from '../util/registry.js';
import { createOpenAIEmbedder } from './openai.js';
import type { EmbedderFactory } from './types.js';

export * from './types.js';

/** Named embedder implementations; built-ins register below exactly as a plugin would. */
export const embedders = new Registry<EmbedderFactory>('embedder');

embedders.register({
  name: 'openai',
  summary: 'any OpenAI-compatible /v1/embeddings endpoint (text-embedding-3-small by default; vLLM, Ollama)',
  create: (options) => createOpenAIEmbedder(options),
});
