import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { explainLoadFailure } from './errors.js';
import type { ModelSource } from './source.js';
import { configureTransformers, importTransformers } from './transformers.js';

/** How long the Hub may take to say whether a model exists before the probe gives up. */
const HUB_TIMEOUT_MS = 15_000;

/**
 * Whether a transformers.js model could be loaded, without loading it: a folder must hold a
 * config.json; a Hub model must have every file its pipeline needs in the model cache (or local
 * model folder), or, when downloads are allowed, the Hub must answer for its config.json. Returns
 * the reason it cannot be loaded (the same message loading would give), or undefined.
 */
export async function probeModel(source: ModelSource, task: string, role: string): Promise<string | undefined> {
  if (source.isFolder) {
    const missing = !existsSync(source.model)
      ? `folder ${source.model} does not exist`
      : !statSync(source.model).isDirectory()
        ? `${source.model} is not a folder`
        : !existsSync(join(source.model, 'config.json'))
          ? `folder ${source.model} has no config.json`
          : undefined;
    return missing ? explainLoadFailure(new Error(missing), source, role).message : undefined;
  }
  const transformers = await importTransformers();
  configureTransformers(transformers, source);
  const { ModelRegistry } = transformers;
  const options = { revision: source.revision, dtype: source.dtype as never, cache_dir: source.cacheDir };
  try {
    if (await ModelRegistry.is_pipeline_cached(task as never, source.model, options)) return undefined;
  } catch {
    // An unreadable cache entry: treat the model as not cached and ask the Hub below.
  }
  if (source.offline) return explainLoadFailure(notFound(), source, role).message;
  try {
    const metadata = await withTimeout(ModelRegistry.get_file_metadata(source.model, 'config.json', { revision: source.revision }), HUB_TIMEOUT_MS);
    if (metadata.exists) return undefined;
    return explainLoadFailure(Object.assign(notFound(), { status: 404 }), source, role).message;
  } catch (error) {
    return explainLoadFailure(error, source, role).message;
  }
}

/** What transformers.js throws for a file that is neither cached nor downloadable. */
function notFound(): Error {
  return Object.assign(new Error('not in the model cache'), { name: 'ModelFileNotFoundError' });
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ETIMEDOUT' } })),
      ms,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
