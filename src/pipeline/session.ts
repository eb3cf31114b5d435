import { mkdirSync } from 'node:fs';
import { openProjectStore, type Store } from '../store/index.js';
import type { Logger, Progress, StageContext } from '../types/context.js';
import type { RunConfig } from './config.js';
import { runContext } from './context.js';
import { redactSecrets, redactText, secretValues } from '../util/secrets.js';
import { redactConfig, runId as newRunId } from './provenance.js';

export interface PipelineIO {
  readonly logger: Logger;
  readonly progress: Progress;
  readonly signal?: AbortSignal;
}

/**
 * What a step needs besides its inputs: the project's store, the stage context, and a clock that
 * adds the step's seconds to the run's timings. A RunSession is one; a library call makes one
 * with `stepEnvironment`.
 */
export interface StepEnvironment {
  readonly store: Store;
  readonly ctx: StageContext;
  timed<T>(name: string, fn: () => Promise<T>): Promise<T>;
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

/** A step environment for library use: a store and a context, timings kept in `timings`. */
export function stepEnvironment(store: Store, ctx: StageContext, timings: Record<string, number> = {}): StepEnvironment {
  return { store, ctx, timed: (name, fn) => timeInto(timings, name, fn) };
}

/**
 * One command's run over a project: its store, run id, stage context, per-step timings and
 * error log. Commands (run, evaluate) open one, call steps, and finish it.
 */
export class RunSession implements StepEnvironment {
  readonly timings: Record<string, number> = {};
  private constructor(
    readonly store: Store,
    readonly runId: string,
    readonly ctx: StageContext,
    /** The run's credentials: cut out of everything this session writes to the store. */
    private readonly secrets: readonly string[],
  ) {}

  static open(config: RunConfig, io: PipelineIO, command: string): RunSession {
    mkdirSync(config.out, { recursive: true });
    const store = openProjectStore(config.out);
    const session = new RunSession(store, newRunId(), runContext(config, io, store), secretValues(config));
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
