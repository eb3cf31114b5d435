import { Registry } from '../util/registry.js';
import type { EmbedderFactory } from './types.js';

export * from './types.js';

/** Named embedder implementations; built-ins register below exactly as a plugin would. */
export const embedders = new Registry<EmbedderFactory>('embedder');
export { embedTexts, embedderKey, type EmbedStageResult } from './run.js';
