import { countTerms, documentsPerLabel, terms, topTerms } from '../util/tokenize.js';
import { KEYWORD_STOP_WORDS } from './stop-words.js';
import type { Keyword, KeywordExtractor, KeywordOptions } from './types.js';

/** A fitted c-TF-IDF model: one weighted term vector per class, over a shared vocabulary. */
export interface ClassTfidfModel {
  /** Class labels, ascending (noise, -1, first when present). */
  readonly labels: readonly number[];
  readonly vocabulary: readonly string[];
  /** Per class: term index -> c-TF-IDF weight. */
  readonly rows: ReadonlyArray<ReadonlyMap<number, number>>;
  /** Per class: term index -> raw count (for merging classes later). */
  readonly counts: ReadonlyArray<ReadonlyMap<number, number>>;
  /** idf per term: ln(1 + A / f(t)). */
  readonly idf: Float64Array;
  /** Weights `documents` (each on its own) with this model's idf: BERTopic's `ctfidf_model.transform`. */
  transform(documents: readonly string[]): Array<Map<number, number>>;
  /** The c-TF-IDF row of a class made of these per-term counts (e.g. two classes merged). */
  weigh(counts: ReadonlyMap<number, number>): Map<number, number>;
}

/**
 * Class-based TF-IDF exactly as BERTopic computes it (ClassTfidfTransformer, default options):
 * the documents of each cluster are joined into one; tf is each class's term counts,
 * L1-normalised; idf = ln(1 + A / f(t)) where f(t) is the term's total count over all classes
 * and A is the average number of terms per class, truncated to an integer as BERTopic does
 * (`int(X.sum(axis=1).mean())`). Noise (-1) is a class like the others, as in BERTopic.
 *
 * @see https://github.com/MaartenGr/BERTopic/blob/master/bertopic/vectorizers/_ctfidf.py
 */
export function fitClassTfidf(documents: readonly string[], labels: ArrayLike<number>, options: Omit<KeywordOptions, 'topN'>): ClassTfidfModel {
  const tokenize = { ngramRange: options.ngramRange, stopWords: options.stopWords ?? KEYWORD_STOP_WORDS };
  const grouped = documentsPerLabel(documents, labels);
  const { vocabulary, counts } = countTerms(grouped.documents, tokenize);
  const termTotals = new Float64Array(vocabulary.length);
  let allTerms = 0;
  for (const row of counts) {
    for (const [term, count] of row) {
      termTotals[term] += count;
      allTerms += count;
    }
  }
  const averageTermsPerClass = Math.trunc(allTerms / Math.max(1, counts.length));
  const idf = new Float64Array(vocabulary.length);
  for (let t = 0; t < vocabulary.length; t++) idf[t] = Math.log(averageTermsPerClass / termTotals[t] + 1);
  const weigh = (row: ReadonlyMap<number, number>): Map<number, number> => {
    let rowTotal = 0;
    for (const count of row.values()) rowTotal += count;
    const scores = new Map<number, number>();
    if (rowTotal === 0) return scores;
    for (const [term, count] of row) scores.set(term, (count / rowTotal) * idf[term]);
    return scores;
  };
  const index = new Map(vocabulary.map((term, i) => [term, i]));
  return {
    labels: grouped.labels,
    vocabulary,
    rows: counts.map(weigh),
    counts,
    idf,
    weigh,
    transform: (docs) =>
      docs.map((doc) => {
        const row = new Map<number, number>();
        for (const term of terms(doc, tokenize)) {
          const t = index.get(term);
          if (t !== undefined) row.set(t, (row.get(t) ?? 0) + 1);
        }
        return weigh(row);
      }),
  };
}

export function createClassTfidf(options: KeywordOptions): KeywordExtractor {
  return {
    name: 'ctfidf',
    signature: { extractor: 'ctfidf', params: stopWordParams(options) },
    extract(documents, labels) {
      const model = fitClassTfidf(documents, labels, options);
      const out = new Map<number, Keyword[]>();
      model.rows.forEach((scores, c) => out.set(model.labels[c], topTerms(model.vocabulary, scores, options.topN)));
      return out;
    },
  };
}

/** What run.json records of the options: the stop words by count (the list itself can be long). */
export function stopWordParams(options: KeywordOptions): Record<string, unknown> {
  const params: Record<string, unknown> = { topN: options.topN, ngramRange: options.ngramRange };
  if (options.stopWords) params.stopWords = options.stopWords.size;
  return params;
}
