import { assembleModule, ins, type Bytes } from '../../util/linalg/wasm/encoder.js';

/**
 * The UMAP layout's inner loop (one SGD epoch over all edges, see layout.ts) compiled to
 * WebAssembly for this run: dimension, a, b, γ, vertex count and the sample stream's seed
 * are baked in as constants, so coordinates are unrolled and addresses are immediates. This
 * runs several times faster than the same loop in JavaScript, where Math.pow and integer
 * modulo dominate. x^b is computed from the float's exponent bits, small tables and short
 * polynomials (relative error below 1e-9, far under the float32 rounding of the coordinates it
 * updates), from IEEE basic operations only, so the result is bit-identical on every machine.
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

const LN2 = Math.LN2;
const LOG2E = Math.LOG2E;

export function createLayoutKernel(input: LayoutKernelInput): LayoutKernel {
  const edges = input.head.length;
  const rowBytes = input.dim * 4;
  // Memory: four f64 arrays per edge, then head and tail, then the embedding.
  const next = 0;
  const per = next + edges * 8;
  const nextNegative = per + edges * 8;
  const perNegative = nextNegative + edges * 8;
  const headOffset = perNegative + edges * 8;
  const tailOffset = headOffset + edges * 4;
  const tableOffset = Math.ceil((tailOffset + edges * 4) / 8) * 8;
  const embeddingOffset = tableOffset + POWER_TABLE_BYTES;
  const bytes = embeddingOffset + input.embedding.length * 4;
  const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(bytes / 65536)) });
  const f64 = new Float64Array(memory.buffer);
  for (let e = 0; e < edges; e++) {
    const value = input.epochsPerSample[e];
    f64[next / 8 + e] = value;
    f64[per / 8 + e] = value;
    f64[nextNegative / 8 + e] = value / input.negativeSampleRate;
    f64[perNegative / 8 + e] = value / input.negativeSampleRate;
  }
  new Int32Array(memory.buffer, headOffset, edges).set(input.head);
  new Int32Array(memory.buffer, tailOffset, edges).set(input.tail);
  const embedding = new Float32Array(memory.buffer, embeddingOffset, input.embedding.length);
  embedding.set(input.embedding);
  new Float64Array(memory.buffer, tableOffset, POWER_TABLE_BYTES / 8).set(powerTables());

  const layout = { edges, rowBytes, next, per, nextNegative, perNegative, headOffset, tailOffset, embeddingOffset };
  const module = new WebAssembly.Module(
    assembleModule([epochFunction(input, layout, tableOffset)]),
  );
  const instance = new WebAssembly.Instance(module, { env: { memory } });
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
const LOG_INDEX_SHIFT = 52n - 9n;
const EXP_ENTRIES = 256;
const EXP_INDEX_BITS = 8;
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

/** Locals the inlined power needs (types in this order). */
const POWER_LOCALS = ['i64', 'f64', 'i32', 'f64', 'f64', 'f64', 'f64', 'i32', 'f64'] as const;

/**
 * Code leaving a·x^b on the stack for the f64 local `x` (x > 0, normal), using the nine locals
 * from `first` on (POWER_LOCALS). Inlined at both call sites: a WebAssembly call would zero
 * the locals and set up a frame on every SGD step.
 *
 * a·x^b = 2^(b·log2 x + log2 a) with table-driven log2 and 2^z:
 * log2 x = e + log2 c_i + log2(1 + r), r = m/c_i - 1, |r| < 1/1024 (two series terms);
 * 2^z = 2^(N >> 8) · 2^((N & 255)/256) · e^g, N = round(256z), |g| <= ln2/512 (quadratic).
 * Relative error below 1e-9. Each SGD step waits for this result, so the chain of dependent
 * operations is kept short: big tables, short polynomials, log2 a folded into a constant. No
 * clamping is needed: for finite d² (a sum of float32 squares, in [1e-90, 1e77]) and b < 2,
 * 256·z stays far inside the range of normal floats.
 */
