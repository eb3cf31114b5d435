import type { RunConfig } from './config.js';
import { writeOutputs, writeRunJson, type OutputPaths } from '../report/index.js';
import { RunSession, type PipelineIO } from './session.js';
import { baseProvenance, clusterDescriptions, describeDescriptionFeatures, estimateDescribing, noiseItems, prepareCorpus, type DryRunEstimate } from './steps.js';

export type { PipelineIO } from './session.js';

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

/**
 * `connote run`: ingest -> describe -> embed -> reduce -> cluster (per minimum size) ->
 * keywords -> outputs. It only wires the steps; each caches in the project's store, so a
 * second run with the same inputs recomputes nothing expensive.
 */
export async function runPipeline(config: RunConfig, io: PipelineIO): Promise<RunSummary> {
  const started = performance.now();
  const session = RunSession.open(config, io, 'run');
  try {
    const corpus = await prepareCorpus(session, config);
    const d = corpus.descriptions;
    const base = {
      runId: session.runId,
      items: corpus.ingested.items.length,
      images: corpus.ingested.images.length,
      duplicates: corpus.ingested.duplicates,
      described: { cached: d.cached, new: d.described, refused: d.refused, empty: d.empty, failed: d.failures.length },
    };
    if (d.interrupted) {
      session.finish('interrupted', { timings: session.timings });
      return {
        ...base,
        status: 'interrupted',
        errors: session.errors().length,
        embedded: { cached: 0, new: 0 },
        reductionsFromCache: false,
        clusterings: [],
        outputs: null,
        seconds: (performance.now() - started) / 1000,
      };
    }
    const { analysis, embedder, embedded } = await clusterDescriptions(session, config, corpus);
    const errors = session.errors();
    const outputs = await session.timed('outputs', () =>
      writeOutputs(
        {
          runId: session.runId,
          config,
          method: 'descriptions',
          features: describeDescriptionFeatures(corpus, embedder),
          items: corpus.ingested.items,
          rows: corpus.rows,
          analysis,
          errors,
          thumbnail: (hash) => session.store.images.thumbnail(hash),
        },
        config.out,
      ),
    );
    const summary: RunSummary = {
      ...base,
      status: 'finished',
      errors: errors.length,
      embedded,
      reductionsFromCache: analysis.reducedFromCache && analysis.layoutFromCache,
      clusterings: analysis.clusterings.map((c) => ({
        minClusterSize: c.minClusterSize,
        clusters: c.result.nClusters,
        noise: noiseItems(c.result.labels, corpus),
      })),
      outputs,
      seconds: (performance.now() - started) / 1000,
    };
    const provenance = {
      ...baseProvenance(session, config, corpus),
      embedder,
      counts: { ...summary, outputs: undefined },
      timings: session.timings,
      errors,
    };
    session.finish('finished', provenance);
    await writeRunJson(outputs.runJson, provenance);
    return summary;
  } catch (error) {
    session.finish('failed', { error: (error as Error).message, timings: session.timings });
    throw error;
  } finally {
    session.close();
  }
}

/** `connote run --dry-run`: ingest, look up the cache, estimate what describing the rest would cost. */
export async function dryRun(config: RunConfig, io: PipelineIO): Promise<DryRunEstimate> {
  const session = RunSession.open(config, io, 'dry-run');
  try {
    const estimate = await estimateDescribing(session, config);
    session.finish('finished', { dryRun: estimate, timings: session.timings });
    return estimate;
  } catch (error) {
    session.finish('failed', { error: (error as Error).message });
    throw error;
  } finally {
    session.close();
  }
}
