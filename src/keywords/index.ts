import { Registry } from '../util/registry.js';
import type { KeywordExtractorFactory } from './types.js';

export * from './types.js';

/** Named keyword extractor implementations; built-ins register below exactly as a plugin would. */
export const keywordExtractors = new Registry<KeywordExtractorFactory>('keyword extractor');
