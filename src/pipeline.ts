import { mkdirSync } from 'node:fs';
import type { RunConfig } from './config.js';
import { createContext, type Logger, type Progress } from './context.js';
import { describeImages, describers, resolvePrompt } from './describe/index.js';
import { embedders, embedTexts } from './embed/index.js';
import { analyseFeatures, saveAnalysis, type FeatureAnalysis } from './features.js';
import { ingest, sourceFor } from './ingest/index.js';
import { connoteVersion, libraryVersions, runId as newRunId } from './provenance.js';
import { writeOutputs, writeRunJson, type OutputPaths } from './report/index.js';
import { openProjectStore, type Store } from './store/index.js';
import { sha256 } from './util/hash.js';

export interface RunSummary {
  readonly runId: string;
  readonly status: 'finished' | 'interrupted';
  readonly items: number;
  readonly images: number;
  readonly duplicates: number;
  readonly errors: number;
  readonly described: { readonly cached: number; readonly new: number; readonly refused: number; readonly empty: number; readonly failed: number };
  readonly embedded: { readonly cached: number; readonly new: number };
  readonly reductionsFromCache: boolean;
  readonly clusterings: ReadonlyArray<{ readonly minClusterSize: number; readonly clusters: number; readonly noise: number }>;
  readonly outputs: OutputPaths | null;
  readonly seconds: number;
}

export interface PipelineIO {
  readonly logger: Logger;
  readonly progress: Progress;
  readonly signal?: AbortSignal;
}

/**
 * `connote run`: ingest -> describe -> embed -> reduce -> cluster (per minimum size) ->
 * keywords -> outputs. This function only wires stages; each stage caches in the store, so a
 * second run with the same inputs recomputes nothing expensive.
 */
