import { kernelModule } from '../../util/wasm.js';

/**
 * The UMAP layout's inner loop (one SGD epoch over all edges, see layout.ts) in WebAssembly:
 * layout-kernel.wat, which says why and how. This file lays out its memory and gives it the
 * run's constants (dimension, a, b, γ, vertex count, where each array starts) when it is
 * instantiated; the negative-sample stream's state goes in and out with each epoch.
 */
export interface LayoutKernelInput {
  readonly embedding: Float32Array;
  readonly dim: number;
  /** Negative samples are drawn from rows 0..vertices-1. */
  readonly vertices: number;
  /** Whether an attractive step also moves the tail (false when placing new points). */
  readonly moveOther: boolean;
  readonly head: Int32Array;
  readonly tail: Int32Array;
  readonly epochsPerSample: Float64Array;
  readonly a: number;
  readonly b: number;
  readonly gamma: number;
  readonly negativeSampleRate: number;
  /** Seeds the negative-sample stream (xorshift32). */
  readonly seed: number;
}

export interface LayoutKernel {
  /** Runs epoch `epoch` with learning rate `alpha`. */
  runEpoch(epoch: number, alpha: number): void;
  /** Copies the current coordinates out. */
  readEmbedding(target: Float32Array): void;
}

export function createLayoutKernel(input: LayoutKernelInput): LayoutKernel {
  const edges = input.head.length;
  const rowBytes = input.dim * 4;
  // Memory (see layout-kernel.wat): the power tables at 0 and the head's coordinates after them,
  // where the kernel reads them; four f64 arrays per edge, head and tail, then the embedding.
  const next = POWER_TABLE_BYTES + input.dim * 8;
  const per = next + edges * 8;
  const nextNegative = per + edges * 8;
  const perNegative = nextNegative + edges * 8;
  const head = perNegative + edges * 8;
  const tail = head + edges * 4;
  const embeddingOffset = tail + edges * 4;
  const bytes = embeddingOffset + input.embedding.length * 4;
  const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(bytes / 65536)) });
  new Float64Array(memory.buffer, 0, POWER_TABLE_BYTES / 8).set(powerTables());
  const f64 = new Float64Array(memory.buffer);
  for (let e = 0; e < edges; e++) {
    const value = input.epochsPerSample[e];
    f64[next / 8 + e] = value;
    f64[per / 8 + e] = value;
    f64[nextNegative / 8 + e] = value / input.negativeSampleRate;
    f64[perNegative / 8 + e] = value / input.negativeSampleRate;
  }
  new Int32Array(memory.buffer, head, edges).set(input.head);
  new Int32Array(memory.buffer, tail, edges).set(input.tail);
  const embedding = new Float32Array(memory.buffer, embeddingOffset, input.embedding.length);
  embedding.set(input.embedding);

  const { a, b, gamma } = input;
  const constants = {
    edges,
    rowBytes,
    vertices: input.vertices,
    moveOther: input.moveOther ? 1 : 0,
    next,
    per,
    nextNegative,
    perNegative,
    head,
    tail,
    embedding: embeddingOffset,
    minusTwoB: -2 * b,
    twoGammaB: 2 * gamma * b,
    scaledB: EXP_ENTRIES * b,
    scaledLog2A: EXP_ENTRIES * Math.log2(a),
    scaledLog2eB: EXP_ENTRIES * Math.LOG2E * b,
  };
  const module = kernelModule(new URL('./layout-kernel.wasm', import.meta.url));
  const instance = new WebAssembly.Instance(module, { env: { memory, ...constants } });
  const epochFn = instance.exports.epoch as (epoch: number, alpha: number, state: number) => number;
  // xorshift32 must not start at 0.
  let state = input.seed | 0 || 1;
  return {
    runEpoch(epoch, alpha) {
      state = epochFn(epoch, alpha, state);
    },
    readEmbedding(target) {
      target.set(embedding);
    },
  };
}

/** Rows of the power function's tables: 512 for log2 (by the top 9 mantissa bits), 256 for 2^(j/256). */
const LOG_ENTRIES = 512;
const EXP_ENTRIES = 256;
export const POWER_TABLE_BYTES = (2 * LOG_ENTRIES + EXP_ENTRIES) * 8;

/**
 * The power function's tables: log2(c_i) and 1/c_i for c_i = 1 + (i + 0.5)/512, then
 * 2^(j/256). Built with Math.log2 and Math.pow on exactly representable arguments.
 */
export function powerTables(): Float64Array {
  const tables = new Float64Array(2 * LOG_ENTRIES + EXP_ENTRIES);
  for (let i = 0; i < LOG_ENTRIES; i++) {
    const centre = 1 + (i + 0.5) / LOG_ENTRIES;
    tables[i] = Math.log2(centre);
    tables[LOG_ENTRIES + i] = 1 / centre;
  }
  for (let j = 0; j < EXP_ENTRIES; j++) tables[2 * LOG_ENTRIES + j] = Math.pow(2, j / EXP_ENTRIES);
  return tables;
}
