import { Registry } from '../util/registry.js';
import { createOpenAIDescriber } from './openai.js';
import type { DescriberFactory } from './types.js';

export * from './types.js';

/** Named describer implementations; built-ins register below exactly as a plugin would. */
export const describers = new Registry<DescriberFactory>('describer');

describers.register({
  name: 'openai',
  summary: 'any OpenAI-compatible vision model (OpenAI, vLLM, Ollama, LM Studio, llama.cpp, OpenRouter, Gemini, Claude)',
  create: (options) => createOpenAIDescriber(options),
});
