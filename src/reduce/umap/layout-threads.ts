import type { Worker } from 'node:worker_threads';
import { awaitCount, startEvalWorker } from '../../util/eval-workers.js';
import { instantiatePart, type LayoutPart, type PartKernel, type SharedLayout } from './layout-kernel.js';
import type { LayoutEdges } from './layout.js';
import { defaultThreads } from './pair-distances.js';

/**
 * The layout's epochs split into parts (layout-kernel.wat says how a part sees the others),
 * run by this thread and worker threads sharing the kernel's memory. Which thread runs a part
 * changes nothing: a part only writes its own view and deltas during an epoch, and reads the
 * others' only between the two barriers that end it, so the embedding depends on the number of
 * parts (and the seed) but not on the number of threads or cores. One thread runs all parts
 * in turn where workers are not worth starting or do not start.
 */

/**
 * Rows split into `count` contiguous parts of about equal sampling work (an edge costs
 * 1 + negativeSampleRate steps each time it is due, 1/epochsPerSample times an epoch), each with
 * the edges whose head is one of its rows. `head` must be in row order (CSR), as edgesOf gives.
 */
export function planParts(
  head: Int32Array,
  epochsPerSample: Float64Array,
  rows: number,
  count: number,
  negativeSampleRate: number,
): LayoutPart[] {
  const parts = Math.max(1, Math.min(count, rows));
  let total = 0;
  const cost = new Float64Array(head.length);
  for (let e = 0; e < head.length; e++) {
    if (e > 0 && head[e] < head[e - 1]) throw new Error('planParts: edges must be in row order to be split into parts');
    cost[e] = epochsPerSample[e] > 0 ? (1 + negativeSampleRate) / epochsPerSample[e] : 0;
    total += cost[e];
  }
  const result: LayoutPart[] = [];
  let rowFrom = 0;
  let edgeFrom = 0;
  let done = 0;
  let edge = 0;
  for (let p = 0; p < parts; p++) {
    const last = p === parts - 1;
    const target = (total * (p + 1)) / parts;
    let rowTo = last ? rows : rowFrom;
    if (!last) {
      // take whole rows until this part's share of the work is reached
      while (rowTo < rows && done < target) {
        while (edge < head.length && head[edge] === rowTo) done += cost[edge++];
        rowTo++;
      }
    }
    while (edge < head.length && head[edge] < rowTo) done += cost[edge++];
    result.push({ rowFrom, rowTo, edgeFrom, edgeTo: edge });
    rowFrom = rowTo;
    edgeFrom = edge;
  }
  return result;
}

/**
 * Rows in ascending order of their first coordinate (ties by row number): the order the layout
 * lays rows out in when it runs in parts, so that each part is a region of the embedding.
 */
export function localityOrder(embedding: Float32Array, dim: number): Int32Array {
  const rows = embedding.length / dim;
  const order = Int32Array.from({ length: rows }, (_, i) => i);
  return order.sort((i, j) => embedding[i * dim] - embedding[j * dim] || i - j);
}

/**
 * The embedding and the edges with row order[r] renumbered r: rows in the new order, and
 * each new row's edges in their old order, tails renumbered, so the edges stay in row order.
 */
export function reorderRows(
  embedding: Float32Array,
  dim: number,
  edges: LayoutEdges,
  order: Int32Array,
): { embedding: Float32Array; edges: LayoutEdges } {
  const rows = order.length;
  const rank = new Int32Array(rows);
  for (let r = 0; r < rows; r++) rank[order[r]] = r;
  const start = new Int32Array(rows + 1);
  for (let e = 0; e < edges.head.length; e++) start[rank[edges.head[e]] + 1]++;
  for (let r = 0; r < rows; r++) start[r + 1] += start[r];
  const fill = start.slice(0, rows);
  const head = new Int32Array(edges.head.length);
  const tail = new Int32Array(edges.head.length);
  const weights = new Float64Array(edges.head.length);
  for (let e = 0; e < edges.head.length; e++) {
    const at = fill[rank[edges.head[e]]]++;
    head[at] = rank[edges.head[e]];
    tail[at] = rank[edges.tail[e]];
    weights[at] = edges.weights[e];
  }
  const reordered = new Float32Array(embedding.length);
  for (let r = 0; r < rows; r++) reordered.set(embedding.subarray(order[r] * dim, order[r] * dim + dim), r * dim);
  return { embedding: reordered, edges: { head, tail, weights } };
}

/** Below this many edge visits (edges · epochs) a worker costs more to start than it saves. */
const THREADED_FROM_EDGE_EPOCHS = 4_000_000;

/**
 * Threads for `parts` parts: no more than the parts, `maxThreads` (default: the machine's cores,
 * at most 4), or the work is worth.
 */
export function layoutThreads(parts: number, edges: number, epochs: number, maxThreads?: number): number {
  if (parts < 2 || edges * epochs < THREADED_FROM_EDGE_EPOCHS) return 1;
  return Math.max(1, Math.min(parts, maxThreads ?? defaultThreads()));
}

/**
 * Runs every epoch of every part: parts p with p % threads === t on thread t (this thread is
 * t = 0), the learning rate of epoch e being alphas[e]; calls onEpoch after each epoch.
 * Returns the threads that ran (fewer than asked when workers did not start).
 */
