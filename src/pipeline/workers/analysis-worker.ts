/**
 * The program of an analysis worker (see offload.ts): it receives one job, runs it with a
 * context whose log lines and progress are posted to the host as they happen, posts the result
 * (its arrays transferred, not copied) or the error, and ends. Stopping is the host's
 * `worker.terminate()`, which interrupts even a tight loop, so the job needs no abort signal.
 */
import { parentPort } from 'node:worker_threads';
import { createContext, type Logger, type Progress } from '../../types/context.js';
import { runJob } from './jobs.js';
import type { WorkerMessage, WorkerRequest } from './protocol.js';

const port = parentPort;
if (!port) throw new Error('analysis-worker.ts runs only as a worker thread');

const post = (message: WorkerMessage, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);

const logger: Logger = {
  info: (message) => post({ type: 'log', level: 'info', message }),
  warn: (message) => post({ type: 'log', level: 'warn', message }),
  error: (message) => post({ type: 'log', level: 'error', message }),
  debug: (message) => post({ type: 'log', level: 'debug', message }),
};

let tasks = 0;
const progress: Progress = {
  start(label, total, unit) {
    const id = tasks++;
    post({ type: 'task-start', id, label, total, unit });
    return {
      tick: (count, note) => post({ type: 'task-tick', id, count, note }),
      setTotal: (value) => post({ type: 'task-total', id, total: value }),
      done: (summary) => post({ type: 'task-done', id, summary }),
    };
  },
};

/** The typed arrays of a result, handed over without a copy. */
function buffersOf(output: unknown): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const value of Object.values(output as Record<string, unknown>)) {
    if (ArrayBuffer.isView(value) && value.buffer instanceof ArrayBuffer) buffers.add(value.buffer);
  }
  return [...buffers];
}

port.once('message', async (request: WorkerRequest) => {
  try {
    for (const module of request.modules) await import(module);
    const output = await runJob(request.job, createContext({ seed: request.seed, logger, progress }));
    post({ type: 'result', output }, buffersOf(output));
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    post({ type: 'error', name: e.name, message: e.message, stack: e.stack });
  }
});
