import { availableParallelism } from 'node:os';
import { awaitCount, startEvalWorker } from '../../util/eval-workers.js';
import { batchExport, PAIR_CAPACITY, type PairReduction, type SharedKernel } from './distance-kernel.js';
import type { SearchSpace } from './search-space.js';

/**
 * Distances of many index pairs, collected in a buffer and evaluated in batches: by this
 * thread alone, or split between it and worker threads that share the kernel's memory. The
 * pairs are visited in the order they were added whatever the split, so results never depend
 * on the number of threads.
 */
export class PairDistances {
  readonly capacity = PAIR_CAPACITY;
  private count = 0;
  private readonly helpers: KernelHelper[];
  private readonly reduction: PairReduction;

  constructor(
    private readonly space: SearchSpace,
    threads: number,
  ) {
    this.reduction = space.metric === 'cosine' ? 'dot' : 'squaredDistance';
    this.helpers = [];
    for (let t = 1; t < threads; t++) {
      const helper = startHelper(space.kernel.shared, this.reduction);
      if (!helper) break; // a worker that does not start in time is not waited for
      this.helpers.push(helper);
    }
  }

  get threads(): number {
    return this.helpers.length + 1;
  }

  /** Adds a pair, first evaluating a full buffer through `visit`. */
  push(p: number, q: number, visit: (p: number, q: number, distance: number) => void): void {
    if (this.count === PAIR_CAPACITY) this.flush(visit);
    const pairs = this.space.kernel.pairs;
    pairs[2 * this.count] = p;
    pairs[2 * this.count + 1] = q;
    this.count++;
  }

  /** Evaluates the buffered pairs, calls visit(p, q, searchDistance) for each in order, and empties the buffer. */
  flush(visit: (p: number, q: number, distance: number) => void): void {
    const { kernel } = this.space;
    const count = this.count;
    if (count === 0) return;
    const parts = this.helpers.length + 1;
    const share = Math.ceil(count / parts);
    this.helpers.forEach((helper, h) => helper.start(Math.min(count, (h + 1) * share), Math.min(count, (h + 2) * share)));
    kernel.evaluatePairs(this.reduction, 0, Math.min(count, share));
    for (const helper of this.helpers) helper.finish();
    const { pairs, results } = kernel;
    const toSearch = this.space.searchDistanceOf;
    for (let t = 0; t < count; t++) visit(pairs[2 * t], pairs[2 * t + 1], toSearch(results[t]));
    this.count = 0;
  }

  close(): void {
    for (const helper of this.helpers) helper.stop();
    this.helpers.length = 0;
  }
}

/** Threads to use by default: the machine's, at most 4 (the distance batches stop scaling). */
export function defaultThreads(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}

interface KernelHelper {
  start(from: number, to: number): void;
  finish(): void;
  stop(): void;
}

// Control words shared with a helper.
const SEQUENCE = 0;
const FROM = 1;
const TO = 2;
const DONE = 3;
const READY = 4;
const STOP = -1;

/**
 * The helper's whole program (plain JavaScript, evaluated in the worker): instantiate the
 * kernel on the shared memory, then sleep until a new sequence number, evaluate pairs
 * from..to-1 and report the sequence number as done.
 */
const HELPER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { module, memory, rowBytes, pairsOffset, resultsOffset, exportName, control } = workerData;
const evaluate = new WebAssembly.Instance(module, { env: { memory, rowBytes } }).exports[exportName];
const words = new Int32Array(control);
Atomics.store(words, ${READY}, 1);
Atomics.notify(words, ${READY});
let seen = 0;
for (;;) {
  Atomics.wait(words, ${SEQUENCE}, seen);
  seen = Atomics.load(words, ${SEQUENCE});
  if (seen === ${STOP}) break;
  const from = words[${FROM}];
  const to = words[${TO}];
  if (to > from) evaluate(pairsOffset + from * 8, to - from, resultsOffset + from * 8);
  Atomics.store(words, ${DONE}, seen);
  Atomics.notify(words, ${DONE});
}
`;

function startHelper(kernel: SharedKernel, reduction: PairReduction): KernelHelper | null {
  const control = new SharedArrayBuffer(5 * 4);
  const words = new Int32Array(control);
  const worker = startEvalWorker(HELPER_SOURCE, { ...kernel, exportName: batchExport[reduction], control });
  if (!awaitCount(words, READY, 1)) {
    void worker.terminate();
    return null;
  }
  let sequence = 0;
  return {
    start(from, to) {
      words[FROM] = from;
      words[TO] = to;
      sequence++;
      Atomics.store(words, SEQUENCE, sequence);
      Atomics.notify(words, SEQUENCE);
    },
    finish() {
      for (;;) {
        const done = Atomics.load(words, DONE);
        if (done === sequence) return;
        Atomics.wait(words, DONE, done);
      }
    },
    stop() {
      Atomics.store(words, SEQUENCE, STOP);
      Atomics.notify(words, SEQUENCE);
      void worker.terminate();
    },
  };
}
