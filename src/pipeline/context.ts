import type { Store } from '../store/index.js';
import { createContext, type Logger, type Progress, type StageContext } from '../types/context.js';
import type { RunConfig } from './config.js';

/**
 * The stage context of a run: seeded from the run's seed (each reducer and clusterer then gets
 * a stream of its own through `forStage`), reporting through the command's logger
 * and progress, stopped by its abort signal, and keeping resumable state (a submitted batch id)
 * in the project's store so that a second run picks it up.
 */
export function runContext(
  config: Pick<RunConfig, 'seed'>,
  io: { readonly logger: Logger; readonly progress: Progress; readonly signal?: AbortSignal },
  store: Store,
): StageContext {
  return createContext({ seed: config.seed, logger: io.logger, progress: io.progress, signal: io.signal, state: store.state() });
}
