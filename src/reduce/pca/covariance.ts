import { assembleModule, ins, type Bytes } from '../../util/linalg/wasm/encoder.js';
import { createMatrix, type Matrix } from '../../util/matrix.js';

/** Rows centred and accumulated together per kernel call. */
const ROWS_PER_PASS = 4;

/**
 * The sample covariance (X - 1μᵀ)ᵀ(X - 1μᵀ) / (n - 1) of a row-major matrix. Rows are centred
 * four at a time into a block and added to the upper triangle as four rank-one updates by a
 * WebAssembly kernel working on two doubles per instruction (f64x2); the triangle is then
 * mirrored. Summation order is fixed, so the result is identical on every machine.
 */
export function covarianceMatrix(data: Matrix, means: Float64Array): Matrix {
  const { rows: n, cols: d } = data;
  const stride = d + (d % 2); // even, so pairs never straddle rows
  const blockOffset = d * stride * 8;
  const bytes = blockOffset + ROWS_PER_PASS * stride * 8;
  const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(bytes / 65536)) });
  const instance = new WebAssembly.Instance(new WebAssembly.Module(assembleModule([rankFourUpdate(d, stride, blockOffset)])), {
    env: { memory },
  });
  const update = instance.exports.update as () => void;
  const sums = new Float64Array(memory.buffer, 0, d * stride);
  const block = new Float64Array(memory.buffer, blockOffset, ROWS_PER_PASS * stride);

  for (let start = 0; start < n; start += ROWS_PER_PASS) {
    const count = Math.min(ROWS_PER_PASS, n - start);
    block.fill(0);
    for (let r = 0; r < count; r++) {
      const source = (start + r) * d;
      for (let j = 0; j < d; j++) block[r * stride + j] = data.data[source + j] - means[j];
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

/**
 * update(): for j < d and even k from j & ~1 to the stride, C[j][k..k+1] += Σ_r b_r[j]·b_r[k..k+1]
 * (r = 0..3, summed left to right). Entries left of the diagonal that this touches are never read.
 */
function rankFourUpdate(d: number, stride: number, blockOffset: number) {
  const [j, k, rowAddress, a0, a1, a2, a3] = [0, 1, 2, 3, 4, 5, 6];
  const splats = [a0, a1, a2, a3];
  const rowBytes = stride * 8;
  const body: Bytes = [...ins.i32Const(0), ...ins.set(j), ...ins.block, ...ins.loop];
  body.push(...ins.get(j), ...ins.i32Const(d), ...ins.i32GeU, ...ins.brIf(1));
  splats.forEach((local, r) => {
    body.push(...ins.get(j), ...ins.i32Const(8), ...ins.i32Mul, ...ins.f64Load(blockOffset + r * rowBytes), ...ins.f64x2Splat, ...ins.set(local));
  });
  body.push(...ins.get(j), ...ins.i32Const(rowBytes), ...ins.i32Mul, ...ins.set(rowAddress));
  // k = (j & ~1) · 8, a byte offset
  body.push(...ins.get(j), ...ins.i32Const(-2), ...ins.i32And, ...ins.i32Const(8), ...ins.i32Mul, ...ins.set(k));
  body.push(...ins.block, ...ins.loop);
  body.push(...ins.get(k), ...ins.i32Const(rowBytes), ...ins.i32GeU, ...ins.brIf(1));
  body.push(...ins.get(rowAddress), ...ins.get(k), ...ins.i32Add); // store address
  body.push(...ins.get(rowAddress), ...ins.get(k), ...ins.i32Add, ...ins.v128Load(0));
  splats.forEach((local, r) => {
    body.push(...ins.get(local), ...ins.get(k), ...ins.v128Load(blockOffset + r * rowBytes), ...ins.f64x2Mul);
    if (r > 0) body.push(...ins.f64x2Add);
  });
  body.push(...ins.f64x2Add, ...ins.v128Store(0));
  body.push(...ins.get(k), ...ins.i32Const(16), ...ins.i32Add, ...ins.set(k), ...ins.br(0), ...ins.end, ...ins.end);
  body.push(...ins.get(j), ...ins.i32Const(1), ...ins.i32Add, ...ins.set(j), ...ins.br(0), ...ins.end, ...ins.end);
  return {
    name: 'update',
    params: [],
    results: [],
    locals: ['i32', 'i32', 'i32', 'v128', 'v128', 'v128', 'v128'] as ('i32' | 'v128')[],
    body,
  };
}
