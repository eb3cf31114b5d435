import { countTerms, documentsPerLabel, topTerms } from '../util/tokenize.js';
import type { Keyword, KeywordExtractor, KeywordOptions } from './types.js';

/**
 * Class-based TF-IDF exactly as BERTopic computes it (ClassTfidfTransformer, default options):
 * the documents of each cluster are joined into one; tf is each class's term counts,
 * L1-normalised; idf = ln(1 + A / f(t)) where f(t) is the term's total count over all classes
 * and A is the average number of terms per class, truncated to an integer as BERTopic does
 * (`int(X.sum(axis=1).mean())`). Noise (-1) is a class like the others, as in BERTopic.
 *
 * @see https://github.com/MaartenGr/BERTopic/blob/master/bertopic/vectorizers/_ctfidf.py
 */
export function createClassTfidf(options: KeywordOptions): KeywordExtractor {
  return {
    name: 'ctfidf',
    signature: { extractor: 'ctfidf', params: { topN: options.topN, ngramRange: options.ngramRange } },
    extract(documents, labels) {
      const grouped = documentsPerLabel(documents, labels);
      const { vocabulary, counts } = countTerms(grouped.documents, { ngramRange: options.ngramRange });
      const termTotals = new Float64Array(vocabulary.length);
      let allTerms = 0;
      for (const row of counts) {
        for (const [term, count] of row) {
          termTotals[term] += count;
          allTerms += count;
        }
      }
      const averageTermsPerClass = Math.trunc(allTerms / Math.max(1, counts.length));
      const out = new Map<number, Keyword[]>();
      counts.forEach((row, c) => {
        let rowTotal = 0;
        for (const count of row.values()) rowTotal += count;
        const scores = new Map<number, number>();
        for (const [term, count] of row) {
          scores.set(term, (count / rowTotal) * Math.log(averageTermsPerClass / termTotals[term] + 1));
        }
        out.set(grouped.labels[c], topTerms(vocabulary, scores, options.topN));
      });
      return out;
    },
  };
}
