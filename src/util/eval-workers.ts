import { Worker } from 'node:worker_threads';

/**
 * Worker threads that run a short plain-JavaScript program over WebAssembly memory shared with
 * this thread (the UMAP distance and layout kernels): started from source text, so they need no
 * module file, no loader and no build step, from src/ under tsx as from dist/.
 */

/** How long a new worker may take to report ready before its caller does without it. */
export const WORKER_START_TIMEOUT_MS = 10_000;

/** A worker running `source`, which does not keep the process alive. */
export function startEvalWorker(source: string, workerData: unknown): Worker {
  const worker = new Worker(source, { eval: true, workerData });
  worker.unref();
  return worker;
}

/** Waits until control[word] reaches `count` (workers add to it as they start) or the timeout passes; whether it did. */
export function awaitCount(control: Int32Array, word: number, count: number, timeoutMs = WORKER_START_TIMEOUT_MS): boolean {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = Atomics.load(control, word);
    if (value >= count) return true;
    if (Date.now() >= deadline) return false;
    Atomics.wait(control, word, value, Math.max(1, deadline - Date.now()));
  }
}
