import { readFile } from 'node:fs/promises';
import { analyseFeatureMatrix } from '../../pipeline/analyse.js';
import { assertPreflight } from '../../pipeline/preflight.js';
import type { RunConfig } from '../../pipeline/config.js';
import { baseProvenance, clusteringCounts } from '../../pipeline/provenance.js';
import { RunSession, type PipelineIO } from '../../pipeline/session.js';
import { describeCorpus, type Corpus } from '../../pipeline/steps/describe.js';
import { appendImageTexts } from '../../pipeline/steps/ocr.js';
import { embedDescriptions } from '../../pipeline/steps/embed.js';
import type { FeatureMatrix } from '../../pipeline/steps/features.js';
import { extractCorpusImageFeatures } from '../../pipeline/steps/image-features.js';
import { groupNearDuplicates } from '../../pipeline/steps/duplicates.js';
import { ingestImages } from '../../pipeline/steps/ingest.js';
import { describeDescriptionFeatures, describeImageFeatures, writeAnalysisOutputs } from '../../pipeline/steps/outputs.js';
import { recordMethodAnalysis } from '../../pipeline/steps/record.js';
import { outputPaths, writeRunJson } from '../../report/index.js';
import type { FeatureAnalysis } from '../../types/analysis.js';
import { readCodingPairs } from '../coding/pair-files.js';
import { parseRatingsCsv, type PairRecord } from '../coding/pairs-csv.js';
import type { PairDesign } from '../statistics/cluster-quality.js';
import { labelSets } from '../statistics/label-similarity.js';
import { readCoderKinds, type EvaluationOptions } from './options.js';
import { removeEvaluation, writeEvaluation, type EvaluationPaths } from './outputs.js';
import { matchedKmeans, repeatAtSeeds } from './seeds.js';
import { validationStudy, type MethodInput, type ValidationStudy } from './study.js';

export type { EvaluationOptions } from './options.js';

export interface EvaluationSummary {
  readonly runId: string;
  readonly status: 'finished' | 'interrupted';
  readonly study: ValidationStudy | null;
  readonly paths: (EvaluationPaths & { readonly reports: readonly string[] }) | null;
  readonly methods: ReadonlyArray<{ method: string; clusterings: ReadonlyArray<{ minClusterSize: number; clusters: number; noise: number }> }>;
  /** The blinding key the pairs' ids were mapped back with, if they were blind. */
  readonly key: string | null;
  /** Coders declared as models beside the ratings (the table says so). */
  readonly modelCoders: readonly string[];
  readonly seconds: number;
}

/** The stratified design of the pairs, when every pair carries its weight and stratum. */
function designOf(pairs: readonly PairRecord[]): PairDesign | undefined {
  if (pairs.length === 0 || !pairs.every((pair) => pair.weight !== undefined && pair.designStratum !== undefined)) return undefined;
  return {
    weights: new Map(pairs.map((pair) => [pair.pairId, pair.weight!])),
    strata: new Map(pairs.map((pair) => [pair.pairId, pair.designStratum!])),
  };
}

/** The numbers of clusters HDBSCAN found, at which both methods are compared again with k-means. */
function matchedKs(analyses: readonly FeatureAnalysis[]): number[] {
  return [...new Set(analyses.flatMap((a) => a.clusterings.map((c) => c.result.nClusters)))].filter((k) => k >= 2).sort((a, b) => a - b);
}

/**
 * `connote evaluate`: the description pipeline and the CNN baseline over the same images and
 * minimum cluster sizes, each clustering scored against the coded pairs with its chance baseline,
 * both methods again at matched numbers of clusters, and, with seeds, reduce and cluster repeated
 * per seed; written as evaluation.md (the paper's table and a reading of it), evaluation.csv,
 * charts, and a report per method. Any old evaluation.md is removed first, so a failed run never
 * leaves a stale table.
 */
