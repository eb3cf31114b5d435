import { readFile } from 'node:fs/promises';
import type { RunConfig } from '../../pipeline/config.js';
import { outputPaths, writeOutputs, writeRunJson } from '../../report/index.js';
import { RunSession, type PipelineIO } from '../../pipeline/session.js';
import {
  baseProvenance,
  clusterDescriptions,
  clusterImageFeatures,
  describeDescriptionFeatures,
  describeImageFeatures,
  noiseItems,
  prepareCorpus,
} from '../../pipeline/steps.js';
import { writeEvaluation, type EvaluationPaths } from './outputs.js';
import { parsePairsCsv, parseRatingsCsv } from '../coding/pairs-csv.js';
import { validationStudy, type ValidationStudy } from './study.js';

export interface EvaluationSummary {
  readonly runId: string;
  readonly status: 'finished' | 'interrupted';
  readonly study: ValidationStudy | null;
  readonly paths: (EvaluationPaths & { readonly reports: readonly string[] }) | null;
  readonly methods: ReadonlyArray<{ method: string; clusterings: ReadonlyArray<{ minClusterSize: number; clusters: number; noise: number }> }>;
  readonly seconds: number;
}

/**
 * `connote evaluate`: the description pipeline and the CNN baseline over the same images and
 * minimum cluster sizes, each clustering scored against the coded pairs, written as the paper's
 * table (evaluation.md/csv), charts, and a report per method.
 */
export async function runEvaluation(config: RunConfig, io: PipelineIO): Promise<EvaluationSummary> {
  const started = performance.now();
  if (!config.evaluation.pairs || !config.evaluation.ratings) {
    throw new Error('connote evaluate needs coded pairs and ratings: pass --pairs pairs.csv --ratings ratings.csv (or set evaluation.pairs/ratings in the config)');
  }
  const [pairsText, ratingsText] = await Promise.all([readText(config.evaluation.pairs), readText(config.evaluation.ratings)]);
  const pairs = parsePairsCsv(pairsText, config.evaluation.pairs);
  const ratings = parseRatingsCsv(ratingsText, config.evaluation.ratings);

  const session = RunSession.open(config, io, 'evaluate');
  try {
    const corpus = await prepareCorpus(session, config);
    if (corpus.descriptions.interrupted) {
      session.finish('interrupted', { timings: session.timings });
      return { runId: session.runId, status: 'interrupted', study: null, paths: null, methods: [], seconds: (performance.now() - started) / 1000 };
    }
    const text = await clusterDescriptions(session, config, corpus);
    const cnn = await clusterImageFeatures(session, config, corpus);
    const methods = [
      { method: 'descriptions', clusterings: text.analysis.clusterings },
      { method: 'image-features', clusterings: cnn.analysis.clusterings },
    ];
    const study = validationStudy(methods, corpus.rows, pairs, ratings, {
      noise: config.evaluation.noise,
      replicates: config.evaluation.replicates,
      seed: config.seed,
      alphaLevel: config.evaluation.alphaLevel,
    });
    if (study.pairsUnknown > 0) {
      io.logger.warn(`${study.pairsUnknown} of ${pairs.length} coded pairs name images that are not in this run; they were left out`);
    }
    const errors = session.errors();
    const common = { runId: session.runId, config, items: corpus.ingested.items, rows: corpus.rows, errors, thumbnail: (hash: string) => session.store.images.thumbnail(hash) };
    const descriptionOutputs = await writeOutputs(
      { ...common, method: 'descriptions', features: describeDescriptionFeatures(corpus, text.embedder), analysis: text.analysis },
      config.out,
    );
    const cnnOutputs = await writeOutputs(
      { ...common, method: 'image-features', features: describeImageFeatures(cnn.extractor), analysis: cnn.analysis },
      config.out,
      'image-features-',
    );
    const paths = await writeEvaluation(study, config.out, {
      header: `# Evaluation of ${config.input}\n\nRun \`${session.runId}\`: descriptions by ${corpus.describer.describer} (${corpus.describer.model}, prompt ${corpus.prompt.name}), embedded with ${text.embedder.embedder} (${text.embedder.model}); CNN baseline ${cnn.extractor.extractor} (${cnn.extractor.model}). Both reduced with ${config.reduce.name} to ${config.reduce.nComponents}-D and clustered with ${config.cluster.name}. Seed ${config.seed}, ${config.evaluation.replicates} bootstrap replicates, noise pairs counted as ${config.evaluation.noise === 'drop' ? 'dropped' : 'different'}.`,
    });
    const summaryMethods = [
      { method: 'descriptions', analysis: text.analysis },
      { method: 'image-features', analysis: cnn.analysis },
    ].map(({ method, analysis }) => ({
      method,
      clusterings: analysis.clusterings.map((c) => ({ minClusterSize: c.minClusterSize, clusters: c.result.nClusters, noise: noiseItems(c.result.labels, corpus) })),
    }));
    const provenance = {
      ...baseProvenance(session, config, corpus),
      embedder: text.embedder,
      imageFeatures: cnn.extractor,
      evaluation: { ...config.evaluation, pairs: pairs.length, ratings: ratings.length, study },
      methods: summaryMethods,
      timings: session.timings,
      errors,
    };
    session.finish('finished', provenance);
    await writeRunJson(outputPaths(config.out, 'evaluation-').runJson, provenance);
    return {
      runId: session.runId,
      status: 'finished',
      study,
      paths: { ...paths, reports: [descriptionOutputs.report, cnnOutputs.report] },
      methods: summaryMethods,
      seconds: (performance.now() - started) / 1000,
    };
  } catch (error) {
    session.finish('failed', { error: (error as Error).message, timings: session.timings });
    throw error;
  } finally {
    session.close();
  }
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read ${path}: ${(error as Error).message}`);
  }
}
