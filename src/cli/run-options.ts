import type { Command } from 'commander';
import type { RunOptions } from '../pipeline/config.js';
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
    .option('--describer <name>', `who writes the descriptions: ${describers.names().join(', ')}`)
    .option('--model <name>', "the describer's model, e.g. gpt-4o, llava, qwen2.5vl, or a local model folder")
    .option('--base-url <url>', 'OpenAI-compatible endpoint (repeat to spread requests over several servers)', collect)
    .option('--prompt <name>', 'built-in prompt: connotative (what the image means, default) or denotative (what it shows)')
    .option('--prompt-file <file>', 'your own prompt, as a text file')
    .option('--criterion <text>', 'describe images with respect to a criterion you choose, e.g. "the emotion conveyed" (IC|TC)')
    .option('--batch', 'OpenAI Batch API: half price, results within 24 h; a restarted run resumes the same batch')
    .option('--concurrency <n>', 'requests in flight per endpoint (default 8; vLLM clusters take 256+)', parseInteger)
    .option('--rpm <n>', 'requests-per-minute limit', parseInteger)
    .option('--tpm <n>', 'tokens-per-minute limit', parseInteger)
    .option('--max-tokens <n>', 'longest description, in tokens (default 400)', parseInteger)
    .option('--detail <level>', 'image detail sent to OpenAI-style models: low, high (default) or auto')
    .option('--image-size <px>', 'longest side of the image sent, in pixels (default 1024; never upscaled)', parseInteger)
    .option('--embedder <name>', `how descriptions become vectors: ${embedders.names().join(', ')}`)
    .option('--embedding-model <name>', "the embedder's model (a hub id such as Xenova/all-MiniLM-L6-v2, a folder, or text-embedding-3-small)")
    .option('--reduce <name>', `reduction before clustering: ${reducers.names().join(', ')}`)
    .option(
      '--min-cluster-size <sizes>',
      'comma-separated minimum cluster sizes, one clustering each (larger: fewer, bigger clusters)',
      parseIntegerList,
    )
    .option('--min-samples <n>', 'HDBSCAN min_samples (larger: more points left as noise); default: the min cluster size', parseInteger)
    .option('--selection <method>', 'HDBSCAN cluster selection: eom (default, larger clusters) or leaf (smaller, homogeneous clusters)')
    .option('--clusterer <name>', 'clustering algorithm (hdbscan, or kmeans with a config setting k)')
    .option('--seed <n>', 'random seed recorded in run.json (default 42)', parseInteger)
    .option('--max-file-mb <n>', 'skip files larger than this (default 64)', parseNumber)
    .option('--max-megapixels <n>', 'skip images with more pixels than this (default 100)', parseNumber)
    .option('--describer-settings <settings>', `any describer setting (docs/providers.md), ${SETTINGS_FORMAT}`, parseSettings)
    .option('--embedder-settings <settings>', `any embedder setting, ${SETTINGS_FORMAT}`, parseSettings)
    .option('--reduce-settings <settings>', `reducer settings (e.g. nNeighbors=30,nComponents=10), ${SETTINGS_FORMAT}`, parseSettings)
    .option('--cluster-settings <settings>', `clusterer settings (e.g. clusterSelectionEpsilon=0.1, or k=8 for kmeans), ${SETTINGS_FORMAT}`, parseSettings)
    .option('--offline', 'never download model weights; use the cache or local folders only')
    .option('-q, --quiet', 'only print warnings, errors and the summary');
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
    describer:
      flags.describer || Object.keys(describerSettings).length > 0 ? { ...defined({ name: flags.describer }), ...describerSettings } : undefined,
    embedder: flags.embedder || Object.keys(embedderSettings).length > 0 ? { ...defined({ name: flags.embedder }), ...embedderSettings } : undefined,
    reduce: flags.reduceSettings ? { ...flags.reduceSettings, ...defined({ name: flags.reduce }) } : flags.reduce,
    minClusterSizes: flags.minClusterSize,
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