export async function runPipeline(config: RunConfig, io: PipelineIO): Promise<RunSummary> {
  const started = performance.now();
  mkdirSync(config.out, { recursive: true });
  const store = openProjectStore(config.out);
  const runId = newRunId();
  const ctx = createContext({ seed: config.seed, logger: io.logger, progress: io.progress, signal: io.signal, state: store.state() });
  const timings: Record<string, number> = {};
  const timed = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    try {
      return await fn();
    } finally {
      timings[name] = (performance.now() - start) / 1000;
    }
  };
  store.runs.start(runId, config as unknown as Record<string, unknown>);
  const recordError = (stage: string, itemId: string | null, path: string | null, message: string): void => {
    store.errors.add({ runId, stage, itemId, path, message });
  };
  try {
    const source = sourceFor(config.input);
    const ingested = await timed('ingest', () => ingest(source, store, ctx, config.limits));
    for (const failure of ingested.failures) recordError('ingest', failure.id, failure.path, failure.message);

    const prompt = resolvePrompt({ prompt: config.prompt.name, promptFile: config.prompt.file });
    const describer = describers.get(config.describer.name).create({ prompt, baseDir: config.baseDir, settings: config.describer.settings });
    const requests = ingested.images.map((image) => ({ imageHash: image.hash, ids: image.items.map((item) => item.id), path: image.path }));
    const descriptions = await timed('describe', () => describeImages(requests, describer, store, ctx));
    await describer.close?.();
    for (const failure of descriptions.failures) {
      recordError('describe', failure.ids[0] ?? null, requests.find((r) => r.imageHash === failure.imageHash)?.path ?? null, failure.message);
    }
    const base = {
      runId,
      items: ingested.items.length,
      images: ingested.images.length,
      duplicates: ingested.duplicates,
      described: {
        cached: descriptions.cached,
        new: descriptions.described,
        refused: descriptions.refused,
        empty: descriptions.empty,
        failed: descriptions.failures.length,
      },
    };
    if (descriptions.interrupted) {
      store.runs.finish(runId, 'interrupted', { timings });
      return {
        ...base,
        status: 'interrupted',
        errors: store.errors.forRun(runId).length,
        embedded: { cached: 0, new: 0 },
        reductionsFromCache: false,
        clusterings: [],
        outputs: null,
        seconds: (performance.now() - started) / 1000,
      };
    }

    // Cluster the distinct images that have a usable description; duplicates share the result.
    const described = ingested.images.filter((image) => descriptions.texts.has(image.hash));
    if (described.length === 0) throw new Error('no image has a usable description, so there is nothing to cluster (see the errors above)');
    const texts = described.map((image) => descriptions.texts.get(image.hash) as string);
    const embedder = embedders.get(config.embedder.name).create({ baseDir: config.baseDir, settings: config.embedder.settings });
    const embedded = await timed('embed', () => embedTexts(texts, embedder, store, ctx));
    await embedder.close?.();

    const featuresKey = `${embedded.embedderKey}:${sha256(described.map((image) => image.hash).join('\n')).slice(0, 16)}`;
    const analysis: FeatureAnalysis = await timed('reduce+cluster', () => analyseFeatures(embedded.matrix, featuresKey, texts, config, store, ctx));
    Object.assign(timings, Object.fromEntries(Object.entries(analysis.timings).map(([k, v]) => [`analysis.${k}`, v])));

    const rows = described.map((image, i) => ({ hash: image.hash, itemIds: image.items.map((item) => item.id), text: texts[i] }));
    saveAnalysis(store, runId, 'descriptions', analysis, rows.map((row) => row.itemIds), {
      describer: describer.signature,
      prompt: prompt.hash,
      embedder: embedder.signature,
      reduce: config.reduce,
      cluster: config.cluster,
    });
    const errors = store.errors.forRun(runId);
    const outputs = await timed('outputs', () =>
      writeOutputs(
        {
          runId,
          config,
          method: 'descriptions',
          items: ingested.items,
          rows,
          analysis,
          errors,
          thumbnail: (hash) => store.images.thumbnail(hash),
        },
        config.out,
      ),
    );
    const summary: RunSummary = {
      ...base,
      status: 'finished',
      errors: errors.length,
      embedded: { cached: embedded.cached, new: embedded.computed },
      reductionsFromCache: analysis.reducedFromCache && analysis.layoutFromCache,
      clusterings: analysis.clusterings.map((c) => ({
        minClusterSize: c.minClusterSize,
        clusters: c.result.nClusters,
        noise: countNoise(c.result.labels, described.map((image) => image.items.length)),
      })),
      outputs,
      seconds: (performance.now() - started) / 1000,
    };
    const provenance = {
      connote: connoteVersion(),
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      libraries: libraryVersions(['@huggingface/transformers', 'onnxruntime-node', 'openai', 'sharp', 'better-sqlite3']),
      runId,
      startedAt: store.runs.get(runId)?.startedAt,
      config,
      prompt: { name: prompt.name, version: prompt.version, sha256: prompt.hash, text: prompt.text },
      describer: describer.signature,
      embedder: { ...embedder.signature, cacheKey: embedded.embedderKey },
      seed: config.seed,
      input: {
        location: source.location,
        kind: source.name,
        items: ingested.items.length,
        distinctImages: ingested.images.length,
        // One hash over every (id, image hash) pair: two runs on the same corpus share it.
        corpusSha256: sha256(ingested.items.map((item) => `${item.id}\t${item.hash}`).join('\n')),
      },
      counts: { ...summary, outputs: undefined },
      usage: descriptions.usage,
      timings,
      errors,
    };
    store.runs.finish(runId, 'finished', provenance);
    await writeRunJson(outputs.runJson, provenance);
    return summary;
  } catch (error) {
    store.runs.finish(runId, 'failed', { error: (error as Error).message, timings });
    throw error;
  } finally {
    store.close();
  }
}

/** Noise counted over items (a duplicated image counts once per item). */
function countNoise(labels: Int32Array, multiplicity: readonly number[]): number {
  let noise = 0;
  labels.forEach((label, i) => {
    if (label < 0) noise += multiplicity[i];
  });
  return noise;
}

export type { Store };
