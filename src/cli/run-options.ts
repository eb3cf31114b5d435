import type { Command } from 'commander';
import { DEFAULTS, type NearDuplicateAnalysis, type RunOptions } from '../pipeline/config.js';
import { DESCRIBER_DEFAULTS } from '../describe/openai-settings.js';
import { DEFAULT_LIMITS } from '../ingest/inspect.js';
import { DEFAULT_MAX_DISTANCE, imageHashers, MAX_NEAR_DUPLICATE_DISTANCE } from '../duplicates/index.js';
import { describers } from '../describe/index.js';
import { embedders } from '../embed/index.js';
import { reducers } from '../reduce/index.js';
import { collect, defined, parseInteger, parseIntegerList, parseNumber, parseSettings } from './options.js';

/** The flags `run` and `evaluate` share: input, describer, embedder, reduction, clustering. */
export interface PipelineFlags {
  out?: string;
  config?: string;
  describer?: string;
  model?: string;
  baseUrl?: string[];
  prompt?: string;
  promptFile?: string;
  embedder?: string;
  embeddingModel?: string;
  ocr?: boolean | string;
  nearDuplicates?: boolean | string;
  nearDuplicateDistance?: number;
  nearDuplicateAnalysis?: string;
  reduce?: string;
  minClusterSize?: number[];
  minSamples?: number;
  selection?: string;
  clusterer?: string;
  seed?: number;
  maxFileMb?: number;
  maxMegapixels?: number;
  offline?: boolean;
  quiet?: boolean;
  criterion?: string;
  batch?: boolean;
  concurrency?: number;
  rpm?: number;
  tpm?: number;
  maxTokens?: number;
  detail?: string;
  imageSize?: number;
  stopWords?: string;
  keywordDiversity?: number;
  label?: boolean;
  labeler?: string;
  labelModel?: string;
  labelBaseUrl?: string[];
  labelPromptFile?: string;
  describerSettings?: Record<string, unknown>;
  embedderSettings?: Record<string, unknown>;
  reduceSettings?: Record<string, unknown>;
  clusterSettings?: Record<string, unknown>;
}

const SETTINGS_FORMAT = "as key=value,key=value or a JSON object; unknown keys are refused before anything runs";

