import { readFile } from 'node:fs/promises';
import { analyseFeatureMatrix } from '../../pipeline/analyse.js';
import type { RunConfig } from '../../pipeline/config.js';
import { baseProvenance, clusteringCounts } from '../../pipeline/provenance.js';
import { RunSession, type PipelineIO } from '../../pipeline/session.js';
import { describeCorpus, type Corpus } from '../../pipeline/steps/describe.js';
import { embedDescriptions } from '../../pipeline/steps/embed.js';
import type { FeatureMatrix } from '../../pipeline/steps/features.js';
import { extractCorpusImageFeatures } from '../../pipeline/steps/image-features.js';
import { ingestImages } from '../../pipeline/steps/ingest.js';
import { describeDescriptionFeatures, describeImageFeatures, writeAnalysisOutputs } from '../../pipeline/steps/outputs.js';
import { recordMethodAnalysis } from '../../pipeline/steps/record.js';
import { outputPaths, writeRunJson } from '../../report/index.js';
import type { FeatureAnalysis } from '../../types/analysis.js';
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
    const corpus = await describeCorpus(session, config, await ingestImages(session, config));
    if (corpus.descriptions.interrupted) {
      session.finish('interrupted', { timings: session.timings });
      return { runId: session.runId, status: 'interrupted', study: null, paths: null, methods: [], seconds: (performance.now() - started) / 1000 };
    }
    const embedded = await embedDescriptions(session, config, corpus);
    const text = await analyseAndRecord(session, config, corpus, embedded.features);
    const extracted = await extractCorpusImageFeatures(session, config, corpus);
    const cnn = await analyseAndRecord(session, config, corpus, extracted.features);
    const methods = [
      { method: 'descriptions', clusterings: text.clusterings },
      { method: 'image-features', clusterings: cnn.clusterings },
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
    const descriptionOutputs = await writeAnalysisOutputs(session, config, corpus, text, {
      name: 'descriptions',
      features: describeDescriptionFeatures(corpus, embedded.embedder),
    });
    const cnnOutputs = await writeAnalysisOutputs(session, config, corpus, cnn, {
      name: 'image-features',
      features: describeImageFeatures(extracted.extractor),
      prefix: 'image-features-',
    });
    const errors = session.errors();
    const paths = await writeEvaluation(study, config.out, {
      header: `# Evaluation of ${config.input}\n\nRun \`${session.runId}\`: descriptions by ${corpus.describer.describer} (${corpus.describer.model}, prompt ${corpus.prompt.name}), embedded with ${embedded.embedder.embedder} (${embedded.embedder.model}); CNN baseline ${extracted.extractor.extractor} (${extracted.extractor.model}). Both reduced with ${config.reduce.name} to ${config.reduce.nComponents}-D and clustered with ${config.cluster.name}. Seed ${config.seed}, ${config.evaluation.replicates} bootstrap replicates, noise pairs counted as ${config.evaluation.noise === 'drop' ? 'dropped' : 'different'}.`,
    });
    const summaryMethods = [
      { method: 'descriptions', clusterings: clusteringCounts(text, corpus) },
      { method: 'image-features', clusterings: clusteringCounts(cnn, corpus) },
    ];
    const provenance = {
      ...baseProvenance(session, config, corpus),
      embedder: embedded.embedder,
      imageFeatures: extracted.extractor,
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

/** Reduce, cluster and summarise one method's features, and record the clusterings in the store. */
async function analyseAndRecord(session: RunSession, config: RunConfig, corpus: Corpus, features: FeatureMatrix): Promise<FeatureAnalysis> {
  const analysis = await analyseFeatureMatrix(session, config, features, corpus.rows);
  recordMethodAnalysis(session, config, corpus.rows, features, analysis);
  return analysis;
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read ${path}: ${(error as Error).message}`);
  }
}
