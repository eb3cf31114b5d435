import { countByLabel } from '../cluster/counts.js';
import type { RunConfig } from './config.js';
import { describeImages, describers, resolvePrompt, type DescribeStageResult, type Prompt } from '../describe/index.js';
import type { CostEstimate } from '../describe/estimate.js';
import { descriptionKey } from '../describe/run.js';
import type { DescribeRequest, DescriberSignature } from '../describe/types.js';
import { embedders, embedTexts } from '../embed/index.js';
import type { EmbedderSignature } from '../embed/types.js';
import { analyseFeatures, saveAnalysis, type FeatureAnalysis } from './analyse.js';
import { extractImageFeatures, imageFeatureExtractors } from '../image-features/index.js';
import type { ImageFeatureSignature } from '../image-features/types.js';
import { ingest, sourceFor, type ImageSource, type IngestedImage, type IngestResult } from '../ingest/index.js';
import { connoteVersion, libraryVersions } from './provenance.js';
import type { ReportRow } from '../report/index.js';
import type { RunSession } from './session.js';
import { sha256 } from '../util/hash.js';
import type { Matrix } from '../util/matrix.js';

/** The images of a run and their descriptions: what every analysis starts from. */
export interface Corpus {
  readonly source: ImageSource;
  readonly ingested: IngestResult;
  readonly prompt: Prompt;
  readonly describer: DescriberSignature;
  readonly descriptions: DescribeStageResult;
  /** Distinct images with a usable description, in input order: the rows of every analysis. */
  readonly described: readonly IngestedImage[];
  readonly rows: readonly ReportRow[];
}

/** Ingest (cached) and set up the describer: what both a run and a dry run start with. */
async function ingestAndPrepareDescriber(session: RunSession, config: RunConfig) {
  const source = sourceFor(config.input);
  const ingested = await session.timed('ingest', () => ingest(source, session.store, session.ctx, config.limits));
  for (const failure of ingested.failures) session.recordError('ingest', failure.id, failure.path, failure.message);
  const prompt = resolvePrompt({ prompt: config.prompt.name, promptFile: config.prompt.file, criterion: config.prompt.criterion });
  const describer = describers.get(config.describer.name).create({ prompt, baseDir: config.baseDir, settings: config.describer.settings });
  const requests: DescribeRequest[] = ingested.images.map((image) => ({
    imageHash: image.hash,
    ids: image.items.map((item) => item.id),
    path: image.path,
  }));
  return { source, ingested, prompt, describer, requests };
}

export interface DryRunEstimate {
  readonly images: number;
  readonly cached: number;
  readonly toDescribe: number;
  readonly describer: DescriberSignature;
  readonly estimate: CostEstimate | null;
}

/** `--dry-run`: what describing would cost after the cache, without sending anything. */
export async function estimateDescribing(session: RunSession, config: RunConfig): Promise<DryRunEstimate> {
  const { describer, requests } = await ingestAndPrepareDescriber(session, config);
  try {
    const cached = session.store.descriptions.getMany(
      requests.map((r) => r.imageHash),
      descriptionKey(describer),
    );
    const pending = requests.filter((r) => !cached.has(r.imageHash));
    const estimate = describer.estimate && pending.length > 0 ? await describer.estimate(pending) : null;
    return { images: requests.length, cached: cached.size, toDescribe: pending.length, describer: describer.signature, estimate };
  } finally {
    await describer.close?.();
  }
}

/** Ingest and describe (both cached): the corpus every analysis of this run shares. */
export async function prepareCorpus(session: RunSession, config: RunConfig): Promise<Corpus> {
  const { source, ingested, prompt, describer, requests } = await ingestAndPrepareDescriber(session, config);
  try {
    const descriptions = await session.timed('describe', () => describeImages(requests, describer, session.store, session.ctx));
    const pathOf = new Map(requests.map((r) => [r.imageHash, r.path]));
    for (const failure of descriptions.failures) {
      session.recordError('describe', failure.ids[0] ?? null, pathOf.get(failure.imageHash) ?? null, failure.message);
      session.ctx.logger.warn(`no description for ${failure.ids.join(', ')}: ${failure.message}`);
    }
    const described = ingested.images.filter((image) => descriptions.texts.has(image.hash));
    const rows = described.map((image) => ({
      hash: image.hash,
      itemIds: image.items.map((item) => item.id),
      text: descriptions.texts.get(image.hash) as string,
    }));
    return { source, ingested, prompt, describer: describer.signature, descriptions, described, rows };
  } finally {
    await describer.close?.();
  }
}

export interface DescriptionAnalysis {
  readonly analysis: FeatureAnalysis;
  readonly embedder: EmbedderSignature & { readonly cacheKey: string };
  readonly embedded: { readonly cached: number; readonly new: number };
}

/** Embed the descriptions, then reduce, cluster per minimum size and summarise (all cached). */
export async function clusterDescriptions(session: RunSession, config: RunConfig, corpus: Corpus): Promise<DescriptionAnalysis> {
  if (corpus.rows.length === 0) throw new Error('no image has a usable description, so there is nothing to cluster (see the errors above)');
  const texts = corpus.rows.map((row) => row.text);
  const embedder = embedders.get(config.embedder.name).create({ baseDir: config.baseDir, settings: config.embedder.settings });
  try {
    const embedded = await session.timed('embed', () => embedTexts(texts, embedder, session.store, session.ctx));
    const analysis = await analyseAndSave(session, config, corpus, 'descriptions', embedded.matrix, embedded.embedderKey, {
      describer: corpus.describer,
      prompt: corpus.prompt.hash,
      embedder: embedder.signature,
    });
    return {
      analysis,
      embedder: { ...embedder.signature, cacheKey: embedded.embedderKey },
      embedded: { cached: embedded.cached, new: embedded.computed },
    };
  } finally {
    await embedder.close?.();
  }
}