export function runLayoutParts(
  shared: SharedLayout,
  alphas: Float64Array,
  threads: number,
  onEpoch?: (epoch: number) => void,
): number {
  const control = new Int32Array(new SharedArrayBuffer(CONTROL_WORDS * 4));
  const workers = startWorkers(shared, alphas, threads - 1, control);
  const parties = workers.length + 1;
  try {
    workers.forEach((_, w) => Atomics.store(control, INDEX + w, w + 1));
    Atomics.store(control, PARTIES, parties);
    Atomics.notify(control, PARTIES);
    runThreadParts(
      partsOf(0, parties, shared.constants.length),
      (part) => instantiatePart(shared.module, shared.memory, shared.constants[part]),
      shared.seeds,
      alphas,
      shared.constants.length > 1,
      control,
      parties,
      onEpoch ?? null,
    );
    return parties;
  } finally {
    for (const worker of workers) void worker.terminate();
  }
}

/** The parts thread `thread` of `threads` runs (also sent to the workers as source text). */
function partsOf(thread: number, threads: number, parts: number): number[] {
  const result: number[] = [];
  for (let p = thread; p < parts; p += threads) result.push(p);
  return result;
}

// Control words shared by the threads: 0 threads arrived at the current barrier, 1 barriers
// passed, 2 set when a thread fails (to wake and stop the others); runThreadParts uses these
// as literals. Then:
const READY = 3; // workers started
const PARTIES = 4; // threads taking part, 0 until the workers may begin
const INDEX = 5; // INDEX + w: worker w's thread number
const MAX_WORKERS = 8;
const CONTROL_WORDS = INDEX + MAX_WORKERS;

/**
 * One thread's share of the epochs; also the workers' program (it is sent to them as source
 * text, so it uses nothing from outside and its control word numbers are literals, as above:
 * 0 arrived, 1 generation, 2 failed). Between epochs with several parts: a barrier, every part
 * merges, a barrier, every part refreshes (no third barrier is needed: nothing a part writes in
 * the next epoch is read by another part before the next first barrier).
 */
function runThreadParts(
  parts: number[],
  instantiate: (part: number) => PartKernel,
  seeds: readonly number[],
  alphas: Float64Array,
  split: boolean,
  control: Int32Array,
  parties: number,
  onEpoch: ((epoch: number) => void) | null,
): void {
  const barrier = (): void => {
    const generation = Atomics.load(control, 1);
    if (Atomics.add(control, 0, 1) === parties - 1) {
      Atomics.store(control, 0, 0);
      Atomics.add(control, 1, 1);
      Atomics.notify(control, 1);
      return;
    }
    while (Atomics.load(control, 1) === generation) {
      if (Atomics.load(control, 2) !== 0) throw new Error('UMAP layout: another layout thread failed');
      if (Atomics.wait(control, 1, generation, 120_000) === 'timed-out') throw new Error('UMAP layout: a layout thread stopped responding');
    }
  };
  try {
    const kernels = parts.map(instantiate);
    const states = parts.map((part) => seeds[part]);
    for (let epoch = 0; epoch < alphas.length; epoch++) {
      for (let k = 0; k < kernels.length; k++) states[k] = kernels[k].epoch(epoch, alphas[epoch], states[k]);
      if (split) {
        barrier();
        for (const kernel of kernels) kernel.merge();
        barrier();
        for (const kernel of kernels) kernel.refresh();
      }
      if (onEpoch) onEpoch(epoch);
    }
    if (split) barrier(); // the last refresh done everywhere before the result is read
  } catch (error) {
    Atomics.store(control, 2, 1);
    Atomics.add(control, 1, 1);
    Atomics.notify(control, 1);
    throw error;
  }
}

/**
 * The worker's program: wait to be told its thread number and the number of threads, then run
 * its parts with runThreadParts (its source text, above).
 */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { module, memory, constants, seeds, alphas, control, worker } = workerData;
const words = new Int32Array(control);
// Running from TypeScript sources, tsx (esbuild keepNames) wraps named functions in __name().
const __name = (target) => target;
const runThreadParts = ${runThreadParts.toString()};
const partsOf = ${partsOf.toString()};
const instantiatePart = ${instantiatePart.toString()};
Atomics.add(words, ${READY}, 1);
Atomics.notify(words, ${READY});
while (Atomics.load(words, ${PARTIES}) === 0) Atomics.wait(words, ${PARTIES}, 0);
const thread = Atomics.load(words, ${INDEX} + worker);
const parties = Atomics.load(words, ${PARTIES});
if (thread > 0) {
  const instantiate = (part) => instantiatePart(module, memory, constants[part]);
  runThreadParts(partsOf(thread, parties, constants.length), instantiate, seeds, alphas, constants.length > 1, words, parties, null);
}
`;

/** Starts up to `count` workers; returns them all once all are ready, or none (stopped) if one is not in time. */
function startWorkers(shared: SharedLayout, alphas: Float64Array, count: number, control: Int32Array): Worker[] {
  const started: Worker[] = [];
  for (let w = 0; w < Math.min(count, MAX_WORKERS); w++) {
    const worker = startEvalWorker(WORKER_SOURCE, { ...shared, alphas, control: control.buffer, worker: w });
    worker.on('error', () => undefined); // reported through the failed word, not as an unhandled error
    started.push(worker);
  }
  if (!awaitCount(control, READY, started.length)) {
    // Which ones started is not known: do without all of them (the result is the same). A
    // late one finds thread number -1 and does nothing.
    for (let w = 0; w < started.length; w++) Atomics.store(control, INDEX + w, -1);
    for (const worker of started) void worker.terminate();
    return [];
  }
  return started;
}
