import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { Matrix } from './matrix.js';

/**
 * Reads vectors made elsewhere: a CSV with one row per point and numeric columns only (an
 * optional header row is detected), or a NumPy `.npy` file (2-D, float32/float64/int, C order).
 */
export function readVectors(path: string): Matrix {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new Error(`cannot read ${path}: ${(error as Error).message}`);
  }
  return extname(path).toLowerCase() === '.npy' ? parseNpy(bytes, path) : parseVectorCsv(bytes.toString('utf8'), path);
}

export function parseVectorCsv(text: string, path = 'input'): Matrix {
  const rows = parse(text, { skip_empty_lines: true, trim: true, bom: true, relax_column_count: false }) as string[][];
  if (rows.length === 0) throw new Error(`${path}: no rows`);
  const isNumber = (cell: string): boolean => cell !== '' && Number.isFinite(Number(cell));
  const start = rows[0].every(isNumber) ? 0 : 1;
  const cols = rows[0].length;
  const n = rows.length - start;
  if (n === 0) throw new Error(`${path}: only a header row`);
  const data = new Float64Array(n * cols);
  for (let i = start; i < rows.length; i++) {
    const row = rows[i];
    for (let j = 0; j < cols; j++) {
      if (!isNumber(row[j])) {
        throw new Error(`${path} line ${i + 1}, column ${j + 1}: '${row[j]}' is not a number (numeric columns only)`);
      }
      data[(i - start) * cols + j] = Number(row[j]);
    }
  }
  return { rows: n, cols, data };
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
  for (let i = 0; i < data.length; i++) data[i] = read(bytes, offset + i * size);
  return { rows, cols, data };
}

/** Writes a matrix as CSV with a header `prefix0,prefix1,...`. */
export function matrixToCsv(matrix: Matrix, prefix: string): string {
  const header = Array.from({ length: matrix.cols }, (_, j) => `${prefix}${j}`);
  const rows: number[][] = [];
  for (let i = 0; i < matrix.rows; i++) rows.push(Array.from(matrix.data.subarray(i * matrix.cols, (i + 1) * matrix.cols)));
  return stringify([header, ...rows]);
}
