import { createMatrix, type Matrix } from '../../util/matrix.js';
import { kernelModule } from '../../util/wasm.js';

/** Rows centred and accumulated together per kernel call. */
const ROWS_PER_PASS = 4;

/**
 * The sample covariance (X - 1μᵀ)ᵀ(X - 1μᵀ) / (n - 1) of a row-major matrix. Rows are centred
 * four at a time into a block and added to the upper triangle as four rank-one updates by a
 * WebAssembly kernel working on two doubles per instruction (f64x2, covariance.wat); the
 * triangle is then mirrored. Summation order is fixed, so the result is identical on every
 * machine.
 */
export function covarianceMatrix(data: Matrix, means: Float64Array): Matrix {
  const { rows: n, cols: d } = data;
  const stride = d + (d % 2); // even, so pairs never straddle rows
  const blockOffset = d * stride * 8;
  const bytes = blockOffset + ROWS_PER_PASS * stride * 8;
  const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(bytes / 65536)) });
  const instance = new WebAssembly.Instance(kernelModule(new URL('./covariance.wasm', import.meta.url)), {
    env: { memory, dimensions: d, rowBytes: stride * 8, block: blockOffset },
  });
  const update = instance.exports.update as () => void;
  const sums = new Float64Array(memory.buffer, 0, d * stride);
  const block = new Float64Array(memory.buffer, blockOffset, ROWS_PER_PASS * stride);

  for (let start = 0; start < n; start += ROWS_PER_PASS) {
    const count = Math.min(ROWS_PER_PASS, n - start);
    block.fill(0);
    for (let r = 0; r < count; r++) {
      const source = (start + r) * d;
      // b_r[j] at pair j >> 1, row r, lane j & 1 (the block is interleaved: see covariance.wat)
      for (let j = 0; j < d; j++) block[(j >> 1) * 8 + r * 2 + (j & 1)] = data.data[source + j] - means[j];
    }
    update();
  }
  const c = new Float64Array(d * d);
  const scale = n > 1 ? 1 / (n - 1) : 0;
  for (let j = 0; j < d; j++) {
    for (let k = j; k < d; k++) {
      const value = sums[j * stride + k] * scale;
      c[j * d + k] = value;
      c[k * d + j] = value;
    }
  }
  return createMatrix(d, d, c);
}
