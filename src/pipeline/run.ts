import { writeRunJson, type OutputPaths } from '../report/index.js';
import { StoppedError } from '../types/errors.js';
import type { RunConfig } from './config.js';
import { baseProvenance, clusteringCounts } from './provenance.js';
import { assertPreflight } from './preflight.js';
import { RunSession, type PipelineIO } from './session.js';
import { clusterFeatures } from './steps/cluster.js';
import { describeCorpus, type Corpus } from './steps/describe.js';
import { groupNearDuplicates } from './steps/duplicates.js';
import { embedDescriptions } from './steps/embed.js';
import { ingestImages } from './steps/ingest.js';
import { summariseClusterings } from './steps/keywords.js';
import { nameClusterings } from './steps/labels.js';
import { describeDescriptionFeatures, writeAnalysisOutputs } from './steps/outputs.js';
import { recordMethodAnalysis } from './steps/record.js';
import { reduceFeatures } from './steps/reduce.js';

export type { PipelineIO } from './session.js';

export interface RunSummary {
  readonly runId: string;
  readonly status: 'finished' | 'interrupted';
  readonly items: number;
  readonly images: number;
  readonly duplicates: number;
  /**
   * `--near-duplicates`: groups of near-identical images, the images in them, and how many of
   * those were not described because their group's representative was (`analysis: representative`).
   */
  readonly nearDuplicates: { readonly groups: number; readonly images: number; readonly notDescribed: number } | null;
  readonly errors: number;
  readonly described: { readonly cached: number; readonly new: number; readonly refused: number; readonly empty: number; readonly failed: number };
  readonly embedded: { readonly cached: number; readonly new: number };
  readonly reductionsFromCache: boolean;
  readonly clusterings: ReadonlyArray<{ readonly minClusterSize: number; readonly clusters: number; readonly noise: number }>;
  readonly outputs: OutputPaths | null;
  readonly seconds: number;
}

/**
 * `connote run`, the method step by step: ingest -> (near-duplicates) -> describe -> embed ->
 * reduce -> cluster (per minimum size) -> keywords -> outputs. Each step caches in the project's store, so a second run
 * with the same inputs recomputes nothing expensive, and a crash loses nothing finished.
 */
export async function runPipeline(config: RunConfig, io: PipelineIO): Promise<RunSummary> {
  const started = performance.now();
  // Nothing is ingested, paid for or written before every stage's configuration is known to work.
  await assertPreflight(config, { command: 'run' });
  const session = RunSession.open(config, io, 'run');
  try {
    const images = await groupNearDuplicates(session, config, await ingestImages(session, config));
    const corpus = await describeCorpus(session, config, images);
    if (corpus.descriptions.interrupted) return stopInterrupted(session, corpus, started);
    const embedded = await embedDescriptions(session, config, corpus);
    const reduced = await reduceFeatures(session, config, embedded.features);
    const clustered = await clusterFeatures(session, config, reduced.reduced, embedded.features.method);
    const clusterings = await session.timed('descriptions.keywords', async () =>
      summariseClusterings(config, corpus.rows.map((row) => row.text), clustered, session),
    );
    const recorded = { ...reduced, clusterings };
    const clusteringIds = recordMethodAnalysis(session, config, corpus.rows, embedded.features, recorded);
    const analysis = await nameClusterings(session, config, corpus, recorded, clusteringIds);
    const outputs = await writeAnalysisOutputs(session, config, corpus, analysis, {
      name: 'descriptions',
      features: describeDescriptionFeatures(corpus, embedded.embedder),
      clusteringIds,
    });

    const errors = session.errors();
    const summary: RunSummary = {
      ...corpusCounts(session, corpus),
      status: 'finished',
      errors: errors.length,
      embedded: embedded.counts,
      reductionsFromCache: analysis.reducedFromCache && analysis.layoutFromCache,
      clusterings: clusteringCounts(analysis, corpus),
      outputs,
      seconds: (performance.now() - started) / 1000,
    };
    const provenance = {
      ...baseProvenance(session, config, corpus),
      embedder: embedded.embedder,
      counts: { ...summary, outputs: undefined },
      timings: session.timings,
      errors,
    };
    session.finish('finished', provenance);
    await writeRunJson(outputs.runJson, provenance);
    return summary;
  } catch (error) {
    const status = error instanceof StoppedError ? 'interrupted' : 'failed';
    session.finish(status, { error: (error as Error).message, timings: session.timings });
    throw error;
  } finally {
    session.close();
  }
}

/** What a summary says about the corpus and its descriptions, finished or not. */
function corpusCounts(session: RunSession, corpus: Corpus) {
  const d = corpus.descriptions;
  return {
    runId: session.runId,
    items: corpus.ingested.items.length,
    images: corpus.ingested.images.length,
    duplicates: corpus.ingested.duplicates,
    nearDuplicates: corpus.nearDuplicates
      ? {
          groups: corpus.nearDuplicates.found.groups.length,
          images: corpus.nearDuplicates.found.groups.reduce((sum, g) => sum + g.members.length, 0),
          notDescribed: corpus.nearDuplicates.config.analysis === 'representative' ? corpus.nearDuplicates.representativeOf.size : 0,
        }
      : null,
    described: { cached: d.cached, new: d.described, refused: d.refused, empty: d.empty, failed: d.failures.length },
  };
}

/** Ctrl-C while describing: every finished description is stored; the run says so and stops. */
function stopInterrupted(session: RunSession, corpus: Corpus, started: number): RunSummary {
  session.finish('interrupted', { timings: session.timings });
  return {
    ...corpusCounts(session, corpus),
    status: 'interrupted',
    errors: session.errors().length,
    embedded: { cached: 0, new: 0 },
    reductionsFromCache: false,
    clusterings: [],
    outputs: null,
    seconds: (performance.now() - started) / 1000,
  };
}
