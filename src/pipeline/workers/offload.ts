import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ProgressTask, StageContext } from '../../types/context.js';
import { StoppedError } from '../../types/errors.js';
import { isBuiltIn, runJob, type AnalysisJob, type AnalysisOutput } from './jobs.js';
import type { WorkerMessage, WorkerRequest } from './protocol.js';

/**
 * Where a long CPU stage runs. `worker`: a worker thread, so the main thread stays free to
 * redraw progress bars and to stop at once on Ctrl-C (the worker is terminated, which interrupts
 * even a tight loop). `in-process`: this thread, as a library call or a test may want it.
 * `auto` (default): a worker when the job is large enough to take more than about a second.
 * The result is the same bit for bit either way.
 */
export type Execution = 'auto' | 'worker' | 'in-process';

export interface OffloadOptions {
  readonly execution?: Execution;
  /**
   * Modules a worker imports before it runs the job: where a plugin registers its own reducer or
   * clusterer, so that it too can run off the main thread. Without them, only connote's built-in
   * implementations run in a worker (a fresh worker knows no other) and the rest run in-process.
   */
  readonly modules?: ReadonlyArray<string | URL>;
}

/** Below these sizes a job takes well under a second: starting a worker would cost more than it saves. */
const AUTO_CELLS = 100_000;
const AUTO_ROWS = 5_000;

/** Runs one reduce or cluster job, in a worker thread or in this one (see `Execution`). */
export async function runAnalysisJob<J extends AnalysisJob>(job: J, ctx: StageContext, options: OffloadOptions = {}): Promise<AnalysisOutput<J>> {
  if (ctx.signal.aborted) throw new StoppedError(job.stage);
  const modules = (options.modules ?? []).map(String);
  if (!offloads(job, options.execution ?? 'auto', modules.length > 0)) {
    try {
      return await runJob(job, ctx);
    } catch (error) {
      if (ctx.signal.aborted) throw new StoppedError(job.stage);
      throw error;
    }
  }
  return (await runInWorker({ job, seed: ctx.seed, modules }, ctx)) as AnalysisOutput<J>;
}

function offloads(job: AnalysisJob, execution: Execution, withModules: boolean): boolean {
  if (execution === 'in-process') return false;
  const known = withModules || isBuiltIn(job);
  if (execution === 'worker') {
    if (!known) throw new Error(`${job.kind === 'reduce' ? 'reducer' : 'clusterer'} '${job.name}' is not built in: pass the module that registers it (modules) to run it in a worker`);
    return true;
  }
  return known && (job.data.rows >= AUTO_ROWS || job.data.rows * job.data.cols >= AUTO_CELLS);
}

/**
 * The worker's program: compiled JavaScript next to this file when connote is installed, the
 * TypeScript source (through tsx's loader, registered inside the worker) when it runs from
 * src/ under tsx or vitest.
 */
function startWorker(): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./analysis-worker.js', import.meta.url));
  const source = new URL('./analysis-worker.ts', import.meta.url).href;
  // require.resolve finds the CommonJS build of tsx's API; its ES module sits beside it.
  const tsxApi = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href.replace(/index\.cjs$/, 'index.mjs');
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); });`;
  return new Worker(bootstrap, { eval: true });
}

function runInWorker(request: WorkerRequest, ctx: StageContext): Promise<unknown> {
  const { job } = request;
  const worker = startWorker();
  const tasks = new Map<number, ProgressTask>();
  return new Promise<unknown>((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      ctx.signal.removeEventListener('abort', stop);
      for (const task of tasks.values()) task.done();
      tasks.clear();
      outcome();
      void worker.terminate();
    };
    const stop = (): void => settle(() => reject(new StoppedError(job.stage)));
    ctx.signal.addEventListener('abort', stop, { once: true });

    worker.on('message', (message: WorkerMessage) => {
      switch (message.type) {
        case 'log':
          ctx.logger[message.level](message.message);
          break;
        case 'task-start':
          tasks.set(message.id, ctx.progress.start(message.label, message.total, message.unit));
          break;
        case 'task-tick':
          tasks.get(message.id)?.tick(message.count, message.note);
          break;
        case 'task-total':
          tasks.get(message.id)?.setTotal(message.total);
          break;
        case 'task-done':
          tasks.get(message.id)?.done(message.summary);
          tasks.delete(message.id);
          break;
        case 'result':
          settle(() => resolve(message.output));
          break;
        case 'error': {
          const error = new Error(message.message);
          error.name = message.name;
          if (message.stack) error.stack = message.stack;
          settle(() => reject(error));
          break;
        }
      }
    });
    worker.on('error', (error) => settle(() => reject(new Error(`the ${job.stage} worker crashed: ${error.message}`, { cause: error }))));
    worker.on('exit', (code) => settle(() => reject(new Error(`the ${job.stage} worker stopped unexpectedly (exit code ${code}) before it returned a result`))));
    worker.postMessage(request);
  });
}
