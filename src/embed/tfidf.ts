import { countTerms } from '../util/tokenize.js';
import { randomizedSvd } from '../util/linalg/index.js';
import { createRandom } from '../util/random.js';
import { csrFromRows, csrOperator } from '../util/sparse.js';
import { readSettings, setting, settingsSchema, z } from '../util/settings.js';
import type { Embedder, EmbedderOptions } from './types.js';

export interface TfidfEmbedderSettings {
  /** Output dimensions (capped by the corpus: at most documents - 1 and terms - 1). Default 100. */
  readonly dimensions: number;
  /** Ignore terms found in fewer documents than this (noise words, typos). Default 2. */
  readonly minDocumentFrequency: number;
  /** Smallest and largest n-gram. Default unigrams and bigrams. */
  readonly ngramRange: readonly [number, number];
  /** Seed of the randomized SVD: fixed, so the vectors depend only on the texts. */
  readonly seed: number;
}

const DEFAULTS: TfidfEmbedderSettings = { dimensions: 100, minDocumentFrequency: 2, ngramRange: [1, 2], seed: 0 };

export const TFIDF_SETTINGS = settingsSchema({
  dimensions: setting.integer({ min: 1 }),
  minDocumentFrequency: setting.integer({ min: 1 }),
  ngramRange: z
    .tuple([z.number().int().min(1), z.number().int().min(1)], { error: 'two whole numbers [smallest, largest], e.g. [1, 2]' })
    .refine(([low, high]) => low <= high, { error: 'two whole numbers [smallest, largest], e.g. [1, 2]' })
    .optional(),
  seed: setting.integer({ min: 0 }),
});

/**
 * An offline text embedder that needs no model weights: latent semantic analysis.
 * TF-IDF with sublinear tf, smooth idf and L2-normalised rows (scikit-learn's TfidfVectorizer
 * with `sublinear_tf=True`), then a truncated SVD (randomized, fixed seed) and L2
 * normalisation, so cosine similarity compares documents as MiniLM vectors would be compared.
 * Vectors depend on the whole corpus, so connote embeds the corpus in one call and caches the
 * vectors under the corpus' hash.
 */
export function createTfidfEmbedder(options: EmbedderOptions): Embedder {
  const values = readSettings("embedder 'tfidf'", TFIDF_SETTINGS, options.settings);
  const settings: TfidfEmbedderSettings = {
    dimensions: values.dimensions ?? DEFAULTS.dimensions,
    minDocumentFrequency: values.minDocumentFrequency ?? DEFAULTS.minDocumentFrequency,
    ngramRange: values.ngramRange ?? DEFAULTS.ngramRange,
    seed: values.seed ?? DEFAULTS.seed,
  };
  return {
    name: 'tfidf',
    signature: {
      embedder: 'tfidf',
      model: 'tfidf-lsa',
      params: {
        dimensions: settings.dimensions,
        minDocumentFrequency: settings.minDocumentFrequency,
        ngramRange: settings.ngramRange,
        seed: settings.seed,
        sublinearTf: true,
      },
    },
    corpusDependent: true,
    batchSize: Number.MAX_SAFE_INTEGER,
    async embed(texts) {
      return lsaVectors(texts, settings);
    },
  };
}

function lsaVectors(texts: readonly string[], settings: TfidfEmbedderSettings): Float32Array[] {
  const n = texts.length;
  if (n === 0) return [];
  const { vocabulary, counts } = countTerms(texts, { ngramRange: settings.ngramRange });
  const documentFrequency = new Float64Array(vocabulary.length);
  for (const row of counts) for (const term of row.keys()) documentFrequency[term] += 1;
  // Keep terms seen in enough documents (all terms when the corpus is too small to be picky).
  const minDf = n >= 10 ? settings.minDocumentFrequency : 1;
  const kept = new Int32Array(vocabulary.length).fill(-1);
  let width = 0;
  for (let t = 0; t < vocabulary.length; t++) if (documentFrequency[t] >= minDf) kept[t] = width++;
  const rows = counts.map((row) => {
    const weighted = new Map<number, number>();
    let sumSquares = 0;
    for (const [term, count] of row) {
      const column = kept[term];
      if (column < 0) continue;
      const value = (1 + Math.log(count)) * (Math.log((1 + n) / (1 + documentFrequency[term])) + 1);
      weighted.set(column, value);
      sumSquares += value * value;
    }
    const norm = Math.sqrt(sumSquares) || 1;
    for (const [column, value] of weighted) weighted.set(column, value / norm);
    return weighted;
  });
  const k = Math.max(1, Math.min(settings.dimensions, n - 1, width - 1));
  if (width === 0) throw new Error('tfidf embedder: the descriptions contain no usable words');
  const svd = randomizedSvd(csrOperator(csrFromRows(rows, width)), Math.min(k, n, width), { random: createRandom(settings.seed) });
  const dims = svd.s.length;
  return Array.from({ length: n }, (_, i) => {
    const vector = new Float32Array(dims);
    let sumSquares = 0;
    for (let j = 0; j < dims; j++) {
      const value = svd.u.data[i * svd.u.cols + j] * svd.s[j];
      vector[j] = value;
      sumSquares += value * value;
    }
    const norm = Math.sqrt(sumSquares) || 1;
    for (let j = 0; j < dims; j++) vector[j] /= norm;
    return vector;
  });
}
