import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { PretrainedModelOptions } from '@huggingface/transformers';
import type { StageContext } from '../types/context.js';
import { downloadProgress } from './download-progress.js';
import { explainLoadFailure } from './errors.js';
import type { ModelSource } from './source.js';

export type Transformers = typeof import('@huggingface/transformers');

let imported: Promise<Transformers> | undefined;

/** transformers.js pulls in ONNX Runtime and sharp: imported on first use, so unused stages cost nothing. */
export function importTransformers(): Promise<Transformers> {
  imported ??= import('@huggingface/transformers');
  return imported;
}

/**
 * Points transformers.js at connote's model cache and local model folder and switches
 * downloads on or off. transformers.js keeps these in one process-wide `env` object, so they
 * are set again before every load; connote loads its models one stage at a time.
 */
export function configureTransformers(transformers: Transformers, source: ModelSource): void {
  const { env, LogLevel } = transformers;
  env.cacheDir = source.cacheDir;
  env.useFSCache = true;
  env.localModelPath = source.localModelPath;
  env.allowLocalModels = true;
  env.allowRemoteModels = !source.offline;
  // Its warnings (e.g. "Unable to load from local path" before a download) would go straight to
  // the console; real failures reach us as errors and are explained there.
  env.logLevel = LogLevel.ERROR;
}

/** The options every `pipeline()` / `from_pretrained()` call gets for this source. */
export function pretrainedOptions(source: ModelSource): PretrainedModelOptions {
  return {
    revision: source.revision,
    local_files_only: source.offline,
    device: 'cpu',
    dtype: source.dtype as PretrainedModelOptions['dtype'],
    ...(source.threads === undefined ? {} : { session_options: { intraOpNumThreads: source.threads } }),
  };
}

/**
 * Loads a model through transformers.js; any failure becomes a `ModelUnavailableError` that
 * names the model, says why, and what to do. `role` names the model in messages
 * (e.g. "text embedding model"). A download shows as a progress bar.
 */
export async function loadWithTransformers<T>(
  source: ModelSource,
  role: string,
  ctx: StageContext,
  load: (transformers: Transformers, options: PretrainedModelOptions) => Promise<T>,
): Promise<T> {
  const missingFolder = source.isFolder ? checkFolder(source.model) : undefined;
  if (missingFolder) throw explainLoadFailure(new Error(missingFolder), source, role);
  const transformers = await importTransformers();
  configureTransformers(transformers, source);
  const download = downloadProgress(ctx.progress, source.model);
  ctx.logger.info(`loading the ${role} ${source.model} (dtype ${JSON.stringify(source.dtype)})`);
  try {
    return await load(transformers, { ...pretrainedOptions(source), progress_callback: download.callback });
  } catch (error) {
    throw explainLoadFailure(error, source, role);
  } finally {
    download.finish();
  }
}

function checkFolder(folder: string): string | undefined {
  if (!existsSync(folder)) return `folder ${folder} does not exist`;
  if (!statSync(folder).isDirectory()) return `${folder} is not a folder`;
  if (!existsSync(join(folder, 'config.json'))) return `folder ${folder} has no config.json`;
  return undefined;
}
