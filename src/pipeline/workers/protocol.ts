import type { AnalysisJob } from './jobs.js';

/** What the host posts to a fresh analysis worker: one job, the run's seed, and plugin modules to import first. */
export interface WorkerRequest {
  readonly job: AnalysisJob;
  readonly seed: number;
  /** Module URLs the worker imports before it looks the implementation up (plugins register there). */
  readonly modules: readonly string[];
}

/** What a worker posts back: log lines and progress as they happen, then one result or one error. */
export type WorkerMessage =
  | { readonly type: 'log'; readonly level: 'info' | 'warn' | 'error' | 'debug'; readonly message: string }
  | { readonly type: 'task-start'; readonly id: number; readonly label: string; readonly total: number; readonly unit?: string }
  | { readonly type: 'task-tick'; readonly id: number; readonly count?: number; readonly note?: string }
  | { readonly type: 'task-total'; readonly id: number; readonly total: number }
  | { readonly type: 'task-done'; readonly id: number; readonly summary?: string }
  | { readonly type: 'result'; readonly output: unknown }
  | { readonly type: 'error'; readonly name: string; readonly message: string; readonly stack?: string };