export async function runEvaluation(config: RunConfig, io: PipelineIO, options: EvaluationOptions = {}): Promise<EvaluationSummary> {
  const started = performance.now();
  await assertPreflight(config, { command: 'evaluate' });
  const variants = [...embedderVariants(config, options.alsoEmbedders ?? []), ...ocrVariant(config, options.alsoOcr ?? false)];
  for (const variant of variants) await assertPreflight(variant.config, { command: 'evaluate' });
  if (!config.evaluation.pairs || !config.evaluation.ratings) {
    throw new Error('connote evaluate needs coded pairs and ratings: pass --pairs pairs.csv --ratings ratings.csv (or set evaluation.pairs/ratings in the config)');
  }
  const seeds = [...new Set(options.seeds ?? [])];
  if (seeds.length === 1) throw new Error('--seeds needs at least two seeds to measure stability, e.g. --seeds 0,1,2,3,4');
  const pairsFile = await readCodingPairs(config.evaluation.pairs, { key: options.key });
  const ratings = parseRatingsCsv(await readText(config.evaluation.ratings), config.evaluation.ratings);
  const coders = readCoderKinds(config.evaluation.ratings);
  const design = designOf(pairsFile.pairs);
  await removeEvaluation(config.out);

  const session = RunSession.open(config, io, 'evaluate');
  try {
    const corpus = await describeCorpus(session, config, await groupNearDuplicates(session, config, await ingestImages(session, config)));
    if (corpus.descriptions.interrupted) {
      session.finish('interrupted', { timings: session.timings });
      return { runId: session.runId, status: 'interrupted', study: null, paths: null, methods: [], key: pairsFile.key, modelCoders: [], seconds: (performance.now() - started) / 1000 };
    }
    const embedded = await embedDescriptions(session, config, corpus);
    const text = await analyseAndRecord(session, config, corpus, embedded.features);
    const extracted = await extractCorpusImageFeatures(session, config, corpus);
    const cnn = await analyseAndRecord(session, config, corpus, extracted.features);
    const others = await analyseVariants(session, config, corpus, variants);
    const ks = matchedKs([text, cnn]);
    const methodInput = async (method: string, analysis: FeatureAnalysis, features: FeatureMatrix): Promise<MethodInput> => ({
      method,
      clusterings: analysis.clusterings,
      matched: await matchedKmeans(analysis.reduced, ks, session.ctx, config.seed),
      repeats: seeds.length > 1 ? await session.timed(`${method}.seeds`, () => repeatAtSeeds(session, config, features, seeds, ks)) : undefined,
    });
    // The first two are compared pair by pair (the paper's comparison); the others are scored beside them.
    const methods = [await methodInput('descriptions', text, embedded.features), await methodInput('image-features', cnn, extracted.features)];
    for (const other of others) methods.push(await methodInput(other.method, other.analysis, other.features));
    const columns = options.similarityFrom ?? [];
    const study = validationStudy(methods, corpus.rows, pairsFile.pairs, ratings, {
      noise: config.evaluation.noise,
      replicates: config.evaluation.replicates,
      seed: config.seed,
      alphaLevel: config.evaluation.alphaLevel,
      permutations: options.permutations,
      design,
      labels: columns.length > 0 ? { sets: labelSets(corpus.ingested.items, columns), columns } : undefined,
    });
    if (study.pairsUnknown > 0) {
      io.logger.warn(`${study.pairsUnknown} of ${pairsFile.pairs.length} coded pairs name images that are not in this run; they were left out`);
    }
    const reports = await writeMethodReports(session, config, corpus, { text, cnn, embedder: embedded.embedder, extractor: extracted.extractor });
    const errors = session.errors();
    const paths = await writeEvaluation(study, config.out, {
      header: evaluationHeader(session.runId, config, corpus, embedded.embedder, extracted.extractor, { seeds, key: pairsFile.key, weighted: design !== undefined, permutations: study.permutations }),
      coders,
      seconds: (performance.now() - started) / 1000,
    });
    const summaryMethods = [
      { method: 'descriptions', clusterings: clusteringCounts(text, corpus) },
      { method: 'image-features', clusterings: clusteringCounts(cnn, corpus) },
      ...others.map((other) => ({ method: other.method, clusterings: clusteringCounts(other.analysis, corpus) })),
    ];
    const provenance = {
      ...baseProvenance(session, config, corpus),
      embedder: embedded.embedder,
      alsoEmbedders: others.map((other) => ({ method: other.method, embedder: other.embedder })),
      imageFeatures: extracted.extractor,
      evaluation: { ...config.evaluation, ...options, pairs: pairsFile.pairs.length, ratings: ratings.length, key: pairsFile.key, coders, study },
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
      paths: { ...paths, reports },
      methods: summaryMethods,
      key: pairsFile.key,
      modelCoders: coders ? Object.entries(coders.kinds).filter(([, kind]) => kind === 'model').map(([name]) => name) : [],
      seconds: (performance.now() - started) / 1000,
    };
  } catch (error) {
    session.finish('failed', { error: (error as Error).message, timings: session.timings });
    throw error;
  } finally {
    session.close();
  }
}

