import { eng } from 'stopword';

/**
 * Function words the `stopword` package's English list leaves out but that carry no topic
 * (they otherwise surface as "keywords" of clusters whose descriptions hedge a lot).
 */
const SUPPLEMENT = ['its', 'no', 'not', 'nor', 'yet', 'rather', 'upon', 'via', 'whose', 'whom', 'per'];

/** English stop words: the `stopword` package's `eng` list plus SUPPLEMENT. */
export const ENGLISH_STOP_WORDS: ReadonlySet<string> = new Set([...eng, ...SUPPLEMENT].map((w) => w.toLowerCase()));

/**
 * Runs of two or more word characters, lowercased: scikit-learn's default
 * `token_pattern = r"(?u)\b\w\w+\b"` with `lowercase=True`, which BERTopic's CountVectorizer uses.
 */
const WORD = /[\p{L}\p{M}\p{N}_]+/gu;

export interface TokenizeOptions {
  readonly stopWords?: ReadonlySet<string>;
  /** Smallest and largest n-gram length (scikit-learn's `ngram_range`). */
  readonly ngramRange?: readonly [number, number];
}

/**
 * Terms of one document, in order: words (stop words removed first, as scikit-learn does) and
 * the n-grams formed from the remaining words, joined by a space.
 */
export function terms(text: string, options: TokenizeOptions = {}): string[] {
  const stopWords = options.stopWords ?? ENGLISH_STOP_WORDS;
  const [minN, maxN] = options.ngramRange ?? [1, 1];
  const words: string[] = [];
  for (const match of text.toLowerCase().matchAll(WORD)) {
    const word = match[0];
    if (word.length >= 2 && !stopWords.has(word)) words.push(word);
  }
  if (minN === 1 && maxN === 1) return words;
  const out: string[] = [];
  for (let n = minN; n <= maxN; n++) {
    for (let i = 0; i + n <= words.length; i++) out.push(n === 1 ? words[i] : words.slice(i, i + n).join(' '));
  }
  return out;
}

/** Term counts per document over a shared vocabulary (sorted, as scikit-learn's CountVectorizer sorts it). */
export interface TermCounts {
  readonly vocabulary: readonly string[];
  /** Per document: term index -> count. */
  readonly counts: ReadonlyArray<ReadonlyMap<number, number>>;
}

export function countTerms(documents: readonly string[], options: TokenizeOptions = {}): TermCounts {
  const perDocument = documents.map((doc) => {
    const counts = new Map<string, number>();
    for (const term of terms(doc, options)) counts.set(term, (counts.get(term) ?? 0) + 1);
    return counts;
  });
  const vocabulary = [...new Set(perDocument.flatMap((c) => [...c.keys()]))].sort();
  const index = new Map(vocabulary.map((term, i) => [term, i]));
  return {
    vocabulary,
    counts: perDocument.map((c) => new Map([...c].map(([term, count]) => [index.get(term) as number, count]))),
  };
}

/** Joins the documents of each label into one document (BERTopic's `documents_per_topic`), labels ascending. */
export function documentsPerLabel(documents: readonly string[], labels: ArrayLike<number>): { labels: number[]; documents: string[] } {
  const grouped = new Map<number, string[]>();
  for (let i = 0; i < documents.length; i++) {
    const list = grouped.get(labels[i]) ?? [];
    list.push(documents[i]);
    grouped.set(labels[i], list);
  }
  const sorted = [...grouped.keys()].sort((a, b) => a - b);
  return { labels: sorted, documents: sorted.map((label) => (grouped.get(label) as string[]).join(' ')) };
}

/** The `topN` highest-scoring terms, ties broken alphabetically so results never depend on map order. */
export function topTerms(vocabulary: readonly string[], scores: ReadonlyMap<number, number>, topN: number): Array<{ term: string; score: number }> {
  return [...scores]
    .filter(([, score]) => score > 0)
    .map(([index, score]) => ({ term: vocabulary[index], score }))
    .sort((a, b) => b.score - a.score || (a.term < b.term ? -1 : a.term > b.term ? 1 : 0))
    .slice(0, topN);
}
