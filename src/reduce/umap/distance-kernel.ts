import { assembleModule, ins, type Bytes, type FunctionSpec } from '../../util/linalg/wasm/encoder.js';

/**
 * Dot products and squared distances of float32 vectors in WebAssembly SIMD (4 lanes), about
 * five times faster than scalar JavaScript on 384-dimensional embeddings: the neighbour
 * search spends nearly all its time here. The module is assembled from the opcodes below at
 * load time (a few hundred bytes), so there is no binary file to ship or build.
 *
 * Determinism: WebAssembly float arithmetic is IEEE 754 single precision with no fused
 * multiply-add, and the lanes are summed in a fixed order, so a result is the same bit pattern
 * on every machine. Accumulation is in float32, as in pynndescent (which works on float32 data).
 *
 * Layout: vectors live in one shared WebAssembly memory as rows of `stride` floats, `stride` a
 * multiple of 16 (the padding is zero, which changes neither dot products nor distances),
 * followed by a scratch row and a buffer of index pairs with their results, so that batches
 * of pairs can be evaluated in one call, by this thread or by workers sharing the memory.
 */

export interface DistanceKernel {
  /** Row-major float32 storage: row i starts at i * stride. Write vectors here. */
  readonly rows: Float32Array;
  readonly stride: number;
  readonly count: number;
  /** Scratch vector (one row) after the data, e.g. for a hyperplane or a query. */
  readonly scratch: Float32Array;
  /** Index to pass for the scratch row. */
  readonly scratchIndex: number;
  dot(i: number, j: number): number;
  squaredDistance(i: number, j: number): number;
  /** Index pairs (p at 2t, q at 2t+1) for batch evaluation. */
  readonly pairs: Int32Array;
  /** Results of batch evaluation, one per pair. */
  readonly results: Float64Array;
  /** Evaluates pairs from..to-1 with the named reduction into results. */
  evaluatePairs(reduction: PairReduction, from: number, to: number): void;
  /** What a worker needs to evaluate pairs in the same memory. */
  readonly shared: SharedKernel;
}

export type PairReduction = 'dot' | 'squaredDistance';

export interface SharedKernel {
  readonly module: WebAssembly.Module;
  readonly memory: WebAssembly.Memory;
  readonly pairsOffset: number;
  readonly resultsOffset: number;
}

/** Pairs per batch: 4 MiB of indices and results. */
export const PAIR_CAPACITY = 1 << 18;

const LANES_PER_STEP = 16; // four 128-bit vectors of four floats per loop iteration

export function paddedStride(dims: number): number {
  return Math.max(LANES_PER_STEP, Math.ceil(dims / LANES_PER_STEP) * LANES_PER_STEP);
}

/** A kernel with room for `count` vectors of `dims` floats (plus one scratch row), zero-filled. */
export function createDistanceKernel(count: number, dims: number): DistanceKernel {
  const stride = paddedStride(dims);
  const rowBytes = stride * 4;
  const pairsOffset = (count + 1) * rowBytes;
  const resultsOffset = pairsOffset + PAIR_CAPACITY * 8;
  const pages = Math.ceil((resultsOffset + PAIR_CAPACITY * 8) / 65536);
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
  const module = new WebAssembly.Module(kernelModuleBytes(rowBytes, pages));
  const exports = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as KernelExports;
  const { dot, squaredDistance } = exports;
  // Closures over the raw exports: one call level per distance in the hot loops.
  return {
    rows: new Float32Array(memory.buffer, 0, count * stride),
    stride,
    count,
    scratch: new Float32Array(memory.buffer, count * rowBytes, stride),
    scratchIndex: count,
    dot: (i, j) => dot(i * rowBytes, j * rowBytes, i * rowBytes + rowBytes),
    squaredDistance: (i, j) => squaredDistance(i * rowBytes, j * rowBytes, i * rowBytes + rowBytes),
    pairs: new Int32Array(memory.buffer, pairsOffset, PAIR_CAPACITY * 2),
    results: new Float64Array(memory.buffer, resultsOffset, PAIR_CAPACITY),
    evaluatePairs: (reduction, from, to) =>
      exports[batchExport[reduction]](pairsOffset + from * 8, to - from, resultsOffset + from * 8),
    shared: { module, memory, pairsOffset, resultsOffset },
  };
}

type BatchFunction = (pairs: number, count: number, results: number) => void;

interface KernelExports {
  dot: (a: number, b: number, end: number) => number;
  squaredDistance: (a: number, b: number, end: number) => number;
  dotPairs: BatchFunction;
  squaredDistancePairs: BatchFunction;
}

