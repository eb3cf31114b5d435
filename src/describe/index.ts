import { Registry } from '../util/registry.js';
import { z } from '../util/settings.js';
import { createLocalVlmDescriber, LOCAL_VLM_SETTINGS, probeLocalVlm } from './local-vlm.js';
import { createOpenAIDescriber } from './openai.js';
import { OPENAI_DESCRIBER_SETTINGS, probeOpenAIDescriber } from './openai-settings.js';
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
  // `file` (one JSONL file) or `files` (prompt name -> JSONL file), read by ./reference.ts.
  settings: z.strictObject({
    file: z.string({ error: 'a JSONL file path' }).min(1, { error: 'a JSONL file path' }).optional(),
    files: z.record(z.string(), z.string().min(1), { error: 'prompt names mapped to JSONL file paths' }).optional(),
  }),
  create: createReferenceDescriber,
});

describers.register({
  name: 'local-vlm',
  summary: 'in-process vision-language model via transformers.js on CPU (default SmolVLM-500M-Instruct), greedy decoding',
  settings: LOCAL_VLM_SETTINGS,
  probe: probeLocalVlm,
  create: createLocalVlmDescriber,
});

describers.register({
  name: 'openai',
  summary: 'any OpenAI-compatible vision model (OpenAI, vLLM, Ollama, LM Studio, llama.cpp, OpenRouter, Gemini, Claude)',
  settings: OPENAI_DESCRIBER_SETTINGS,
  probe: probeOpenAIDescriber,
  create: (options) => createOpenAIDescriber(options),
});
