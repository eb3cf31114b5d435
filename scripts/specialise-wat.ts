// Per-dimension copies of a kernel, made at build time from its one .wat source (see
// build-wasm.ts). A kernel asks for them with a line
//   ;; build: specialise rowBytes for dimensions 1 2 3 ...
// and gets, besides NAME.wasm for any dimension, NAME.<d>d.wasm for each listed d, in which
//   1. $rowBytes is the constant 4·d instead of an import;
//   2. every loop over a row's coordinates, written
//        (local.set $c (i32.const 0)) (loop $coordinates BODY (br_if $coordinates ...))
//      is unrolled into d copies of BODY with $c replaced by each coordinate's byte offset;
//   3. the row at $j (the SGD step's head) is kept in f32 locals: read after each
//      (local.set $j ...), and every load of one of its coordinates becomes a local.get, every
//      store also sets the local. Valid because nothing writes that row while $j holds it except
//      those stores (layout-kernel.wat says why the other point of a step is never the head).
// Each copy runs the same operations in the same order on the same values, so it gives the same
// bits as the generic kernel (test/util/wasm-kernels.test.ts checks that); it is faster because
// V8 neither unrolls these loops nor keeps a row in registers across steps.

const DIRECTIVE = /^;; build: specialise rowBytes for dimensions ((?:\d+ ?)+)$/m;

/** The dimensions a kernel source asks to be specialised for (none without the directive). */
export function specialisedDimensions(source: string): number[] {
  const match = DIRECTIVE.exec(source);
  return match ? match[1].trim().split(/\s+/).map(Number) : [];
}

/** The kernel's source specialised for rows of `dimension` float32 coordinates (the steps above). */
export function specialiseForDimension(source: string, dimension: number): string {
  let text = normalised(source);
  text = constantRowBytes(text, dimension);
  text = unrollCoordinateLoops(text, dimension);
  return headRowInLocals(text, dimension);
}

/** The source without comments and with every run of white space one space, so the patterns below match however it is wrapped. */
function normalised(source: string): string {
  // The kernels' strings ("env", import names) hold no ';', so a ';;' always starts a comment.
  return source.replace(/;;.*$/gm, '').replace(/\s+/g, ' ').replace(/\( /g, '(').replace(/ \)/g, ')');
}

/** The end (exclusive) of the s-expression that opens at `start`. */
function expressionEnd(text: string, start: number): number {
  if (text[start] !== '(') throw new Error(`specialise: no expression at offset ${start}`);
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i + 1;
  }
  throw new Error('specialise: unbalanced parentheses');
}

function constantRowBytes(text: string, dimension: number): string {
  const imported = '(import "env" "rowBytes" (global $rowBytes i32))';
  if (!text.includes(imported)) throw new Error('specialise: the kernel does not import $rowBytes');
  // A defined global must follow the imports: put it before the first function.
  const firstFunction = text.indexOf('(func ');
  return (
    text.slice(0, firstFunction).replace(imported, '') +
    `(global $rowBytes i32 (i32.const ${4 * dimension}))\n  ` +
    text.slice(firstFunction)
  );
}

function unrollCoordinateLoops(text: string, dimension: number): string {
  const start = /\(local\.set \$c \(i32\.const 0\)\) \(loop \$coordinates/g;
  let result = '';
  let done = 0;
  let unrolled = 0;
  for (let match = start.exec(text); match; match = start.exec(text)) {
    const loop = text.indexOf('(loop $coordinates', match.index);
    const end = expressionEnd(text, loop);
    const inner = text.slice(loop + '(loop $coordinates'.length, end - 1);
    const exit = inner.lastIndexOf('(br_if $coordinates');
    if (exit < 0 || inner.slice(expressionEnd(inner, exit)).trim() !== '') {
      throw new Error('specialise: a $coordinates loop must end with its (br_if $coordinates ...)');
    }
    const body = inner.slice(0, exit);
    if (/local\.(set|tee) \$c\b/.test(body)) throw new Error('specialise: a $coordinates loop body may not change $c');
    const copies = Array.from({ length: dimension }, (_, c) => body.replaceAll('(local.get $c)', `(i32.const ${4 * c})`));
    result += text.slice(done, match.index) + copies.join('\n');
    done = end;
    start.lastIndex = end;
    unrolled++;
  }
  if (unrolled === 0) throw new Error('specialise: the kernel has no $coordinates loop to unroll');
  return result + text.slice(done);
}

function headRowInLocals(text: string, dimension: number): string {
  const offsets = Array.from({ length: dimension }, (_, c) => 4 * c);
  const local = (offset: number) => `$headCoordinate${offset / 4}`;
  const address = (offset: number) => `(i32.add (local.get $j) (i32.const ${offset}))`;
  let result = text;
  for (const offset of offsets) {
    result = result.replaceAll(`(f32.load ${address(offset)})`, `(local.get ${local(offset)})`);
    result = replaceExpressions(result, `(f32.store ${address(offset)} `, (value) => `(f32.store ${address(offset)} (local.tee ${local(offset)} ${value}))`);
  }
  const reads = offsets.map((offset) => `(local.set ${local(offset)} (f32.load ${address(offset)}))`).join('\n');
  result = replaceExpressions(result, '(local.set $j ', (value) => `(local.set $j ${value})\n${reads}`);
  const declaration = '(local $j i32)';
  if (!result.includes(declaration) || !result.includes(reads)) throw new Error('specialise: the kernel declares or sets no $j');
  return result.replace(declaration, `${declaration}\n${offsets.map((offset) => `(local ${local(offset)} f32)`).join('\n')}`);
}

/** Replaces every expression that begins with `prefix` (its last operand being `value`) by make(value). */
function replaceExpressions(text: string, prefix: string, make: (value: string) => string): string {
  let result = '';
  let done = 0;
  for (let at = text.indexOf(prefix); at >= 0; at = text.indexOf(prefix, done)) {
    const end = expressionEnd(text, at);
    result += text.slice(done, at) + make(text.slice(at + prefix.length, end - 1).trim());
    done = end;
  }
  return result + text.slice(done);
}
