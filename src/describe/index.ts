import { Registry } from '../util/registry.js';
import { createLocalVlmDescriber } from './local-vlm.js';
import type { DescriberFactory } from './types.js';

export * from './types.js';

/** Named describer implementations; built-ins register below exactly as a plugin would. */
export const describers = new Registry<DescriberFactory>('describer');

describers.register({
  name: 'local-vlm',
  summary: 'in-process vision-language model via transformers.js on CPU (default SmolVLM-500M-Instruct), greedy decoding',
  create: createLocalVlmDescriber,
});
