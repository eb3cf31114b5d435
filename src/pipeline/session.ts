import { mkdirSync } from 'node:fs';
import { openProjectStore, type Store } from '../store/index.js';
import type { Logger, Progress, StageContext } from '../types/context.js';
import type { RunConfig } from './config.js';
import { runContext } from './context.js';
import { redactSecrets, redactText, secretValues } from '../util/secrets.js';
import { redactConfig, runId as newRunId } from './provenance.js';
import type { Execution } from './workers/offload.js';

export interface PipelineIO {
  readonly logger: Logger;
  readonly progress: Progress;
  readonly signal?: AbortSignal;
  /**
   * Where reduce and cluster run (default 'auto': a worker thread for large inputs, so Ctrl-C
   * and progress bars respond at once; 'in-process' keeps them in this thread). Never changes a result.
   */
  readonly execution?: Execution;
}

/** Something a step did that the person should know about (a fallback, an adjusted setting): logged, and kept in run.json. */
export interface StepNote {
  readonly stage: string;
  readonly message: string;
}

/**
 * What a step needs besides its inputs: the project's store, the stage context, and a clock that
 * adds the step's seconds to the run's timings. A RunSession is one; a library call makes one
 * with `stepEnvironment`.
 */
export interface StepEnvironment {
  readonly store: Store;
  readonly ctx: StageContext;
  /** Where reduce and cluster run; see PipelineIO. */
  readonly execution?: Execution;
  timed<T>(name: string, fn: () => Promise<T>): Promise<T>;
  /** Logs a warning and keeps it for run.json. */
  note(stage: string, message: string): void;
}

/** Keeps notes in `notes` and warns through `logger`. */
function noteTaker(logger: Logger, notes: StepNote[]): (stage: string, message: string) => void {
  return (stage, message) => {
    notes.push({ stage, message });
    logger.warn(message);
  };
}

/**
 * The step's context with every warning kept as a note for run.json (e.g. a fallback a reducer
 * chose), each prefixed with `what` (e.g. '2-D map layout') so that the person knows which call said it.
 */
export function notingContext(env: StepEnvironment, stage: string, what?: string): StageContext {
  const { logger } = env.ctx;
  return {
    ...env.ctx,
    logger: {
      info: (message) => logger.info(message),
      warn: (message) => env.note(stage, what ? `${what}: ${message}` : message),
      error: (message) => logger.error(message),
      debug: (message) => logger.debug(message),
    },
  };
}

/** Adds the seconds `fn` takes to `timings[name]`. */
export async function timeInto<T>(timings: Record<string, number>, name: string, fn: () => Promise<T>): Promise<T> {
  const start = performance.now();
  try {
    return await fn();
  } finally {
    timings[name] = (timings[name] ?? 0) + (performance.now() - start) / 1000;
  }
}

/** A step environment for library use: a store and a context, timings kept in `timings`, notes in `notes`. */
export function stepEnvironment(
  store: Store,
  ctx: StageContext,
  timings: Record<string, number> = {},
  options: { readonly execution?: Execution; readonly notes?: StepNote[] } = {},
): StepEnvironment {
  return { store, ctx, execution: options.execution, timed: (name, fn) => timeInto(timings, name, fn), note: noteTaker(ctx.logger, options.notes ?? []) };
}

/**
 * One command's run over a project: its store, run id, stage context, per-step timings and
 * error log. Commands (run, evaluate) open one, call steps, and finish it.
 */
export class RunSession implements StepEnvironment {
  readonly timings: Record<string, number> = {};
  /** Fallbacks and adjustments of this run, in order (run.json's `notes`). */
  readonly notes: StepNote[] = [];
  readonly note: (stage: string, message: string) => void;
  private constructor(
    readonly store: Store,
    readonly runId: string,
    readonly ctx: StageContext,
    readonly execution: Execution | undefined,
    /** The run's credentials: cut out of everything this session writes to the store. */
    private readonly secrets: readonly string[],
  ) {
    this.note = noteTaker(ctx.logger, this.notes);
  }

  static open(config: RunConfig, io: PipelineIO, command: string): RunSession {
    mkdirSync(config.out, { recursive: true });
    const store = openProjectStore(config.out);
    const session = new RunSession(store, newRunId(), runContext(config, io, store), io.execution, secretValues(config));
    store.runs.start(session.runId, { command, ...redactConfig(config) });
    return session;
  }

  timed<T>(name: string, fn: () => Promise<T>): Promise<T> {
    return timeInto(this.timings, name, fn);
  }

  recordError(stage: string, itemId: string | null, path: string | null, message: string): void {
    this.store.errors.add({ runId: this.runId, stage, itemId, path, message: redactText(message, this.secrets) });
  }

  errors() {
    return this.store.errors.forRun(this.runId);
  }

  finish(status: 'finished' | 'failed' | 'interrupted', provenance: Record<string, unknown>): void {
    this.store.runs.finish(this.runId, status, redactSecrets(provenance, '<redacted>', this.secrets));
  }

  close(): void {
    this.store.close();
  }
}
