import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DEFAULT_MAX_DISTANCE } from '../duplicates/index.js';
import { DEFAULT_LIMITS, type IngestLimits } from '../ingest/inspect.js';
import type { KeywordSettings } from '../keywords/types.js';
import type { Metric } from '../reduce/types.js';
import { secretValues } from '../util/secrets.js';
import { checkSettings } from '../util/settings.js';
import { CLI_OPTIONS_SCHEMA, RUN_OPTIONS_SCHEMA } from './config-schema.js';
import { PreflightError } from './problems.js';

/** The config file looked for in an input folder (the bundled example has one). */
export const CONFIG_FILE = 'connote.config.json';

/** A stage's chosen implementation and its implementation-specific settings. */
export interface StageChoice {
  readonly name: string;
  readonly settings: Readonly<Record<string, unknown>>;
}

export interface ReduceChoice {
  readonly name: string;
  readonly nComponents: number;
  readonly nNeighbors: number;
  readonly minDist: number;
  readonly metric: Metric;
}

/** Everything a run needs, fully resolved: this is what run.json records. */
export interface RunConfig {
  /** Folder or CSV manifest, absolute. */
  readonly input: string;
  /** Project folder: the store and every output, absolute. */
  readonly out: string;
  /** Folder that relative paths in settings are resolved against (the config file's folder). */
  readonly baseDir: string;
  readonly configFile: string | null;
  readonly seed: number;
  readonly prompt: { readonly name?: string; readonly file?: string; readonly criterion?: string };
  readonly describer: StageChoice;
  readonly embedder: StageChoice;
  /** Reduction before clustering (BERTopic's defaults: UMAP, 5 components, 15 neighbours, min_dist 0, cosine). */
  readonly reduce: ReduceChoice;
  /** The separate 2-D layout for the map. */
  readonly layout: ReduceChoice;
  readonly cluster: StageChoice & { readonly minClusterSizes: readonly number[] };
  readonly keywords: KeywordSettings;
  /** Names written for every cluster by a model (`connote label`, or `run --label`). */
  readonly labels: LabelConfig;
  /** `--ocr`: the OCR engine whose reading of each image is appended to its description before embedding; null: off. */
  readonly ocr: StageChoice | null;
  /** `--near-duplicates`: group visually near-identical images (reposts) by a perceptual hash; null: off. */
  readonly nearDuplicates: NearDuplicateConfig | null;
  /** Representative images per cluster (highest membership probability). */
  readonly representatives: number;
  readonly limits: IngestLimits;
  /** Validation against human coders (`connote evaluate`). */
  readonly evaluation: EvaluationConfig;
  /**
   * Where each stage's credentials (an `apiKey`, a password in a base URL) came from, e.g.
   * `{ describer: 'config file /study/connote.config.json' }`: what provenance records instead
   * of the secret itself (see provenance.ts, redactConfig).
   */
  readonly secretsFrom: Readonly<Record<string, string>>;
}

/** How near-duplicates (reposts: recompressed, rescaled, cropped, captioned copies) are found and analysed. */
export interface NearDuplicateConfig {
  /** The perceptual hash: `dhash` (default) or `phash` (see src/duplicates). */
  readonly hash: string;
  /**
   * Most bits in which two images' hashes may differ for them to be near-duplicates (groups are
   * joined transitively). Larger: more edited copies found, and more distinct pictures of one
   * template (portraits, screenshots) joined. Default per hash: DEFAULT_MAX_DISTANCE.
   */
  readonly maxDistance: number;
  /**
   * `all` (default): every image is described and clustered as without near-duplicates; the
   * groups are only reported. `representative`: one image per group (its largest) is described,
   * embedded and clustered, and the group's other images take its cluster, with no paid call.
   */
  readonly analysis: NearDuplicateAnalysis;
}

export type NearDuplicateAnalysis = 'all' | 'representative';

export interface LabelConfig {
  /** Whether `connote run` names the clusters (always true for `connote label`). */
  readonly enabled: boolean;
  /** The labeler and its settings (model, base URL, ...: see src/labels). */
  readonly labeler: StageChoice;
  /** Your own naming prompt (absolute), instead of the shipped prompts/labels/name.txt. */
  readonly promptFile: string | null;
  /** Your own prompt for making sibling names distinct, instead of prompts/labels/distinguish.txt. */
  readonly distinguishPromptFile: string | null;
  /** Descriptions of each cluster shown to the model (its most typical members first). */
  readonly samples: number;
}