export function addPipelineOptions(command: Command): Command {
  return command
    .option('-o, --out <dir>', 'project folder for the store and outputs (default: ./connote-out)')
    .option('-c, --config <file>', 'JSON config file (default: connote.config.json inside INPUT, if any)')
    .option('--describer <name>', `who writes the descriptions: ${describers.names().join(', ')} (default: ${DEFAULTS.describer})`)
    .option('--model <name>', "the describer's model, e.g. gpt-4o, llava, qwen2.5vl, or a local model folder (default: gpt-4o for OpenAI; SmolVLM-500M-Instruct for local-vlm)")
    .option('--base-url <url>', 'OpenAI-compatible endpoint, repeat to spread requests over several servers (default: $OPENAI_BASE_URL, else https://api.openai.com/v1)', collect)
    .option('--prompt <name>', 'built-in prompt: connotative (what the image means) or denotative (what it shows) (default: connotative)')
    .option('--prompt-file <file>', 'your own prompt, as a text file (default: none, the built-in prompt)')
    .option('--criterion <text>', 'describe images with respect to a criterion you choose, e.g. "the emotion conveyed" (IC|TC) (default: none, the prompt)')
    .option('--batch', 'OpenAI Batch API: half price, results within 24 h; a restarted run resumes the same batch (default: off, requests sent online)')
    .option('--concurrency <n>', `requests in flight per endpoint; vLLM clusters take 256+ (default: ${DESCRIBER_DEFAULTS.concurrency})`, parseInteger)
    .option('--rpm <n>', 'requests-per-minute limit (default: none; a 429 answer is honoured)', parseInteger)
    .option('--tpm <n>', 'tokens-per-minute limit (default: none)', parseInteger)
    .option('--max-tokens <n>', `longest description, in tokens (default: ${DESCRIBER_DEFAULTS.maxTokens})`, parseInteger)
    .option('--detail <level>', `image detail sent to OpenAI-style models: low, high or auto (default: ${DESCRIBER_DEFAULTS.detail})`)
    .option('--image-size <px>', `longest side of the image sent, in pixels; never upscaled (default: ${DESCRIBER_DEFAULTS.imageSize})`, parseInteger)
    .option('--embedder <name>', `how descriptions become vectors: ${embedders.names().join(', ')} (default: ${DEFAULTS.embedder})`)
    .option('--embedding-model <name>', "the embedder's model: a hub id, a folder, or an API model name (default: Xenova/all-MiniLM-L6-v2 for minilm, text-embedding-3-small for openai)")
    .option('--reduce <name>', `reduction before clustering: ${reducers.names().join(', ')} (default: ${DEFAULTS.reduce.name}, ${DEFAULTS.reduce.nComponents} components, ${DEFAULTS.reduce.nNeighbors} neighbours, min_dist ${DEFAULTS.reduce.minDist}, ${DEFAULTS.reduce.metric})`)
    .option(
      '--min-cluster-size <sizes>',
      `comma-separated minimum cluster sizes, one clustering each; larger: fewer, bigger clusters (default: ${DEFAULTS.minClusterSizes.join(',')})`,
      parseIntegerList,
    )
    .option('--min-samples <n>', 'HDBSCAN min_samples; larger: more points left as noise (default: the min cluster size)', parseInteger)
    .option('--selection <method>', 'HDBSCAN cluster selection: eom (larger clusters) or leaf (smaller, homogeneous clusters) (default: eom)')
    .option('--clusterer <name>', `clustering algorithm: hdbscan, or kmeans with --cluster-settings k=N (default: ${DEFAULTS.cluster})`)
    .option('--seed <n>', `random seed of every random step, recorded in run.json (default: ${DEFAULTS.seed})`, parseInteger)
    .option('--max-file-mb <n>', `skip files larger than this (default: ${DEFAULT_LIMITS.maxBytes / 2 ** 20})`, parseNumber)
    .option('--max-megapixels <n>', `skip images with more pixels than this (default: ${DEFAULT_LIMITS.maxPixels / 1e6})`, parseNumber)
    .option('--describer-settings <settings>', `any describer setting (docs/providers.md), ${SETTINGS_FORMAT}`, parseSettings)
    .option('--embedder-settings <settings>', `any embedder setting, ${SETTINGS_FORMAT}`, parseSettings)
    .option('--reduce-settings <settings>', `reducer settings (e.g. nNeighbors=30,nComponents=10), ${SETTINGS_FORMAT}`, parseSettings)
    .option('--cluster-settings <settings>', `clusterer settings (e.g. clusterSelectionEpsilon=0.1, or k=8 for kmeans), ${SETTINGS_FORMAT}`, parseSettings)
    .option('--stop-words <file>', 'stop words for keywords, one a line, instead of the built-in English list (default: built-in list)')
    .option('--keyword-diversity <x>', 'diversify keywords by maximal marginal relevance, 0 (off) to 1 (most diverse) (default: 0)', parseNumber)
    .option('--ocr [engine]', 'append the text inside each image, read offline by OCR, to its description before embedding (default: off; engine: tesseract)')
    .option(
      '--near-duplicates [hash]',
      `group visually near-identical images (reposts: recompressed, rescaled, cropped, captioned) by a perceptual hash: ${imageHashers.names().join(' or ')}; written to duplicates.csv (default: off; hash: dhash)`,
    )
    .option(
      '--near-duplicate-distance <bits>',
      `most bits two images' hashes may differ in to be near-duplicates, 0 to ${MAX_NEAR_DUPLICATE_DISTANCE}; larger: more copies found, and more look-alike pictures joined (default: ${Object.entries(DEFAULT_MAX_DISTANCE).map(([hash, d]) => `${d} for ${hash}`).join(', ')}; turns --near-duplicates on)`,
      parseInteger,
    )
    .option(
      '--near-duplicate-analysis <mode>',
      'all: every image described and clustered, groups only reported; representative: only the largest image of each group is described, embedded and clustered, the others take its cluster (default: all; turns --near-duplicates on)',
    )
    .option('--label', 'name every cluster with a chat model (see connote label) (default: off; the describer\'s server and model)')
    .option('--labeler <name>', `who names the clusters: openai or keywords (offline) (default: ${DEFAULTS.labeler})`)
    .option('--label-model <name>', 'the chat model that names clusters, e.g. gpt-4o-mini (default: the describer\'s model)')
    .option('--label-base-url <url>', 'OpenAI-compatible endpoint for naming (repeat for several) (default: the describer\'s)', collect)
    .option('--label-prompt-file <file>', 'your naming prompt (copy prompts/labels/name.txt) (default: the shipped prompt)')
    .option('--offline', 'never download model weights; use the cache or local folders only (default: downloads allowed unless CONNOTE_OFFLINE or HF_HUB_OFFLINE is set)')
    .option('-q, --quiet', 'only print warnings, errors and the summary (default: progress too)');
}

