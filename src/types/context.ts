import { createRandom, deriveRandom, type Random } from '../util/random.js';

/** Messages for the person running connote. Stages never write to the console directly. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  debug(message: string): void;
}

/** One long-running step: the CLI shows it as a progress bar with ETA (or plain lines off a TTY). */
export interface ProgressTask {
  /** Advance by `count` items; `note` is shown beside the bar (e.g. cost so far). */
  tick(count?: number, note?: string): void;
  /** Raise the total when more work is discovered. */
  setTotal(total: number): void;
  done(summary?: string): void;
}

export interface Progress {
  start(label: string, total: number, unit?: string): ProgressTask;
}

/** Small persistent key-value state for stages that must resume (e.g. a submitted batch id). */
export interface StageState {
  get<T>(key: string): T | undefined;
  set(key: string, value: unknown): void;
  delete(key: string): void;
}

/**
 * What every stage receives besides its inputs: never the whole pipeline.
 */
export interface StageContext {
  /**
   * This stage's own seeded generator. The pipeline hands every reducer and clusterer a fresh
   * one derived from the run's seed and the stage's name (`forStage`), so nothing drawn
   * elsewhere (retry jitter, another stage, another clustering) can shift it.
   */
  readonly random: Random;
  /** The run's seed: what every stream is derived from. */
  readonly seed: number;
  readonly logger: Logger;
  readonly progress: Progress;
  readonly signal: AbortSignal;
  readonly state: StageState;
}

export const silentLogger: Logger = {
  info: () => {},
  warn: () => {},
  error: () => {},
  debug: () => {},
};

export const silentProgress: Progress = {
  start: () => ({ tick: () => {}, setTotal: () => {}, done: () => {} }),
};

/** In-memory state for library use and tests; the pipeline passes one backed by the store. */
export function memoryState(): StageState {
  const values = new Map<string, unknown>();
  return {
    get: <T>(key: string) => values.get(key) as T | undefined,
    set: (key, value) => void values.set(key, value),
    delete: (key) => void values.delete(key),
  };
}

export interface ContextOptions {
  seed?: number;
  logger?: Logger;
  progress?: Progress;
  signal?: AbortSignal;
  state?: StageState;
}

/**
 * The context for one named stage (e.g. 'cluster:hdbscan'): the same context with a generator
 * of its own, derived from the run's seed and `stage` only. Two calls with the same seed and
 * name give the same stream, whatever was drawn from `ctx.random` before.
 */
export function forStage(ctx: StageContext, stage: string): StageContext {
  return { ...ctx, random: deriveRandom(ctx.seed, stage) };
}

/** A context with quiet defaults, for library calls and tests. */
export function createContext(options: ContextOptions = {}): StageContext {
  const seed = options.seed ?? 42;
  return {
    seed,
    random: createRandom(seed),
    logger: options.logger ?? silentLogger,
    progress: options.progress ?? silentProgress,
    signal: options.signal ?? new AbortController().signal,
    state: options.state ?? memoryState(),
  };
}
