import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { Matrix } from './matrix.js';

/** How the first line of a vector CSV is read: as column names (`true`), as data (`false`), or detected (absent). */
export interface ReadVectorsOptions {
  readonly header?: boolean;
}

/** Vectors as read, with what was done about a header (so a command can say it). */
export interface VectorTable {
  readonly matrix: Matrix;
  /** The column names, when the first line was a header. */
  readonly header: readonly string[] | null;
  /** 'given': by the option; 'detected': the first line was unambiguously names or unambiguously numbers; 'none': a .npy file. */
  readonly headerDecision: 'given' | 'detected' | 'none';
}

/**
 * Reads vectors made elsewhere: a CSV with one row per point and numeric columns only, or a
 * NumPy `.npy` file (2-D, float32/float64/int, C order). Every value must be a finite number.
 */
export function readVectors(path: string, options: ReadVectorsOptions = {}): Matrix {
  return readVectorTable(path, options).matrix;
}

export function readVectorTable(path: string, options: ReadVectorsOptions = {}): VectorTable {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new Error(`cannot read ${path}: ${(error as Error).message}`);
  }
  if (extname(path).toLowerCase() === '.npy') return { matrix: parseNpy(bytes, path), header: null, headerDecision: 'none' };
  return parseVectorTable(bytes.toString('utf8'), path, options);
}

export function parseVectorCsv(text: string, path = 'input', options: ReadVectorsOptions = {}): Matrix {
  return parseVectorTable(text, path, options).matrix;
}

type Cell = 'number' | 'non-finite' | 'empty' | 'text';

const NON_FINITE_WORD = /^[+-]?(nan|inf|infinity)$/i;

function classify(cell: string): Cell {
  if (cell === '') return 'empty';
  if (NON_FINITE_WORD.test(cell)) return 'non-finite';
  const value = Number(cell);
  if (Number.isNaN(value)) return 'text';
  return Number.isFinite(value) ? 'number' : 'non-finite';
}

function cellError(path: string, line: number, column: number, cell: string, kind: Cell): Error {
  const why = kind === 'empty' ? 'the cell is empty' : kind === 'non-finite' ? `'${cell}' is not a finite number` : `'${cell}' is not a number`;
  return new Error(`${path} line ${line}, column ${column}: ${why} (every value must be a finite number; numeric columns only)`);
}

/**
 * A vector CSV. Without `options.header` the first line is a header only when every cell is
 * text that is not a number, and data only when every cell is a finite number; anything else
 * (names mixed with numbers, an empty or NaN cell) is refused with the line named, so that a
 * header can never be mistaken for a point, nor a point silently dropped as a header.
 */
export function parseVectorTable(text: string, path = 'input', options: ReadVectorsOptions = {}): VectorTable {
  const records = parse(text, { skip_empty_lines: true, trim: true, bom: true, relax_column_count: false, info: true }) as unknown as Array<{
    record: string[];
    info: { lines: number };
  }>;
  if (records.length === 0) throw new Error(`${path}: no rows`);
  const first = records[0];
  const kinds = first.record.map(classify);
  let hasHeader: boolean;
  if (options.header !== undefined) hasHeader = options.header;
  else if (kinds.every((kind) => kind === 'number')) hasHeader = false;
  else if (kinds.every((kind) => kind === 'text')) hasHeader = true;
  else {
    const bad = kinds.findIndex((kind) => kind === 'non-finite' || kind === 'empty');
    if (bad >= 0 && kinds.some((kind) => kind === 'number')) throw cellError(path, first.info.lines, bad + 1, first.record[bad], kinds[bad]);
    throw new Error(
      `${path} line ${first.info.lines}: cannot tell whether it is a header or data (${first.record.slice(0, 4).map((c) => `'${c}'`).join(', ')}${first.record.length > 4 ? ', ...' : ''}); pass --header or --no-header`,
    );
  }
  const start = hasHeader ? 1 : 0;
  const cols = first.record.length;
  const n = records.length - start;
  if (n === 0) throw new Error(`${path}: only a header row`);
  const data = new Float64Array(n * cols);
  for (let i = start; i < records.length; i++) {
    const { record, info } = records[i];
    for (let j = 0; j < cols; j++) {
      const kind = classify(record[j]);
      if (kind !== 'number') throw cellError(path, info.lines, j + 1, record[j], kind);
      data[(i - start) * cols + j] = Number(record[j]);
    }
  }
  return {
    matrix: { rows: n, cols, data },
    header: hasHeader ? first.record : null,
    headerDecision: options.header !== undefined ? 'given' : 'detected',
  };
}

const NPY_MAGIC = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]);

/** @see https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html */
export function parseNpy(bytes: Buffer, path = 'input.npy'): Matrix {
  if (bytes.length < 10 || !bytes.subarray(0, 6).equals(NPY_MAGIC)) throw new Error(`${path}: not a .npy file (bad magic)`);
  const major = bytes[6];
  const headerLength = major === 1 ? bytes.readUInt16LE(8) : bytes.readUInt32LE(8);
  const headerStart = major === 1 ? 10 : 12;
  const header = bytes.toString('latin1', headerStart, headerStart + headerLength);
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1] === 'True';
  const shape = /'shape':\s*\(([^)]*)\)/
    .exec(header)?.[1]
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(Number);
  if (!descr || !shape) throw new Error(`${path}: unreadable .npy header`);
  if (fortran) throw new Error(`${path}: Fortran-ordered arrays are not supported; save with np.ascontiguousarray`);
  if (shape.length !== 2) throw new Error(`${path}: expected a 2-D array (points x dimensions), got shape (${shape.join(', ')})`);
  const [rows, cols] = shape;
  const offset = headerStart + headerLength;
  const readers: Record<string, [number, (b: Buffer, o: number) => number]> = {
    '<f8': [8, (b, o) => b.readDoubleLE(o)],
    '<f4': [4, (b, o) => b.readFloatLE(o)],
    '<i8': [8, (b, o) => Number(b.readBigInt64LE(o))],
    '<i4': [4, (b, o) => b.readInt32LE(o)],
    '>f8': [8, (b, o) => b.readDoubleBE(o)],
    '>f4': [4, (b, o) => b.readFloatBE(o)],
  };
  const reader = readers[descr];
  if (!reader) throw new Error(`${path}: dtype '${descr}' is not supported (use float32 or float64)`);
  const [size, read] = reader;
  if (bytes.length < offset + rows * cols * size) throw new Error(`${path}: file is shorter than its header says (truncated?)`);
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < data.length; i++) {
    data[i] = read(bytes, offset + i * size);
    if (!Number.isFinite(data[i])) {
      throw new Error(`${path}: row ${Math.floor(i / cols)}, column ${i % cols} (0-based) is ${data[i]}; every value must be a finite number`);
    }
  }
  return { rows, cols, data };
}

/** Writes a matrix as CSV with a header `prefix0,prefix1,...`. */
export function matrixToCsv(matrix: Matrix, prefix: string): string {
  const header = Array.from({ length: matrix.cols }, (_, j) => `${prefix}${j}`);
  const rows: number[][] = [];
  for (let i = 0; i < matrix.rows; i++) rows.push(Array.from(matrix.data.subarray(i * matrix.cols, (i + 1) * matrix.cols)));
  return stringify([header, ...rows]);
}