function inlinePower(x: number, first: number, a: number, b: number, tables: number): Bytes {
  const [bits, e, index, r, base, scaled, nearest, whole, g] = POWER_LOCALS.map((_, i) => first + i);
  const logTable = tables;
  const inverseTable = tables + LOG_ENTRIES * 8;
  const expTable = tables + 2 * LOG_ENTRIES * 8;
  const body: Bytes = [
    ...ins.get(x), ...ins.i64ReinterpretF64, ...ins.set(bits),
    ...ins.get(bits), ...ins.i64Const(52n), ...ins.i64ShrU, ...ins.i32WrapI64, ...ins.i32Const(1023), ...ins.i32Sub,
    ...ins.f64ConvertI32S, ...ins.set(e),
    // index = top 9 mantissa bits, as a byte offset into the f64 tables
    ...ins.get(bits), ...ins.i64Const(LOG_INDEX_SHIFT), ...ins.i64ShrU, ...ins.i32WrapI64, ...ins.i32Const(LOG_ENTRIES - 1), ...ins.i32And,
    ...ins.i32Const(8), ...ins.i32Mul, ...ins.set(index),
    // r = m · (1/c) - 1, m the mantissa in [1, 2)
    ...ins.get(bits), ...ins.i64Const(0x000fffffffffffffn), ...ins.i64And, ...ins.i64Const(0x3ff0000000000000n), ...ins.i64Or,
    ...ins.f64ReinterpretI64, ...ins.get(index), ...ins.f64Load(inverseTable), ...ins.f64Mul, ...ins.f64Const(1), ...ins.f64Sub, ...ins.set(r),
    // base = (e + log2 c)·256b + 256·log2 a, off the critical path
    ...ins.get(e), ...ins.get(index), ...ins.f64Load(logTable), ...ins.f64Add, ...ins.f64Const(EXP_ENTRIES * b), ...ins.f64Mul,
    ...ins.f64Const(EXP_ENTRIES * Math.log2(a)), ...ins.f64Add, ...ins.set(base),
    // ln(1 + r) ≈ r + r·(-r/2); scaled = 256·(b·log2 x + log2 a)
    ...ins.get(r), ...ins.get(r), ...ins.f64Const(-1 / 2), ...ins.f64Mul, ...ins.get(r), ...ins.f64Mul, ...ins.f64Add,
    ...ins.f64Const(EXP_ENTRIES * LOG2E * b), ...ins.f64Mul, ...ins.get(base), ...ins.f64Add, ...ins.tee(scaled),
    // N = round(scaled), g = (scaled - N)·ln2/256
    ...ins.f64Nearest, ...ins.tee(nearest), ...ins.i32TruncSatF64S, ...ins.set(whole),
    ...ins.get(scaled), ...ins.get(nearest), ...ins.f64Sub, ...ins.f64Const(LN2 / EXP_ENTRIES), ...ins.f64Mul, ...ins.set(g),
    // 2^((N & 255)/256) · 2^(N >> 8), from the table and the exponent bits
    ...ins.get(whole), ...ins.i32Const(EXP_ENTRIES - 1), ...ins.i32And, ...ins.i32Const(8), ...ins.i32Mul, ...ins.f64Load(expTable),
    ...ins.get(whole), ...ins.i32Const(EXP_INDEX_BITS), ...ins.i32ShrS, ...ins.i32Const(1023), ...ins.i32Add, ...ins.i64ExtendI32S,
    ...ins.i64Const(52n), ...ins.i64Shl, ...ins.f64ReinterpretI64, ...ins.f64Mul,
    // · e^g ≈ (1 + g) + g·(g/2)
    ...ins.get(g), ...ins.f64Const(1), ...ins.f64Add, ...ins.get(g), ...ins.f64Const(1 / 2), ...ins.f64Mul, ...ins.get(g), ...ins.f64Mul,
    ...ins.f64Add,
    ...ins.f64Mul,
  ];
  return body;
}

interface MemoryLayout {
  readonly edges: number;
  readonly rowBytes: number;
  readonly next: number;
  readonly per: number;
  readonly nextNegative: number;
  readonly perNegative: number;
  readonly headOffset: number;
  readonly tailOffset: number;
  readonly embeddingOffset: number;
}

