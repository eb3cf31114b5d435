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
 * Layout: vectors live in one WebAssembly memory as rows of `stride` floats, `stride` a multiple
 * of 16 (the padding is zero, which changes neither dot products nor distances).
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
}

const LANES_PER_STEP = 16; // four 128-bit vectors of four floats per loop iteration

export function paddedStride(dims: number): number {
  return Math.max(LANES_PER_STEP, Math.ceil(dims / LANES_PER_STEP) * LANES_PER_STEP);
}

/** A kernel with room for `count` vectors of `dims` floats (plus one scratch row), zero-filled. */
export function createDistanceKernel(count: number, dims: number): DistanceKernel {
  const stride = paddedStride(dims);
  const bytes = (count + 1) * stride * 4;
  const pages = Math.max(1, Math.ceil(bytes / 65536));
  const memory = new WebAssembly.Memory({ initial: pages });
  const instance = new WebAssembly.Instance(new WebAssembly.Module(kernelModuleBytes()), { env: { memory } });
  const exports = instance.exports as {
    dot: (a: number, b: number, end: number) => number;
    squaredDistance: (a: number, b: number, end: number) => number;
  };
  const rowBytes = stride * 4;
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
  };
}

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

let cachedBytes: Uint8Array<ArrayBuffer> | null = null;

function kernelModuleBytes(): Uint8Array<ArrayBuffer> {
  cachedBytes ??= assembleModule([reductionFunction('dot', 'dot'), reductionFunction('squaredDistance', 'squaredDifference')]);
  return cachedBytes;
}
