import { Registry } from '../util/registry.js';
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
