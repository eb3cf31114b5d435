import { countTerms, documentsPerLabel, topTerms } from '../util/tokenize.js';
import { stopWordParams } from './ctfidf.js';
import { KEYWORD_STOP_WORDS } from './stop-words.js';
import type { Keyword, KeywordExtractor, KeywordOptions } from './types.js';

/**
 * Plain TF-IDF over cluster documents (each cluster's descriptions joined into one document),
 * with scikit-learn's TfidfVectorizer defaults: raw counts, smooth idf = ln((1 + n) / (1 + df)) + 1,
 * rows L2-normalised. This is the summary the paper reports beside c-TF-IDF.
 *
 * @see https://scikit-learn.org/stable/modules/feature_extraction.html#tfidf-term-weighting
 */
export function createTfidfKeywords(options: KeywordOptions): KeywordExtractor {
  return {
    name: 'tfidf',
    signature: { extractor: 'tfidf', params: stopWordParams(options) },
    extract(documents, labels) {
      const grouped = documentsPerLabel(documents, labels);
      const { vocabulary, counts } = countTerms(grouped.documents, {
        ngramRange: options.ngramRange,
        stopWords: options.stopWords ?? KEYWORD_STOP_WORDS,
      });
      const documentFrequency = new Float64Array(vocabulary.length);
      for (const row of counts) for (const term of row.keys()) documentFrequency[term] += 1;
      const n = counts.length;
      const out = new Map<number, Keyword[]>();
      counts.forEach((row, c) => {
        const scores = new Map<number, number>();
        let sumSquares = 0;
        for (const [term, count] of row) {
          const value = count * (Math.log((1 + n) / (1 + documentFrequency[term])) + 1);
          scores.set(term, value);
          sumSquares += value * value;
        }
        const norm = Math.sqrt(sumSquares) || 1;
        for (const [term, value] of scores) scores.set(term, value / norm);
        out.set(grouped.labels[c], topTerms(vocabulary, scores, options.topN));
      });
      return out;
    },
  };
}
