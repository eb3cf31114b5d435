/**
 * A minimal WebAssembly binary encoder: enough to assemble small numeric kernels (UMAP, PCA)
 * at load time from readable instruction lists, so no compiled binary is shipped. Covers one
 * imported memory (optionally shared between threads), functions with locals, exports, MVP
 * control flow, integer/float arithmetic and a few 128-bit SIMD instructions.
 * @see https://webassembly.github.io/spec/core/binary/index.html
 */

export type Bytes = number[];
export type ValueType = 'i32' | 'i64' | 'f32' | 'f64' | 'v128';

const valueTypeCode: Record<ValueType, number> = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c, v128: 0x7b };

export function unsignedLeb(value: number): Bytes {
  const out: Bytes = [];
  let rest = value >>> 0;
  do {
    let byte = rest & 0x7f;
    rest >>>= 7;
    if (rest !== 0) byte |= 0x80;
    out.push(byte);
  } while (rest !== 0);
  return out;
}

export function signedLeb(value: number | bigint): Bytes {
  const out: Bytes = [];
  let rest = BigInt(value);
  for (;;) {
    const byte = Number(rest & 0x7fn);
    rest >>= 7n;
    if ((rest === 0n && (byte & 0x40) === 0) || (rest === -1n && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

const vector = (items: Bytes[]): Bytes => [...unsignedLeb(items.length), ...items.flat()];
const section = (id: number, body: Bytes): Bytes => [id, ...unsignedLeb(body.length), ...body];
const name = (text: string): Bytes => [...unsignedLeb(text.length), ...Array.from(text, (c) => c.charCodeAt(0))];

/** Limits of the imported memory: at least one page, or shared with a fixed size. */
const memoryLimits = (sharedPages?: number): Bytes =>
  sharedPages === undefined ? [0x00, 0x01] : [0x03, ...unsignedLeb(sharedPages), ...unsignedLeb(sharedPages)];
const f64Bytes = (value: number): Bytes => Array.from(new Uint8Array(new Float64Array([value]).buffer));
const memoryArgument = (align: number, offset: number): Bytes => [align, ...unsignedLeb(offset)];
const simd = (code: number, ...immediates: number[]): Bytes => [0xfd, ...unsignedLeb(code), ...immediates];

/** Instructions; each returns its encoding. Memory offsets are static byte offsets. */
export const ins = {
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  if: [0x04, 0x40],
  else: [0x05],
  end: [0x0b],
  br: (depth: number): Bytes => [0x0c, ...unsignedLeb(depth)],
  brIf: (depth: number): Bytes => [0x0d, ...unsignedLeb(depth)],
  call: (index: number): Bytes => [0x10, ...unsignedLeb(index)],
  select: [0x1b],
  get: (local: number): Bytes => [0x20, ...unsignedLeb(local)],
  set: (local: number): Bytes => [0x21, ...unsignedLeb(local)],
  tee: (local: number): Bytes => [0x22, ...unsignedLeb(local)],
  i32Load: (offset = 0): Bytes => [0x28, ...memoryArgument(2, offset)],
  i32Store: (offset = 0): Bytes => [0x36, ...memoryArgument(2, offset)],
  f32Load: (offset = 0): Bytes => [0x2a, ...memoryArgument(2, offset)],
  f64Load: (offset = 0): Bytes => [0x2b, ...memoryArgument(3, offset)],
  f32Store: (offset = 0): Bytes => [0x38, ...memoryArgument(2, offset)],
  f64Store: (offset = 0): Bytes => [0x39, ...memoryArgument(3, offset)],
  i32Const: (value: number): Bytes => [0x41, ...signedLeb(value | 0)],
  i64Const: (value: bigint): Bytes => [0x42, ...signedLeb(BigInt.asIntN(64, value))],
  f64Const: (value: number): Bytes => [0x44, ...f64Bytes(value)],
  i32Eqz: [0x45],
  i32LtS: [0x48],
  i32LtU: [0x49],
  i32GeU: [0x4f],
  f64Lt: [0x63],
  f64Gt: [0x64],
  i32Add: [0x6a],
  i32Sub: [0x6b],
  i32Mul: [0x6c],
  i32And: [0x71],
  i32Xor: [0x73],
  i32Shl: [0x74],
  i32ShrS: [0x75],
  i32ShrU: [0x76],
  i64Mul: [0x7e],
  i64And: [0x83],
  i64Or: [0x84],
  i64Shl: [0x86],
  i64ShrU: [0x88],
  f32Add: [0x92],
  f64Floor: [0x9c],
  f64Nearest: [0x9e],
  f64Add: [0xa0],
  f64Sub: [0xa1],
  f64Mul: [0xa2],
  f64Div: [0xa3],
  f64Min: [0xa4],
  f64Max: [0xa5],
  i32WrapI64: [0xa7],
  i64ExtendI32S: [0xac],
  i64ExtendI32U: [0xad],
  f32DemoteF64: [0xb6],
  f64ConvertI32S: [0xb7],
  f64ConvertI32U: [0xb8],
  f64PromoteF32: [0xbb],
  i64ReinterpretF64: [0xbd],
  f64ReinterpretI64: [0xbf],
  /** Saturating float → int conversions never trap. */
  i32TruncSatF64S: [0xfc, 0x02],
  i32TruncSatF64U: [0xfc, 0x03],
  v128Load: (offset = 0): Bytes => simd(0x00, 4, ...unsignedLeb(offset)),
  v128Store: (offset = 0): Bytes => simd(0x0b, 4, ...unsignedLeb(offset)),
  f32x4ExtractLane: (lane: number): Bytes => simd(0x1f, lane),
  f64x2Splat: simd(0x14),
  f64x2ExtractLane: (lane: number): Bytes => simd(0x21, lane),
  f64x2Add: simd(0xf0),
  f64x2Sub: simd(0xf1),
  f64x2Mul: simd(0xf2),
  f32x4Add: simd(0xe4),
  f32x4Sub: simd(0xe5),
  f32x4Mul: simd(0xe6),
};

export interface FunctionSpec {
  readonly name?: string;
  readonly params: ValueType[];
  readonly results: ValueType[];
  readonly locals: ValueType[];
  readonly body: Bytes;
}

/**
 * A module importing one memory as env.memory and defining `functions` (indices in order);
 * functions with a name are exported. With `sharedPages`, the memory is a shared memory of
 * exactly that many 64 KiB pages (what WebAssembly.Memory({ shared: true }) must match), so
 * worker threads can use the same module and memory.
 */
export function assembleModule(functions: FunctionSpec[], options: { sharedPages?: number } = {}): Uint8Array<ArrayBuffer> {
  const signatures: string[] = [];
  const typeIndex = functions.map((f) => {
    const key = `${f.params.join(',')}->${f.results.join(',')}`;
    let index = signatures.indexOf(key);
    if (index < 0) index = signatures.push(key) - 1;
    return index;
  });
  const types = signatures.map((key) => {
    const [params, results] = key.split('->').map((part) => (part ? (part.split(',') as ValueType[]) : []));
    return [0x60, ...vector(params.map((t) => [valueTypeCode[t]])), ...vector(results.map((t) => [valueTypeCode[t]]))];
  });
  const exports = functions.flatMap((f, index) => (f.name ? [[...name(f.name), 0x00, ...unsignedLeb(index)]] : []));
  const bodies = functions.map((f) => {
    const locals = vector(f.locals.map((t) => [0x01, valueTypeCode[t]]));
    const code = [...locals, ...f.body, ...ins.end];
    return [...unsignedLeb(code.length), ...code];
  });
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vector(types)),
    ...section(2, vector([[...name('env'), ...name('memory'), 0x02, ...memoryLimits(options.sharedPages)]])),
    ...section(3, vector(typeIndex.map((t) => unsignedLeb(t)))),
    ...section(7, vector(exports)),
    ...section(10, vector(bodies)),
  ]);
}