/** report.html for the descriptions and image-features-report.html for the CNN baseline. */
async function writeMethodReports(
  session: RunSession,
  config: RunConfig,
  corpus: Corpus,
  methods: {
    readonly text: FeatureAnalysis;
    readonly cnn: FeatureAnalysis;
    readonly embedder: Parameters<typeof describeDescriptionFeatures>[1];
    readonly extractor: Parameters<typeof describeImageFeatures>[0];
  },
): Promise<string[]> {
  const descriptions = await writeAnalysisOutputs(session, config, corpus, methods.text, {
    name: 'descriptions',
    features: describeDescriptionFeatures(corpus, methods.embedder),
  });
  const cnn = await writeAnalysisOutputs(session, config, corpus, methods.cnn, {
    name: 'image-features',
    features: describeImageFeatures(methods.extractor),
    prefix: 'image-features-',
  });
  return [descriptions.report, cnn.report];
}

/** The first paragraph of evaluation.md: what was run, with what, and how it was scored. */
function evaluationHeader(
  runId: string,
  config: RunConfig,
  corpus: Corpus,
  embedder: { readonly embedder: string; readonly model: string },
  extractor: { readonly extractor: string; readonly model: string },
  extra: { readonly seeds: readonly number[]; readonly key: string | null; readonly weighted: boolean; readonly permutations: number },
): string {
  return `# Evaluation of ${config.input}\n\nRun \`${runId}\`: descriptions by ${corpus.describer.describer} (${corpus.describer.model}, prompt ${corpus.prompt.name}), embedded with ${embedder.embedder} (${embedder.model}); CNN baseline ${extractor.extractor} (${extractor.model}). Both reduced with ${config.reduce.name} to ${config.reduce.nComponents}-D and clustered with ${config.cluster.name}. Main seed ${config.seed}${extra.seeds.length > 1 ? `, repeated at seeds ${extra.seeds.join(', ')}` : ''}; ${config.evaluation.replicates} bootstrap replicates, ${extra.permutations} label permutations; noise pairs counted as ${config.evaluation.noise === 'drop' ? 'dropped' : 'different'}.${extra.key ? ` Blind pair ids mapped back with \`${extra.key}\`.` : ''}${extra.weighted ? ' The pairs were drawn by a stratified design and are weighted back to all image pairs.' : ''}`;
}

/**
 * Each --also-embedder variant (the same descriptions embedded again) and the --also-ocr one (the
 * descriptions with the image's text appended), reduced, clustered and recorded.
 */
async function analyseVariants(session: RunSession, config: RunConfig, corpus: Corpus, variants: ReadonlyArray<{ method: string; config: RunConfig }>) {
  const analysed = [];
  for (const variant of variants) {
    // Only the --also-ocr variant adds OCR; under run-level --ocr the corpus rows already carry it.
    const enriched = variant.config.ocr && !config.ocr ? await appendImageTexts(session, variant.config, corpus.described, corpus.rows) : null;
    const variantCorpus: Corpus = enriched ? { ...corpus, rows: enriched.rows, ocr: enriched.step } : corpus;
    const embedded = await embedDescriptions(session, variant.config, variantCorpus);
    const features = { ...embedded.features, method: variant.method };
    analysed.push({ method: variant.method, features, embedder: embedded.embedder, analysis: await analyseAndRecord(session, config, corpus, features) });
  }
  return analysed;
}

/**
 * `--also-embedder wordvectors`: the same run with another text embedder (default settings), as
 * a method named descriptions-wordvectors. The main embedder is refused: it is already there.
 */
function embedderVariants(config: RunConfig, names: readonly string[]): Array<{ method: string; config: RunConfig }> {
  const unique = [...new Set(names)];
  if (unique.includes(config.embedder.name)) {
    throw new Error(`--also-embedder ${config.embedder.name}: that is the run's own embedder already; name another one`);
  }
  return unique.map((name) => ({ method: `descriptions-${name}`, config: { ...config, embedder: { name, settings: {} } } }));
}

/** `--also-ocr`: the run's descriptions with the text Tesseract reads in each image appended. */
function ocrVariant(config: RunConfig, wanted: boolean): Array<{ method: string; config: RunConfig }> {
  if (!wanted) return [];
  if (config.ocr || config.describer.name === 'ocr') throw new Error('--also-ocr: the run itself already uses OCR (--ocr or --describer ocr); drop one');
  return [{ method: 'descriptions-ocr', config: { ...config, ocr: { name: 'tesseract', settings: {} } } }];
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
