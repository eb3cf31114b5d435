import { createMatrix, type Matrix } from '../matrix.js';
import { assembleModule, ins, type Bytes } from './wasm/encoder.js';

/** Rows of A handled per kernel call, bounding the WebAssembly memory for tall inputs. */
const CHUNK_ROWS = 2048;
/** Four independent f64x2 accumulators per step, so additions do not wait on each other. */
const ACCUMULATORS = 4;
const DOUBLES_PER_STEP = 2 * ACCUMULATORS;

export interface RowProductOptions {
  /** Subtract this row vector from every row of A first (centring), without copying A. */
  readonly subtract?: Float64Array;
}

/**
 * (A - 1·sᵀ)·Bᵀ: every row of A (optionally shifted) dotted with every row of B, as PCA's
 * projection onto its components needs. The dot products run in WebAssembly two doubles at a
 * time (f64x2, rows zero-padded to a multiple of 8) with a fixed summation order, so the result
 * is identical on every machine.
 */
export function multiplyByTranspose(a: Matrix, b: Matrix, options: RowProductOptions = {}): Matrix {
  if (a.cols !== b.cols) throw new Error(`multiplyByTranspose: A has ${a.cols} columns but B has ${b.cols}`);
  const d = a.cols;
  const k = b.rows;
  const stride = Math.ceil(d / DOUBLES_PER_STEP) * DOUBLES_PER_STEP;
  const chunk = Math.min(CHUNK_ROWS, Math.max(1, a.rows));
  const bOffset = 0;
  const aOffset = k * stride * 8;
  const outOffset = aOffset + chunk * stride * 8;
  const bytes = outOffset + chunk * k * 8;
  const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(bytes / 65536)) });
  const module = new WebAssembly.Module(assembleModule([productFunction(stride, k, aOffset, bOffset, outOffset)]));
  const product = new WebAssembly.Instance(module, { env: { memory } }).exports.product as (rows: number) => void;
  const bRows = new Float64Array(memory.buffer, bOffset, k * stride);
  for (let c = 0; c < k; c++) bRows.set(b.data.subarray(c * d, (c + 1) * d), c * stride);
  const aRows = new Float64Array(memory.buffer, aOffset, chunk * stride);
  const results = new Float64Array(memory.buffer, outOffset, chunk * k);
  const shift = options.subtract;
  const out = new Float64Array(a.rows * k);
  for (let start = 0; start < a.rows; start += chunk) {
    const rows = Math.min(chunk, a.rows - start);
    for (let r = 0; r < rows; r++) {
      const source = (start + r) * d;
      const target = r * stride;
      if (shift) for (let j = 0; j < d; j++) aRows[target + j] = a.data[source + j] - shift[j];
      else aRows.set(a.data.subarray(source, source + d), target);
    }
    product(rows);
    out.set(results.subarray(0, rows * k), start * k);
  }
  return createMatrix(a.rows, k, out);
}

/**
 * product(rows): out[i][c] = a_i · b_c for i < rows, c < k; four f64x2 accumulators over
 * 8 doubles per step, combined as ((acc0 + acc1) + (acc2 + acc3)), then (lane0 + lane1).
 */
function productFunction(stride: number, k: number, aOffset: number, bOffset: number, outOffset: number) {
  const [rows, i, c, aRow, bRow, p, outAddress] = [0, 1, 2, 3, 4, 5, 6];
  const accumulators = Array.from({ length: ACCUMULATORS }, (_, u) => 7 + u);
  const rowBytes = stride * 8;
  const step: Bytes = [];
  accumulators.forEach((acc, u) => {
    step.push(
      ...ins.get(acc), ...ins.get(aRow), ...ins.get(p), ...ins.i32Add, ...ins.v128Load(16 * u),
      ...ins.get(bRow), ...ins.get(p), ...ins.i32Add, ...ins.v128Load(16 * u), ...ins.f64x2Mul, ...ins.f64x2Add, ...ins.set(acc),
    );
  });
  const zero = accumulators.flatMap((acc) => [...ins.f64Const(0), ...ins.f64x2Splat, ...ins.set(acc)]);
  const [a0, a1, a2, a3] = accumulators;
  const body: Bytes = [
    ...ins.i32Const(0), ...ins.set(i), ...ins.i32Const(outOffset), ...ins.set(outAddress),
    ...ins.block, ...ins.loop,
    ...ins.get(i), ...ins.get(rows), ...ins.i32GeU, ...ins.brIf(1),
    ...ins.get(i), ...ins.i32Const(rowBytes), ...ins.i32Mul, ...ins.i32Const(aOffset), ...ins.i32Add, ...ins.set(aRow),
    ...ins.i32Const(0), ...ins.set(c), ...ins.i32Const(bOffset), ...ins.set(bRow),
    ...ins.block, ...ins.loop,
    ...ins.get(c), ...ins.i32Const(k), ...ins.i32GeU, ...ins.brIf(1),
    ...zero, ...ins.i32Const(0), ...ins.set(p),
    ...ins.block, ...ins.loop,
    ...ins.get(p), ...ins.i32Const(rowBytes), ...ins.i32GeU, ...ins.brIf(1),
    ...step,
    ...ins.get(p), ...ins.i32Const(16 * ACCUMULATORS), ...ins.i32Add, ...ins.set(p), ...ins.br(0),
    ...ins.end, ...ins.end,
    ...ins.get(a0), ...ins.get(a1), ...ins.f64x2Add, ...ins.get(a2), ...ins.get(a3), ...ins.f64x2Add, ...ins.f64x2Add, ...ins.set(a0),
    ...ins.get(outAddress), ...ins.get(a0), ...ins.f64x2ExtractLane(0), ...ins.get(a0), ...ins.f64x2ExtractLane(1), ...ins.f64Add,
    ...ins.f64Store(0),
    ...ins.get(outAddress), ...ins.i32Const(8), ...ins.i32Add, ...ins.set(outAddress),
    ...ins.get(bRow), ...ins.i32Const(rowBytes), ...ins.i32Add, ...ins.set(bRow),
    ...ins.get(c), ...ins.i32Const(1), ...ins.i32Add, ...ins.set(c), ...ins.br(0),
    ...ins.end, ...ins.end,
    ...ins.get(i), ...ins.i32Const(1), ...ins.i32Add, ...ins.set(i), ...ins.br(0),
    ...ins.end, ...ins.end,
  ];
  return {
    name: 'product',
    params: ['i32' as const],
    results: [],
    locals: ['i32', 'i32', 'i32', 'i32', 'i32', 'i32', ...accumulators.map(() => 'v128' as const)] as ('i32' | 'v128')[],
    body,
  };
}
