import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { kernelModule } from '../../util/wasm.js';

/**
 * The UMAP layout's inner loop (one SGD epoch over all edges, see layout.ts) in WebAssembly:
 * layout-kernel.wat, which says why and how. This file lays out its memory, shared so that
 * worker threads can run parts of an epoch in it (layout-threads.ts), and gives each part its
 * constants (dimension, a, b, γ, its rows and edges, where each array starts) when it is
 * instantiated; a part's negative-sample stream state goes in and out with each epoch.
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
  /** Seeds the negative-sample stream (xorshift32) of the first part; the others' are derived from it. */
  readonly seed: number;
}

/** A part of the layout: rows rowFrom..rowTo-1 and the edges edgeFrom..edgeTo-1 whose head is one of them. */
export interface LayoutPart {
  readonly rowFrom: number;
  readonly rowTo: number;
  readonly edgeFrom: number;
  readonly edgeTo: number;
}

/** The layout in one shared memory, with what instantiates each part there (in this thread or a worker). */
export interface SharedLayout {
  readonly module: WebAssembly.Module;
  readonly memory: WebAssembly.Memory;
  /** Each part's imports besides the memory (plain numbers, so they can be posted to a worker). */
  readonly constants: readonly Record<string, number>[];
  /** Each part's xorshift32 state at the start. */
  readonly seeds: readonly number[];
  /** Where the finished embedding is read from: the first view with one part, else the published rows. */
  readonly resultOffset: number;
}

/** One part's kernel, instantiated on the shared memory. */
export interface PartKernel {
  /** Runs epoch `epoch` with learning rate `alpha` from xorshift32 state `state`; returns the state after. */
  epoch(epoch: number, alpha: number, state: number): number;
  /** Adds the other parts' deltas to this part's rows and publishes them. */
  merge(): void;
  /** Copies the other parts' published rows into this part's view; clears this part's deltas. */
  refresh(): void;
}

export function instantiatePart(module: WebAssembly.Module, memory: WebAssembly.Memory, constants: Record<string, number>): PartKernel {
  const exports = new WebAssembly.Instance(module, { env: { memory, ...constants } }).exports;
  return exports as unknown as PartKernel;
}

/** The whole layout as one part: exactly umap-learn's sequential loop. */
export function wholeLayout(input: LayoutKernelInput): LayoutPart {
  return { rowFrom: 0, rowTo: input.embedding.length / input.dim, edgeFrom: 0, edgeTo: input.head.length };
}

export function createSharedLayout(input: LayoutKernelInput, parts: readonly LayoutPart[] = [wholeLayout(input)]): SharedLayout {
  const edges = input.head.length;
  const rowBytes = input.dim * 4;
  const viewBytes = input.embedding.length * 4;
  const split = parts.length > 1;
  // Memory (see layout-kernel.wat): the power tables at 0; four f64 arrays per edge, head and
  // tail; a view per part; with several parts, a delta per part and the published rows.
  const next = POWER_TABLE_BYTES;
  const per = next + edges * 8;
  const nextNegative = per + edges * 8;
  const perNegative = nextNegative + edges * 8;
  const head = perNegative + edges * 8;
  const tail = head + edges * 4;
  const views = tail + edges * 4;
  const deltas = views + parts.length * viewBytes;
  const published = deltas + (split ? parts.length * viewBytes : 0);
  const bytes = published + (split ? viewBytes : 0);
  const pages = Math.max(1, Math.ceil(bytes / 65536));
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
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
  for (let p = 0; p < parts.length; p++) new Float32Array(memory.buffer, views + p * viewBytes, input.embedding.length).set(input.embedding);

  const { a, b, gamma } = input;
  const common = {
    rowBytes,
    vertices: input.vertices,
    moveOther: input.moveOther ? 1 : 0,
    next,
    per,
    nextNegative,
    perNegative,
    head,
    tail,
    parts: parts.length,
    viewBytes,
    deltas,
    published,
    minusTwoB: -2 * b,
    twoGammaB: 2 * gamma * b,
    scaledB: EXP_ENTRIES * b,
    scaledLog2A: EXP_ENTRIES * Math.log2(a),
    scaledLog2eB: EXP_ENTRIES * Math.LOG2E * b,
  };
  const constants = parts.map((part, p) => ({
    ...common,
    part: p,
    ownFrom: part.rowFrom,
    ownTo: part.rowTo,
    edgeFrom: part.edgeFrom,
    edgeTo: part.edgeTo,
    view: views + p * viewBytes,
  }));
  const module = kernelModule(layoutKernelUrl(input.dim));
  return { module, memory, constants, seeds: parts.map((_, p) => partSeed(input.seed, p)), resultOffset: split ? published : views };
}

/**
 * The kernel for rows of `dim` coordinates: the build's copy for that dimension where it made
 * one (layout-kernel.wat lists them; the same bits, faster), else the kernel for any dimension.
 */
export function layoutKernelUrl(dim: number): URL {
  const specialised = new URL(`./layout-kernel.${dim}d.wasm`, import.meta.url);
  return existsSync(fileURLToPath(specialised)) ? specialised : new URL('./layout-kernel.wasm', import.meta.url);
}

/** xorshift32 must not start at 0; parts after the first get a hash of the seed and their number. */
export function partSeed(seed: number, part: number): number {
  if (part === 0) return seed | 0 || 1;
  // murmur3's 32-bit finaliser of seed + part·golden ratio
  let h = (seed + Math.imul(part, 0x9e3779b9)) | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0 || 1;
}

/** Copies the finished embedding out of the shared memory. */
export function readLayout(shared: SharedLayout, target: Float32Array): void {
  target.set(new Float32Array(shared.memory.buffer, shared.resultOffset, target.length));
}

export interface LayoutKernel {
  /** Runs epoch `epoch` with learning rate `alpha`. */
  runEpoch(epoch: number, alpha: number): void;
  /** Copies the current coordinates out. */
  readEmbedding(target: Float32Array): void;
}

/** The sequential layout, one part in this thread (as umap-learn's optimize_layout_euclidean). */
export function createLayoutKernel(input: LayoutKernelInput): LayoutKernel {
  const shared = createSharedLayout(input);
  const kernel = instantiatePart(shared.module, shared.memory, shared.constants[0]);
  let state = shared.seeds[0];
  return {
    runEpoch(epoch, alpha) {
      state = kernel.epoch(epoch, alpha, state);
    },
    readEmbedding(target) {
      readLayout(shared, target);
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