/** Turns the shared flags into RunOptions (absent flags never override a config file). */
export function pipelineOptions(input: string, flags: PipelineFlags): RunOptions & { config?: string } {
  const describerSettings = defined({
    ...flags.describerSettings,
    model: flags.model,
    baseUrls: flags.baseUrl,
    batch: flags.batch,
    concurrency: flags.concurrency,
    rpm: flags.rpm,
    tpm: flags.tpm,
    maxTokens: flags.maxTokens,
    detail: flags.detail,
    imageSize: flags.imageSize,
  });
  const embedderSettings = defined({ ...flags.embedderSettings, model: flags.embeddingModel });
  const clusterSettings = defined({ ...flags.clusterSettings, minSamples: flags.minSamples, clusterSelectionMethod: flags.selection });
  // Model loaders read this (see src/models): no download, cache and local folders only.
  if (flags.offline) process.env.CONNOTE_OFFLINE = '1';
  return defined({
    input,
    out: flags.out,
    config: flags.config,
    seed: flags.seed,
    prompt: flags.prompt,
    promptFile: flags.promptFile,
    criterion: flags.criterion,
    ocr: flags.ocr,
    nearDuplicates: nearDuplicateOptions(flags),
    describer:
      flags.describer || Object.keys(describerSettings).length > 0 ? { ...defined({ name: flags.describer }), ...describerSettings } : undefined,
    embedder: flags.embedder || Object.keys(embedderSettings).length > 0 ? { ...defined({ name: flags.embedder }), ...embedderSettings } : undefined,
    reduce: flags.reduceSettings ? { ...flags.reduceSettings, ...defined({ name: flags.reduce }) } : flags.reduce,
    minClusterSizes: flags.minClusterSize,
    keywords:
      flags.stopWords !== undefined || flags.keywordDiversity !== undefined
        ? defined({ stopWords: flags.stopWords, diversity: flags.keywordDiversity })
        : undefined,
    labels: labelOptions(flags),
    cluster: flags.clusterer || Object.keys(clusterSettings).length > 0 ? { ...defined({ name: flags.clusterer }), ...clusterSettings } : undefined,
    limits:
      flags.maxFileMb !== undefined || flags.maxMegapixels !== undefined
        ? defined({
            maxBytes: flags.maxFileMb !== undefined ? flags.maxFileMb * 2 ** 20 : undefined,
            maxPixels: flags.maxMegapixels !== undefined ? flags.maxMegapixels * 1e6 : undefined,
          })
        : undefined,
  });
}

/** The near-duplicate flags as the config's `nearDuplicates` block (either setting turns grouping on). */
function nearDuplicateOptions(flags: PipelineFlags): RunOptions['nearDuplicates'] {
  const settings = defined({
    hash: typeof flags.nearDuplicates === 'string' ? flags.nearDuplicates : undefined,
    maxDistance: flags.nearDuplicateDistance,
    analysis: flags.nearDuplicateAnalysis as NearDuplicateAnalysis | undefined,
  });
  if (!flags.nearDuplicates && Object.keys(settings).length === 0) return undefined;
  return settings;
}

/** The naming flags as the config's `labels` block (any of them turns naming on). */
function labelOptions(flags: PipelineFlags): RunOptions['labels'] {
  const settings = defined({ name: flags.labeler, model: flags.labelModel, baseUrls: flags.labelBaseUrl, promptFile: flags.labelPromptFile });
  if (!flags.label && Object.keys(settings).length === 0) return undefined;
  return { enabled: true, ...settings };
}