export interface EvaluationConfig {
  /** CSV of coded pairs `pair_id,image_a,image_b` (absolute), if any. */
  readonly pairs: string | null;
  /** Long CSV of ratings `pair_id,coder,denotative,connotative` (absolute), if any. */
  readonly ratings: string | null;
  /** The CNN baseline's image feature extractor. */
  readonly imageFeatures: StageChoice;
  /** A pair with a noise image counts as 'different' (default) or is dropped. */
  readonly noise: 'different' | 'drop';
  /** Bootstrap resamples for every interval. */
  readonly replicates: number;
  /** Krippendorff's alpha level for the coders' agreement (the 3-point scale is ordinal). */
  readonly alphaLevel: 'nominal' | 'ordinal' | 'interval' | 'ratio';
}

/** What a user may set, in a config file or on the command line; anything absent takes the default. */
export interface RunOptions {
  input?: string;
  out?: string;
  seed?: number;
  prompt?: string;
  promptFile?: string;
  /** Describe images with respect to this criterion (IC|TC) instead of a named prompt. */
  criterion?: string;
  describer?: string | ({ name?: string } & Record<string, unknown>);
  embedder?: string | ({ name?: string } & Record<string, unknown>);
  reduce?: string | Partial<ReduceChoice>;
  layout?: string | Partial<ReduceChoice>;
  cluster?: string | ({ name?: string; minClusterSizes?: number[] } & Record<string, unknown>);
  minClusterSizes?: number[];
  keywords?: Partial<Omit<KeywordSettings, 'stopWordsFile'>> & { stopWords?: string };
  /** `true` to name clusters in `connote run`, or the labeler's settings. */
  labels?:
    | boolean
    | ({ name?: string; enabled?: boolean; promptFile?: string; distinguishPromptFile?: string; samples?: number } & Record<string, unknown>);
  /** `true` (Tesseract), an engine name, or `{ name, ...settings }`: append the text in each image to its description. */
  ocr?: boolean | string | ({ name?: string } & Record<string, unknown>);
  /** `true` (dHash at its default distance), a hash name, or `{ hash, maxDistance, analysis }`: group near-duplicates. */
  nearDuplicates?: boolean | string | Partial<NearDuplicateConfig>;
  representatives?: number;
  limits?: Partial<IngestLimits>;
  evaluation?: {
    pairs?: string;
    ratings?: string;
    imageFeatures?: string | ({ name?: string } & Record<string, unknown>);
    noise?: 'different' | 'drop';
    replicates?: number;
    alphaLevel?: EvaluationConfig['alphaLevel'];
  };
}

export const DEFAULTS = {
  seed: 42,
  describer: 'openai',
  embedder: 'minilm',
  reduce: { name: 'umap', nComponents: 5, nNeighbors: 15, minDist: 0, metric: 'cosine' } as ReduceChoice,
  layout: { name: 'umap', nComponents: 2, nNeighbors: 15, minDist: 0.1, metric: 'cosine' } as ReduceChoice,
  cluster: 'hdbscan',
  minClusterSizes: [5, 10, 20],
  keywords: { topN: 10, ngramRange: [1, 2] as [number, number], removePromptWords: true, diversity: 0 },
  labeler: 'openai',
  labelSamples: 10,
  representatives: 6,
  imageFeatures: 'tfjs',
  replicates: 2000,
} as const;

