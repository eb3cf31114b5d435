import { Registry } from '../util/registry.js';
import type { KeywordExtractorFactory } from './types.js';
import { createClassTfidf } from './ctfidf.js';
import { createTfidfKeywords } from './tfidf.js';
import { KEYWORD_SETTINGS } from './settings.js';

export { KEYWORD_SETTINGS } from './settings.js';

export * from './types.js';
export { fitClassTfidf, type ClassTfidfModel } from './ctfidf.js';
export { maximalMarginalRelevance, MMR_CANDIDATES, termDocumentVectors } from './mmr.js';
export { CONNECTIVES, KEYWORD_STOP_WORDS, keywordStopWords, readStopWordsFile, wordsOf } from './stop-words.js';

/** Named keyword extractor implementations; built-ins register below exactly as a plugin would. */
export const keywordExtractors = new Registry<KeywordExtractorFactory>('keyword extractor');

export { countTerms, documentsPerLabel, ENGLISH_STOP_WORDS, terms, type TermCounts } from '../util/tokenize.js';

keywordExtractors.register({
  name: 'ctfidf',
  summary: "class-based TF-IDF exactly as BERTopic computes it (the default)",
  settings: KEYWORD_SETTINGS,
  create: createClassTfidf,
});
keywordExtractors.register({
  name: 'tfidf',
  summary: "plain TF-IDF over each cluster's joined descriptions (scikit-learn defaults), as the paper reports",
  settings: KEYWORD_SETTINGS,
  create: createTfidfKeywords,
});