/** Export name of the batch function for each reduction (workers call it by name). */
export const batchExport: Record<PairReduction, 'dotPairs' | 'squaredDistancePairs'> = {
  dot: 'dotPairs',
  squaredDistance: 'squaredDistancePairs',
};

/**
 * (a, b, end) -> f64 over byte offsets: four accumulators of four lanes, 64 bytes per step.
 * Locals: 0 a, 1 b, 2 end, 3-6 accumulators, 7 scratch vector.
 */
function reductionFunction(name: string, combine: 'dot' | 'squaredDifference'): FunctionSpec {
  const accumulators = [3, 4, 5, 6];
  const body: Bytes = [...ins.loop];
  accumulators.forEach((acc, u) => {
    body.push(...ins.get(acc), ...ins.get(0), ...ins.v128Load(u * 16), ...ins.get(1), ...ins.v128Load(u * 16));
    if (combine === 'dot') body.push(...ins.f32x4Mul);
    else body.push(...ins.f32x4Sub, ...ins.tee(7), ...ins.get(7), ...ins.f32x4Mul);
    body.push(...ins.f32x4Add, ...ins.set(acc));
  });
  for (const pointer of [0, 1]) body.push(...ins.get(pointer), ...ins.i32Const(64), ...ins.i32Add, ...ins.set(pointer));
  body.push(...ins.get(0), ...ins.get(2), ...ins.i32LtU, ...ins.brIf(0), ...ins.end);
  // ((acc0 + acc1) + (acc2 + acc3)), then lanes ((l0 + l1) + (l2 + l3)): a fixed order.
  body.push(...ins.get(3), ...ins.get(4), ...ins.f32x4Add, ...ins.get(5), ...ins.get(6), ...ins.f32x4Add);
  body.push(...ins.f32x4Add, ...ins.set(7));
  body.push(...ins.get(7), ...ins.f32x4ExtractLane(0), ...ins.get(7), ...ins.f32x4ExtractLane(1), ...ins.f32Add);
  body.push(...ins.get(7), ...ins.f32x4ExtractLane(2), ...ins.get(7), ...ins.f32x4ExtractLane(3), ...ins.f32Add);
  body.push(...ins.f32Add, ...ins.f64PromoteF32);
  return { name, params: ['i32', 'i32', 'i32'], results: ['f64'], locals: ['v128', 'v128', 'v128', 'v128', 'v128'], body };
}

/**
 * (pairs, count, results): for t < count, results[t] = reduction(row p_t, row q_t), with the
 * row width baked in. Locals: 0 pairs, 1 count, 2 results, 3 end of pairs, 4 p's address.
 */
function batchFunction(name: string, reduction: number, rowBytes: number): FunctionSpec {
  const [pairs, count, results, end, address] = [0, 1, 2, 3, 4];
  const body: Bytes = [
    ...ins.get(pairs), ...ins.get(count), ...ins.i32Const(8), ...ins.i32Mul, ...ins.i32Add, ...ins.set(end),
    ...ins.block, ...ins.loop,
    ...ins.get(pairs), ...ins.get(end), ...ins.i32GeU, ...ins.brIf(1),
    ...ins.get(results),
    ...ins.get(pairs), ...ins.i32Load(0), ...ins.i32Const(rowBytes), ...ins.i32Mul, ...ins.tee(address),
    ...ins.get(pairs), ...ins.i32Load(4), ...ins.i32Const(rowBytes), ...ins.i32Mul,
    ...ins.get(address), ...ins.i32Const(rowBytes), ...ins.i32Add,
    ...ins.call(reduction), ...ins.f64Store(0),
    ...ins.get(pairs), ...ins.i32Const(8), ...ins.i32Add, ...ins.set(pairs),
    ...ins.get(results), ...ins.i32Const(8), ...ins.i32Add, ...ins.set(results),
    ...ins.br(0), ...ins.end, ...ins.end,
  ];
  return { name, params: ['i32', 'i32', 'i32'], results: [], locals: ['i32', 'i32'], body };
}

function kernelModuleBytes(rowBytes: number, pages: number): Uint8Array<ArrayBuffer> {
  return assembleModule(
    [
      reductionFunction('dot', 'dot'),
      reductionFunction('squaredDistance', 'squaredDifference'),
      batchFunction('dotPairs', 0, rowBytes),
      batchFunction('squaredDistancePairs', 1, rowBytes),
    ],
    { sharedPages: pages },
  );
}