/** The exported `epoch(epoch: f64, alpha: f64, state: i32) -> state` (the sample stream's state). */
function epochFunction(input: LayoutKernelInput, m: MemoryLayout, tables: number) {
  const { dim, a, b, gamma } = input;
  // params
  const [epoch, alpha, state] = [0, 1, 2];
  // locals: scalars, then per coordinate the head's value, the other point's value and their difference
  const [edge, j, k, d2, coefficient, negatives, p, e8, e4, rounded] = [3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
  const head = (d: number) => 13 + d;
  const other = (d: number) => 13 + dim + d;
  const diff = (d: number) => 13 + 2 * dim + d;
  const powerLocals = 13 + 3 * dim;
  const scaledPower = (x: number) => inlinePower(x, powerLocals, a, b, tables);
  const rowAddress = (indexLoad: Bytes, target: number): Bytes => [
    ...indexLoad, ...ins.i32Const(m.rowBytes), ...ins.i32Mul, ...ins.i32Const(m.embeddingOffset), ...ins.i32Add, ...ins.set(target),
  ];
  // The head's coordinates stay in locals while its negative samples are processed; memory is
  // kept in step (every update is stored) so a sample that hits the head itself sees d² = 0.
  const loadHead: Bytes = [];
  for (let d = 0; d < dim; d++) loadHead.push(...ins.get(j), ...ins.f32Load(d * 4), ...ins.f64PromoteF32, ...ins.set(head(d)));
  const squaredDistance: Bytes = [...ins.f64Const(0)];
  for (let d = 0; d < dim; d++) {
    squaredDistance.push(
      ...ins.get(head(d)), ...ins.get(k), ...ins.f32Load(d * 4), ...ins.f64PromoteF32, ...ins.tee(other(d)),
      ...ins.f64Sub, ...ins.tee(diff(d)), ...ins.get(diff(d)), ...ins.f64Mul, ...ins.f64Add,
    );
  }
  squaredDistance.push(...ins.set(d2));
  /**
   * step = clip(coefficient·(y_j - y_k))·alpha per coordinate; y_j += step, and y_k -= step if
   * moveOther, each rounded to float32 as it is stored (as umap-learn's float32 arrays do).
   */
  const applyGradient = (moveOther: boolean): Bytes => {
    const out: Bytes = [];
    for (let d = 0; d < dim; d++) {
      out.push(
        ...ins.get(coefficient), ...ins.get(diff(d)), ...ins.f64Mul, ...clipToFour(diff(d)),
        ...ins.get(alpha), ...ins.f64Mul, ...ins.set(diff(d)),
        ...ins.get(j), ...ins.get(head(d)), ...ins.get(diff(d)), ...ins.f64Add, ...ins.f32DemoteF64, ...ins.tee(rounded),
        ...ins.f32Store(d * 4), ...ins.get(rounded), ...ins.f64PromoteF32, ...ins.set(head(d)),
      );
      if (moveOther) {
        out.push(...ins.get(k), ...ins.get(other(d)), ...ins.get(diff(d)), ...ins.f64Sub, ...ins.f32DemoteF64, ...ins.f32Store(d * 4));
      }
    }
    return out;
  };
  /**
   * The value on the stack clamped to [-4, 4] by compare-and-select (WebAssembly's f64.min and
   * f64.max must order NaN and -0, which costs several machine instructions each). NaN passes
   * through, as in umap-learn's clip. Uses `scratch` as a temporary.
   */
  const clipToFour = (scratch: number): Bytes => [
    ...ins.set(scratch), ...ins.f64Const(4), ...ins.get(scratch), ...ins.get(scratch), ...ins.f64Const(4), ...ins.f64Gt, ...ins.select,
    ...ins.set(scratch), ...ins.f64Const(-4), ...ins.get(scratch), ...ins.get(scratch), ...ins.f64Const(-4), ...ins.f64Lt, ...ins.select,
  ];

  const body: Bytes = [
    ...ins.i32Const(0), ...ins.set(edge),
    ...ins.block,
    ...ins.loop,
    ...ins.get(edge), ...ins.i32Const(m.edges), ...ins.i32LtS, ...ins.i32Eqz, ...ins.brIf(1),
    ...ins.get(edge), ...ins.i32Const(8), ...ins.i32Mul, ...ins.set(e8),
    ...ins.get(edge), ...ins.i32Const(4), ...ins.i32Mul, ...ins.set(e4),
    ...ins.block,
    // skip edges not yet due
    ...ins.get(e8), ...ins.f64Load(m.next), ...ins.get(epoch), ...ins.f64Gt, ...ins.brIf(0),
    ...rowAddress([...ins.get(e4), ...ins.i32Load(m.headOffset)], j),
    ...rowAddress([...ins.get(e4), ...ins.i32Load(m.tailOffset)], k),
    ...loadHead,
    ...squaredDistance,
    // attraction: coefficient = -2ab·d^(2(b-1)) / (a·d^(2b) + 1) = -2b·(a·d^(2b)/d²) / (a·d^(2b) + 1)
    ...ins.get(d2), ...ins.f64Const(0), ...ins.f64Gt,
    ...ins.if,
    ...scaledPower(d2), ...ins.set(coefficient), // temporarily a·d^(2b)
    ...ins.f64Const(-2 * b), ...ins.get(coefficient), ...ins.get(d2), ...ins.f64Div, ...ins.f64Mul,
    ...ins.get(coefficient), ...ins.f64Const(1), ...ins.f64Add, ...ins.f64Div, ...ins.set(coefficient),
    ...applyGradient(input.moveOther),
    ...ins.end,
    ...ins.get(e8), ...ins.get(e8), ...ins.f64Load(m.next), ...ins.get(e8), ...ins.f64Load(m.per), ...ins.f64Add, ...ins.f64Store(m.next),
    // negatives = trunc((epoch - nextNegative) / perNegative)
    ...ins.get(epoch), ...ins.get(e8), ...ins.f64Load(m.nextNegative), ...ins.f64Sub, ...ins.get(e8), ...ins.f64Load(m.perNegative), ...ins.f64Div,
    ...ins.i32TruncSatF64S, ...ins.set(negatives),
    ...ins.i32Const(0), ...ins.set(p),
    ...ins.block,
    ...ins.loop,
    ...ins.get(p), ...ins.get(negatives), ...ins.i32LtS, ...ins.i32Eqz, ...ins.brIf(1),
    // state = xorshift32(state): x ^= x << 13; x ^= x >>> 17; x ^= x << 5
    ...ins.get(state), ...ins.get(state), ...ins.i32Const(13), ...ins.i32Shl, ...ins.i32Xor, ...ins.set(state),
    ...ins.get(state), ...ins.get(state), ...ins.i32Const(17), ...ins.i32ShrU, ...ins.i32Xor, ...ins.set(state),
    ...ins.get(state), ...ins.get(state), ...ins.i32Const(5), ...ins.i32Shl, ...ins.i32Xor, ...ins.set(state),
    // k = (state · vertices) >> 32, an unbiased-enough uniform index without division
    ...ins.get(state), ...ins.i64ExtendI32U, ...ins.i64Const(BigInt(input.vertices)), ...ins.i64Mul, ...ins.i64Const(32n), ...ins.i64ShrU,
    ...ins.i32WrapI64,
    ...ins.i32Const(m.rowBytes), ...ins.i32Mul, ...ins.i32Const(m.embeddingOffset), ...ins.i32Add, ...ins.set(k),
    ...squaredDistance,
    // repulsion: coefficient = 2γb / ((0.001 + d²)·(a·d^(2b) + 1))
    ...ins.get(d2), ...ins.f64Const(0), ...ins.f64Gt,
    ...ins.if,
    ...ins.f64Const(2 * gamma * b),
    ...ins.f64Const(0.001), ...ins.get(d2), ...ins.f64Add,
    ...scaledPower(d2), ...ins.f64Const(1), ...ins.f64Add,
    ...ins.f64Mul, ...ins.f64Div, ...ins.set(coefficient),
    ...applyGradient(false),
    ...ins.end,
    ...ins.get(p), ...ins.i32Const(1), ...ins.i32Add, ...ins.set(p),
    ...ins.br(0),
    ...ins.end,
    ...ins.end,
    ...ins.get(e8), ...ins.get(e8), ...ins.f64Load(m.nextNegative), ...ins.get(negatives), ...ins.f64ConvertI32S,
    ...ins.get(e8), ...ins.f64Load(m.perNegative), ...ins.f64Mul, ...ins.f64Add, ...ins.f64Store(m.nextNegative),
    ...ins.end, // edge block
    ...ins.get(edge), ...ins.i32Const(1), ...ins.i32Add, ...ins.set(edge),
    ...ins.br(0),
    ...ins.end,
    ...ins.end,
    ...ins.get(state),
  ];
  return {
    name: 'epoch',
    params: ['f64' as const, 'f64' as const, 'i32' as const],
    results: ['i32' as const],
    locals: [
      ...(['i32', 'i32', 'i32', 'f64', 'f64', 'i32', 'i32', 'i32', 'i32', 'f32'] as const),
      ...Array.from({ length: 3 * dim }, () => 'f64' as const),
      ...POWER_LOCALS,
    ],
    body,
  };
}
