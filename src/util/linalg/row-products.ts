import { createMatrix, type Matrix } from '../matrix.js';
import { kernelModule } from '../wasm.js';

/** Rows of A handled per kernel call, bounding the WebAssembly memory for tall inputs. */
const CHUNK_ROWS = 2048;
/** Doubles per step of the kernel (four f64x2 accumulators): rows are padded to a multiple. */
const DOUBLES_PER_STEP = 8;

export interface RowProductOptions {
  /** Subtract this row vector from every row of A first (centring), without copying A. */
  readonly subtract?: Float64Array;
}

/**
 * (A - 1·sᵀ)·Bᵀ: every row of A (optionally shifted) dotted with every row of B, as PCA's
 * projection onto its components needs. The dot products run in WebAssembly two doubles at a
 * time (f64x2, row-products.wat; rows zero-padded to a multiple of 8) with a fixed summation
 * order, so the result is identical on every machine.
 */
export function multiplyByTranspose(a: Matrix, b: Matrix, options: RowProductOptions = {}): Matrix {
  if (a.cols !== b.cols) throw new Error(`multiplyByTranspose: A has ${a.cols} columns but B has ${b.cols}`);
  const d = a.cols;
  const k = b.rows;
  const stride = Math.ceil(d / DOUBLES_PER_STEP) * DOUBLES_PER_STEP;
  const chunk = Math.min(CHUNK_ROWS, Math.max(1, a.rows));
  const bOffset = 0; // where the kernel reads B
  const aOffset = k * stride * 8;
  const outOffset = aOffset + chunk * stride * 8;
  const bytes = outOffset + chunk * k * 8;
  const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(bytes / 65536)) });
  const module = kernelModule(new URL('./row-products.wasm', import.meta.url));
  const env = { memory, k, rowBytes: stride * 8, a: aOffset, out: outOffset };
  const product = new WebAssembly.Instance(module, { env }).exports.product as (rows: number) => void;
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
