import { Registry } from '../util/registry.js';
import { createLocalVlmDescriber } from './local-vlm.js';
import { createOpenAIDescriber } from './openai.js';
import type { DescriberFactory } from './types.js';
import { createReferenceDescriber } from './reference.js';

export * from './types.js';
export { BUILT_IN_PROMPTS, makePrompt, resolvePrompt, type Prompt } from './prompts.js';
export { describeImages, type DescribeStageResult } from './run.js';

/** Named describer implementations; built-ins register below exactly as a plugin would. */
export const describers = new Registry<DescriberFactory>('describer');

describers.register({
  name: 'reference',
  summary: 'descriptions read from a JSONL file ({"id","prompt","text"}), offline',
  create: createReferenceDescriber,
});

describers.register({
  name: 'local-vlm',
  summary: 'in-process vision-language model via transformers.js on CPU (default SmolVLM-500M-Instruct), greedy decoding',
  create: createLocalVlmDescriber,
});

describers.register({
  name: 'openai',
  summary: 'any OpenAI-compatible vision model (OpenAI, vLLM, Ollama, LM Studio, llama.cpp, OpenRouter, Gemini, Claude)',
  create: (options) => createOpenAIDescriber(options),
});
