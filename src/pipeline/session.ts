import { mkdirSync } from 'node:fs';
import type { RunConfig } from './config.js';
import { createContext, type Logger, type Progress, type StageContext } from '../types/context.js';
import { runId as newRunId } from './provenance.js';
import { openProjectStore, type Store } from '../store/index.js';

export interface PipelineIO {
  readonly logger: Logger;
  readonly progress: Progress;
  readonly signal?: AbortSignal;
}

/**
 * One command's run over a project: its store, run id, stage context, per-step timings and
 * error log. Commands (run, evaluate, describe) open one, call steps, and finish it.
 */
export class RunSession {
  readonly timings: Record<string, number> = {};
  private constructor(
    readonly store: Store,
    readonly runId: string,
    readonly ctx: StageContext,
  ) {}

  static open(config: RunConfig, io: PipelineIO, command: string): RunSession {
    mkdirSync(config.out, { recursive: true });
    const store = openProjectStore(config.out);
    const ctx = createContext({ seed: config.seed, logger: io.logger, progress: io.progress, signal: io.signal, state: store.state() });
    const session = new RunSession(store, newRunId(), ctx);
    store.runs.start(session.runId, { command, ...config });
    return session;
  }

  async timed<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      return await fn();
    } finally {
      this.timings[name] = (this.timings[name] ?? 0) + (performance.now() - start) / 1000;
    }
  }

  recordError(stage: string, itemId: string | null, path: string | null, message: string): void {
    this.store.errors.add({ runId: this.runId, stage, itemId, path, message });
  }

  errors() {
    return this.store.errors.forRun(this.runId);
  }

  finish(status: 'finished' | 'failed' | 'interrupted', provenance: Record<string, unknown>): void {
    this.store.runs.finish(this.runId, status, provenance);
  }

  close(): void {
    this.store.close();
  }
}