/** Reads a JSON config file, with errors that name the file. */
export function readConfigFile(path: string): RunOptions {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read config file ${path}: ${(error as Error).message}`);
  }
  try {
    const parsed = JSON.parse(text) as unknown;
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('expected a JSON object');
    return parsed as RunOptions;
  } catch (error) {
    throw new Error(`config file ${path} is not valid: ${(error as Error).message}`);
  }
}

/**
 * Finds the config for an input: `--config FILE` if given, else `connote.config.json` inside
 * an input folder. A folder with a config names its own input (e.g. the example's manifest).
 */
export function locateConfig(input: string | undefined, configPath: string | undefined): string | null {
  if (configPath) return resolve(configPath);
  if (input && existsSync(input) && statSync(input).isDirectory()) {
    const candidate = join(resolve(input), CONFIG_FILE);
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

function choice(value: RunOptions['describer'], fallback: string): StageChoice {
  if (value === undefined) return { name: fallback, settings: {} };
  if (typeof value === 'string') return { name: value, settings: {} };
  const { name, ...settings } = value;
  return { name: name ?? fallback, settings };
}

function mergeChoice(base: RunOptions['describer'], override: RunOptions['describer']): RunOptions['describer'] {
  if (override === undefined) return base;
  const baseChoice = typeof base === 'string' ? { name: base } : (base ?? {});
  const overrideChoice = typeof override === 'string' ? { name: override } : override;
  // Switching implementation drops the old one's settings; same implementation merges them.
  if (overrideChoice.name && baseChoice.name && overrideChoice.name !== baseChoice.name) return overrideChoice;
  return { ...baseChoice, ...overrideChoice };
}

function reduceChoice(value: RunOptions['reduce'], fallback: ReduceChoice): ReduceChoice {
  if (value === undefined) return fallback;
  if (typeof value === 'string') return { ...fallback, name: value };
  return { ...fallback, ...value };
}

function sortedUnique(values: readonly number[]): number[] {
  return [...new Set(values)].sort((a, b) => a - b);
}

/**
 * Checks options against the top-level schema. Returns one line per problem, and the options
 * with every invalid key left out (so the rest of the configuration can still be checked).
 */
function checkOptions<T extends Record<string, unknown>>(owner: string, options: T, schema = RUN_OPTIONS_SCHEMA): { problems: string[]; valid: T } {
  const checked = checkSettings(owner, schema, options);
  if (checked.ok) return { problems: [], valid: checked.value as T };
  const bad = new Set<string>();
  for (const issue of schema.safeParse(options).error?.issues ?? []) {
    if (issue.path.length > 0) bad.add(String(issue.path[0]));
    else if (issue.code === 'unrecognized_keys') issue.keys.forEach((key) => bad.add(key));
  }
  const rest = Object.fromEntries(Object.entries(options).filter(([key]) => !bad.has(key)));
  const reparsed = schema.safeParse(rest);
  return { problems: checked.problems, valid: (reparsed.success ? reparsed.data : {}) as T };
}

/**
 * Merges defaults, the config file and command-line options (in that order of precedence,
 * lowest first) into a complete RunConfig. Every problem in either (an unknown key, a value out
 * of range, an unreadable file) is reported at once, as a PreflightError.
 */
export function resolveRunConfig(cli: RunOptions & { config?: string }, cwd = process.cwd()): RunConfig {
  const { config, problems } = inspectRunOptions(cli, cwd);
  if (problems.length > 0 || !config) throw new PreflightError(problems);
  return config;
}

/**
 * The RunConfig these options give and every problem with them; where an option is invalid its
 * default stands in, so the stages can still be checked (the pre-flight reports all at once).
 */
export function inspectRunOptions(
  given: RunOptions & { config?: string },
  cwd = process.cwd(),
): { config: RunConfig | null; problems: string[] } {
  const problems: string[] = [];
  const checkedCli = checkOptions('option', given as Record<string, unknown>, CLI_OPTIONS_SCHEMA);
  problems.push(...checkedCli.problems);
  const cli = checkedCli.valid as RunOptions & { config?: string };
  let configFile: string | null = null;
  let file: RunOptions = {};
  try {
    configFile = locateConfig(cli.input ? resolve(cwd, cli.input) : undefined, cli.config ? resolve(cwd, cli.config) : undefined);
    if (configFile) {
      const checkedFile = checkOptions(`config file ${configFile}`, readConfigFile(configFile) as Record<string, unknown>);
      problems.push(...checkedFile.problems);
      file = checkedFile.valid as RunOptions;
    }
  } catch (error) {
    problems.push((error as Error).message);
  }
  try {
    return { config: mergeRunOptions(cli, file, configFile, cwd), problems };
  } catch (error) {
    return { config: null, problems: [...problems, (error as Error).message] };
  }
}

function mergeRunOptions(cli: RunOptions & { config?: string }, file: RunOptions, configFile: string | null, cwd: string): RunConfig {
  const baseDir = configFile ? dirname(configFile) : cwd;

  let input: string;
  if (cli.input && !(configFile && !cli.config && file.input)) input = resolve(cwd, cli.input);
  else if (file.input) input = resolve(baseDir, file.input);
  else throw new Error('no input given: pass a folder of images, a CSV manifest, or an example folder');

  const clusterFile = typeof file.cluster === 'object' ? file.cluster : {};
  const clusterCli = typeof cli.cluster === 'object' ? cli.cluster : {};
  const clusterChoice = choice(mergeChoice(file.cluster, cli.cluster) as RunOptions['cluster'], DEFAULTS.cluster);
  const { minClusterSizes: _ignored, ...clusterSettings } = clusterChoice.settings as { minClusterSizes?: number[] };
  const minClusterSizes = sortedUnique(
    cli.minClusterSizes ?? clusterCli.minClusterSizes ?? file.minClusterSizes ?? clusterFile.minClusterSizes ?? [...DEFAULTS.minClusterSizes],
  );

  const seed = cli.seed ?? file.seed ?? DEFAULTS.seed;

  const describerOptions = mergeChoice(file.describer, cli.describer);
  const describer = choice(describerOptions, DEFAULTS.describer);
  // A prompt may be named inside the describer block of a config file, or on its own.
  const { prompt: describerPrompt, promptFile: describerPromptFile, ...describerSettings } = describer.settings as {
    prompt?: string;
    promptFile?: string;
  };
  const promptFile = cli.promptFile ?? file.promptFile ?? describerPromptFile;
  return {
    input,
    out: resolve(cwd, cli.out ?? file.out ?? 'connote-out'),
    baseDir,
    configFile,
    seed,
    // A criterion given on the command line replaces whatever prompt the config file names.
    prompt: {
      name: cli.criterion ? cli.prompt : (cli.prompt ?? file.prompt ?? describerPrompt),
      file: promptFile && !(cli.criterion && !cli.promptFile) ? resolve(cli.promptFile ? cwd : baseDir, promptFile) : undefined,
      criterion: cli.criterion ?? file.criterion,
    },
    describer: { name: describer.name, settings: describerSettings },
    embedder: choice(mergeChoice(file.embedder, cli.embedder), DEFAULTS.embedder),
    reduce: reduceChoice(cli.reduce, reduceChoice(file.reduce, DEFAULTS.reduce)),
    layout: reduceChoice(cli.layout, reduceChoice(file.layout, DEFAULTS.layout)),
    cluster: { name: clusterChoice.name, settings: clusterSettings, minClusterSizes },
    keywords: resolveKeywords(file.keywords ?? {}, baseDir, cli.keywords ?? {}, cwd),
    labels: resolveLabels(file.labels, baseDir, cli.labels, cwd),
    ocr: resolveOcr(cli.ocr ?? file.ocr),
    nearDuplicates: resolveNearDuplicates(file.nearDuplicates, cli.nearDuplicates),
    representatives: cli.representatives ?? file.representatives ?? DEFAULTS.representatives,
    limits: { ...DEFAULT_LIMITS, ...file.limits, ...cli.limits },
    evaluation: resolveEvaluation(file.evaluation ?? {}, baseDir, cli.evaluation ?? {}, cwd),
    secretsFrom: secretOrigins(cli, file, configFile),
  };
}

function resolveKeywords(
  file: NonNullable<RunOptions['keywords']>,
  baseDir: string,
  cli: NonNullable<RunOptions['keywords']>,
  cwd: string,
): KeywordSettings {
  const { stopWords: fileStopWords, ...fileRest } = file;
  const { stopWords: cliStopWords, ...cliRest } = cli;
  const merged = { ...DEFAULTS.keywords, extraStopWords: [] as string[], ...fileRest, ...cliRest };
  if (!(merged.diversity >= 0 && merged.diversity <= 1)) throw new Error(`keyword diversity must be from 0 to 1, got ${merged.diversity}`);
  if (!Array.isArray(merged.extraStopWords) || merged.extraStopWords.some((w) => typeof w !== 'string')) {
    throw new Error('keywords.extraStopWords must be a list of words');
  }
  const stopWordsFile = cliStopWords ? resolve(cwd, cliStopWords) : fileStopWords ? resolve(baseDir, fileStopWords) : null;
  return { ...merged, stopWordsFile };
}

/** `--ocr` off unless asked; `true` is Tesseract, the engine connote ships. */
function resolveOcr(value: RunOptions['ocr']): StageChoice | null {
  if (value === undefined || value === false) return null;
  if (value === true) return { name: 'tesseract', settings: {} };
  return choice(value, 'tesseract');
}

/**
 * Near-duplicates off unless asked; the command line's settings override the file's one by one,
 * except that naming another hash drops the file's distance (distances differ between hashes).
 */
function resolveNearDuplicates(file: RunOptions['nearDuplicates'], cli: RunOptions['nearDuplicates']): NearDuplicateConfig | null {
  const asObject = (value: RunOptions['nearDuplicates']): Partial<NearDuplicateConfig> | null =>
    value === undefined || value === false ? null : value === true ? {} : typeof value === 'string' ? { hash: value } : value;
  if (cli === false) return null;
  const fromFile = asObject(file);
  const fromCli = asObject(cli);
  if (!fromFile && !fromCli) return null;
  const switched = fromCli?.hash !== undefined && fromFile?.hash !== undefined && fromCli.hash !== fromFile.hash;
  const merged = { ...(switched ? { hash: fromFile?.hash, analysis: fromFile?.analysis } : fromFile), ...fromCli };
  const hash = merged.hash ?? 'dhash';
  return { hash, maxDistance: merged.maxDistance ?? DEFAULT_MAX_DISTANCE[hash] ?? DEFAULT_MAX_DISTANCE.dhash, analysis: merged.analysis ?? 'all' };
}

function resolveLabels(file: RunOptions['labels'], baseDir: string, cli: RunOptions['labels'], cwd: string): LabelConfig {
  const asObject = (value: RunOptions['labels']) => (typeof value === 'object' ? value : value === undefined ? {} : { enabled: value });
  const f = asObject(file);
  const c = asObject(cli);
  // Prompt files are paths (resolved below); everything else but the switch and sample count is the labeler's.
  const { enabled, promptFile: _p, distinguishPromptFile: _d, samples, ...labeler } = { ...f, ...c };
  const path = (key: 'promptFile' | 'distinguishPromptFile'): string | null =>
    c[key] ? resolve(cwd, c[key]) : f[key] ? resolve(baseDir, f[key]) : null;
  const sampleCount = samples ?? DEFAULTS.labelSamples;
  if (!Number.isInteger(sampleCount) || sampleCount < 1) throw new Error(`label samples must be a whole number of at least 1, got ${sampleCount}`);
  return {
    enabled: enabled ?? false,
    labeler: choice(labeler as RunOptions['describer'], DEFAULTS.labeler),
    promptFile: path('promptFile'),
    distinguishPromptFile: path('distinguishPromptFile'),
    samples: sampleCount,
  };
}

/** Which layer gave each stage's secrets: the command line wins over the config file, as the values do. */
function secretOrigins(cli: RunOptions, file: RunOptions, configFile: string | null): Record<string, string> {
  const origins: Record<string, string> = {};
  for (const stage of ['describer', 'embedder'] as const) {
    if (secretValues(cli[stage]).length > 0) origins[stage] = `command line (--${stage}-settings or --base-url)`;
    else if (secretValues(file[stage]).length > 0) origins[stage] = `config file ${configFile}`;
  }
  return origins;
}

function resolveEvaluation(
  file: NonNullable<RunOptions['evaluation']>,
  baseDir: string,
  cli: NonNullable<RunOptions['evaluation']>,
  cwd: string,
): EvaluationConfig {
  const path = (key: 'pairs' | 'ratings'): string | null =>
    cli[key] ? resolve(cwd, cli[key]) : file[key] ? resolve(baseDir, file[key]) : null;
  // Values were checked against RUN_OPTIONS_SCHEMA (an invalid one never reaches here).
  const noise = cli.noise ?? file.noise ?? 'different';
  const replicates = cli.replicates ?? file.replicates ?? DEFAULTS.replicates;
  const alphaLevel = cli.alphaLevel ?? file.alphaLevel ?? 'ordinal';
  return {
    pairs: path('pairs'),
    ratings: path('ratings'),
    imageFeatures: choice(mergeChoice(file.imageFeatures, cli.imageFeatures), DEFAULTS.imageFeatures),
    noise,
    replicates,
    alphaLevel,
  };
}