export interface ImageFeatureAnalysis {
  readonly analysis: FeatureAnalysis;
  readonly extractor: ImageFeatureSignature & { readonly cacheKey: string };
  readonly extracted: { readonly cached: number; readonly new: number };
}

/**
 * The CNN baseline: features from the pixels of the same rows, then the same reduce, cluster
 * and keyword steps as the descriptions (keywords come from the members' descriptions, so both
 * clusterings can be read the same way).
 */
export async function clusterImageFeatures(session: RunSession, config: RunConfig, corpus: Corpus): Promise<ImageFeatureAnalysis> {
  const choice = config.evaluation.imageFeatures;
  const extractor = imageFeatureExtractors.get(choice.name).create({ baseDir: config.baseDir, settings: choice.settings });
  try {
    const images = corpus.described.map((image) => ({ hash: image.hash, path: image.path }));
    const features = await session.timed('image-features', () => extractImageFeatures(images, extractor, session.store, session.ctx));
    const analysis = await analyseAndSave(session, config, corpus, 'image-features', features.matrix, features.cacheKey, {
      imageFeatures: extractor.signature,
    });
    return {
      analysis,
      extractor: { ...extractor.signature, cacheKey: features.cacheKey },
      extracted: { cached: features.cached, new: features.computed },
    };
  } finally {
    await extractor.close?.();
  }
}

/**
 * The steps both methods share once they have a feature matrix: reduce, cluster per minimum
 * size and summarise (cached under the features' key and the rows), then record the result.
 * Keywords always come from the descriptions, so every clustering can be read the same way.
 */
async function analyseAndSave(
  session: RunSession,
  config: RunConfig,
  corpus: Corpus,
  method: 'descriptions' | 'image-features',
  features: Matrix,
  featuresCacheKey: string,
  params: Record<string, unknown>,
): Promise<FeatureAnalysis> {
  const analysis = await session.timed(`analyse.${method}`, () =>
    analyseFeatures(
      features,
      `${featuresCacheKey}:${rowsKey(corpus)}`,
      corpus.rows.map((row) => row.text),
      config,
      session.store,
      session.ctx,
    ),
  );
  for (const [step, seconds] of Object.entries(analysis.timings)) session.timings[`${method}.${step}`] = seconds;
  saveAnalysis(session.store, session.runId, method, analysis, corpus.rows.map((row) => row.itemIds), {
    ...params,
    reduce: config.reduce,
    cluster: config.cluster,
  });
  return analysis;
}

/** How the description features were made, in words, for reports. */
export function describeDescriptionFeatures(corpus: Corpus, embedder: EmbedderSignature): string {
  return `${corpus.describer.describer} describer (${corpus.describer.model}), prompt ${corpus.prompt.name}; ${embedder.embedder} embeddings (${embedder.model})`;
}

/** How the CNN features were made, in words, for reports. */
export function describeImageFeatures(extractor: ImageFeatureSignature): string {
  const weights = typeof extractor.params.weights === 'string' ? `; weights: ${extractor.params.weights}` : '';
  const layer = typeof extractor.params.layer === 'string' ? `, layer ${extractor.params.layer}` : '';
  return `${extractor.extractor} image features from ${extractor.model}${layer}${weights}`;
}

/** Identifies the rows (distinct described images, in order) so cached reductions match them. */
export function rowsKey(corpus: Corpus): string {
  return sha256(corpus.rows.map((row) => row.hash).join('\n')).slice(0, 16);
}

/** Noise counted over items (a duplicated image counts once per item). */
export function noiseItems(labels: Int32Array, corpus: Corpus): number {
  return countByLabel(labels, (row) => corpus.rows[row].itemIds.length).get(-1) ?? 0;
}

/** The provenance common to every command: versions, configuration, prompt, input and timings. */
export function baseProvenance(session: RunSession, config: RunConfig, corpus: Corpus): Record<string, unknown> {
  return {
    connote: connoteVersion(),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    libraries: libraryVersions(['@huggingface/transformers', 'onnxruntime-node', 'openai', 'sharp', 'better-sqlite3', '@tensorflow/tfjs']),
    runId: session.runId,
    startedAt: session.store.runs.get(session.runId)?.startedAt,
    config,
    seed: config.seed,
    prompt: { name: corpus.prompt.name, version: corpus.prompt.version, sha256: corpus.prompt.hash, text: corpus.prompt.text },
    describer: corpus.describer,
    input: {
      location: corpus.source.location,
      kind: corpus.source.name,
      items: corpus.ingested.items.length,
      distinctImages: corpus.ingested.images.length,
      // One hash over every (id, image hash) pair: two runs on the same corpus share it.
      corpusSha256: sha256(corpus.ingested.items.map((item) => `${item.id}\t${item.hash}`).join('\n')),
    },
    usage: corpus.descriptions.usage,
  };
}
