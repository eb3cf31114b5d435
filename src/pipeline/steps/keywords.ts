import { countByLabel } from '../../cluster/counts.js';
import { representativesByLabel } from '../../cluster/representatives.js';
import { resolvePrompt } from '../../describe/prompts.js';
import { embedders, embedTexts } from '../../embed/index.js';
import {
  keywordExtractors,
  keywordStopWords,
  maximalMarginalRelevance,
  MMR_CANDIDATES,
  terms,
  termDocumentVectors,
  type Keyword,
  type KeywordOptions,
} from '../../keywords/index.js';
import type { ClusterResult, SummarisedClustering } from '../../types/analysis.js';
import type { RunConfig } from '../config.js';
import type { StepEnvironment } from '../session.js';
import type { ClusteringAtSize } from './cluster.js';

/** The settings keywords read; `prompt` (whose words are left out) and the embedder (for MMR) where known. */
export type KeywordConfig = Pick<RunConfig, 'keywords' | 'representatives'> & Partial<Pick<RunConfig, 'prompt' | 'embedder' | 'baseDir'>>;

/**
 * Step 6, keywords: every cluster summarised by c-TF-IDF and TF-IDF keywords from `documents`
 * (always the descriptions, so clusterings of any features read the same way) and by its most
 * typical members. Stop words, the prompt's own words and the user's extra words are left out;
 * with `keywords.diversity` above 0 the c-TF-IDF list is diversified by maximal marginal relevance.
 */
export async function summariseClusterings(
  config: KeywordConfig,
  documents: readonly string[],
  clusterings: readonly ClusteringAtSize[],
  env?: StepEnvironment,
  /** The prompt's text when known already (an edit of a stored run); else read from `config.prompt`. */
  promptText?: string | null,
): Promise<SummarisedClustering[]> {
  const options = keywordOptionsFor(config, promptText);
  const diversity = config.keywords.diversity ?? 0;
  const ctfidf = keywordExtractors.get('ctfidf').create(diversity > 0 ? { ...options, topN: Math.max(options.topN, MMR_CANDIDATES) } : options);
  const tfidf = keywordExtractors.get('tfidf').create(options);
  const out: SummarisedClustering[] = [];
  for (const { minClusterSize, result, seconds } of clusterings) {
    const start = performance.now();
    let keywords = ctfidf.extract(documents, result.labels);
    if (diversity > 0) keywords = await diversify(keywords, documents, options, diversity, config, env);
    const tfidfKeywords = tfidf.extract(documents, result.labels);
    out.push({
      minClusterSize,
      result,
      clusters: digests(result, keywords, tfidfKeywords, config.representatives),
      seconds: seconds + (performance.now() - start) / 1000,
    });
  }
  return out;
}

/** The extractor options of a run: its n-grams and top N, and every word it leaves out. */
export function keywordOptionsFor(config: KeywordConfig, promptText?: string | null): KeywordOptions {
  const prompt = promptText !== undefined ? promptText : promptTextOf(config.prompt);
  return {
    topN: config.keywords.topN,
    ngramRange: config.keywords.ngramRange,
    stopWords: keywordStopWords(
      {
        stopWordsFile: config.keywords.stopWordsFile ?? null,
        extraStopWords: config.keywords.extraStopWords ?? [],
        removePromptWords: config.keywords.removePromptWords ?? true,
      },
      prompt,
    ),
  };
}

function promptTextOf(prompt: RunConfig['prompt'] | undefined): string | null {
  if (!prompt) return null;
  return resolvePrompt({ prompt: prompt.name, promptFile: prompt.file, criterion: prompt.criterion }).text;
}

function digests(result: ClusterResult, keywords: Map<number, Keyword[]>, tfidfKeywords: Map<number, Keyword[]>, representativeCount: number) {
  const representatives = representativesByLabel(result, representativeCount);
  const sizes = countByLabel(result.labels);
  return [...sizes.keys()]
    .filter((label) => label >= 0)
    .sort((a, b) => a - b)
    .map((label) => ({
      label,
      size: sizes.get(label) as number,
      keywords: keywords.get(label) ?? [],
      tfidfKeywords: tfidfKeywords.get(label) ?? [],
      representatives: representatives.get(label) ?? [],
    }));
}

/**
 * MMR over each cluster's top c-TF-IDF candidates. Words are embedded by the run's embedder when
 * it embeds texts one by one (MiniLM, OpenAI: cached like descriptions); the offline `tfidf`
 * embedder is fitted to the whole corpus and cannot embed a word alone, so then (and in library
 * calls without a store) a term is represented by the descriptions it occurs in (termDocumentVectors).
 */
async function diversify(
  candidates: Map<number, Keyword[]>,
  documents: readonly string[],
  options: KeywordOptions,
  diversity: number,
  config: KeywordConfig,
  env: StepEnvironment | undefined,
): Promise<Map<number, Keyword[]>> {
  const labels = [...candidates.keys()];
  const topicTexts = labels.map((label) => (candidates.get(label) ?? []).map((k) => k.term).join(' '));
  const words = [...new Set(labels.flatMap((label) => (candidates.get(label) ?? []).map((k) => k.term)))];
  const vectorOf = await wordVectors([...words, ...topicTexts], documents, options, config, env);
  const out = new Map<number, Keyword[]>();
  labels.forEach((label, i) => {
    const list = candidates.get(label) ?? [];
    const vectors = list.map((k) => vectorOf(k.term));
    out.set(label, maximalMarginalRelevance(list, vectors, vectorOf(topicTexts[i]), diversity, options.topN));
  });
  return out;
}

async function wordVectors(
  texts: readonly string[],
  documents: readonly string[],
  options: KeywordOptions,
  config: KeywordConfig,
  env: StepEnvironment | undefined,
): Promise<(text: string) => ArrayLike<number>> {
  const embedder = env && config.embedder ? embedders.get(config.embedder.name).create({ baseDir: config.baseDir ?? process.cwd(), settings: config.embedder.settings }) : undefined;
  try {
    if (env && embedder && !embedder.corpusDependent) {
      const { matrix } = await embedTexts(texts, embedder, env.store, env.ctx);
      const rows = new Map(texts.map((text, i) => [text, matrix.data.subarray(i * matrix.cols, (i + 1) * matrix.cols)]));
      return (text) => rows.get(text)!;
    }
  } finally {
    await embedder?.close?.();
  }
  // A term's vector is where it occurs; a joined topic text's vector is the sum of its terms' vectors.
  const documentTerms = documents.map((doc) => new Set(terms(doc, options)));
  const maxN = options.ngramRange[1];
  const termList = [...new Set([...texts.filter((text) => text.split(' ').length <= maxN), ...texts.flatMap((text) => text.split(' '))])];
  const byTerm = new Map<string, Float64Array>();
  termDocumentVectors(termList, documentTerms).forEach((vector, i) => byTerm.set(termList[i], vector));
  return (text) => termVector(text, byTerm, documentTerms.length);
}

/** A candidate (a unigram or a bigram) or a topic text: the sum of its words' occurrence vectors. */
function termVector(text: string, byTerm: ReadonlyMap<string, Float64Array>, n: number): Float64Array {
  const exact = byTerm.get(text);
  if (exact) return exact;
  const sum = new Float64Array(n);
  for (const word of text.split(' ')) {
    const vector = byTerm.get(word);
    if (vector) for (let d = 0; d < n; d++) sum[d] += vector[d];
  }
  return sum;
}
