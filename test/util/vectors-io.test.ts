import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { matrixToCsv, parseNpy, parseVectorCsv, parseVectorTable, readVectors } from '../../src/util/vectors-io.js';
import { tempDir } from '../support/temp.js';

/** A .npy file as numpy.save writes it (format 1.0, header padded to a multiple of 64). */
function npy(descr: string, shape: number[], values: number[], size: 4 | 8): Buffer {
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const total = 10 + header.length + 1;
  header += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const head = Buffer.alloc(10);
  Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]).copy(head);
  head.writeUInt16LE(header.length, 8);
  const body = Buffer.alloc(values.length * size);
  values.forEach((v, i) => (size === 8 ? body.writeDoubleLE(v, i * 8) : body.writeFloatLE(v, i * 4)));
  return Buffer.concat([head, Buffer.from(header, 'latin1'), body]);
}

describe('vector files', () => {
  it('reads float64 and float32 .npy arrays', () => {
    expect(parseNpy(npy('<f8', [2, 3], [1, 2, 3, 4.5, -5, 6e-300], 8))).toEqual({
      rows: 2,
      cols: 3,
      data: Float64Array.from([1, 2, 3, 4.5, -5, 6e-300]),
    });
    expect(parseNpy(npy('<f4', [1, 2], [0.5, -0.25], 4)).data).toEqual(Float64Array.from([0.5, -0.25]));
  });

  it('explains .npy files it cannot read', () => {
    expect(() => parseNpy(Buffer.from('hello world'), 'x.npy')).toThrow(/x\.npy: not a \.npy file/);
    expect(() => parseNpy(npy('<f8', [4], [1, 2, 3, 4], 8), 'v.npy')).toThrow(/expected a 2-D array/);
    expect(() => parseNpy(npy('<c16', [1, 1], [], 8), 'c.npy')).toThrow(/dtype '<c16' is not supported/);
    expect(() => parseNpy(npy('<f8', [2, 2], [1, 2], 8), 't.npy')).toThrow(/truncated/);
  });

  it('reads CSV with or without a header and names a bad cell', () => {
    expect(parseVectorCsv('a,b\n1,2\n3,4\n')).toEqual({ rows: 2, cols: 2, data: Float64Array.from([1, 2, 3, 4]) });
    expect(parseVectorCsv('1,2\n3,4\n').rows).toBe(2);
    expect(() => parseVectorCsv('1,2\n3,x\n', 'v.csv')).toThrow(/v\.csv line 2, column 2: 'x' is not a number/);
  });

  it('detects a header only when the first line is unambiguous, and says what it decided', () => {
    expect(parseVectorTable('x,y\n1,2\n', 'v.csv')).toMatchObject({ header: ['x', 'y'], headerDecision: 'detected', matrix: { rows: 1 } });
    expect(parseVectorTable('1,2\n3,4\n', 'v.csv')).toMatchObject({ header: null, headerDecision: 'detected', matrix: { rows: 2 } });
    expect(() => parseVectorCsv('id,0.5\n1,2\n', 'v.csv')).toThrow(/v\.csv line 1: cannot tell whether it is a header or data \('id', '0\.5'\); pass --header or --no-header/);
    // Said explicitly, the first line is read as told.
    expect(parseVectorTable('1,2\n3,4\n', 'v.csv', { header: true })).toMatchObject({ header: ['1', '2'], headerDecision: 'given', matrix: { rows: 1 } });
    expect(() => parseVectorCsv('x,y\n1,2\n', 'v.csv', { header: false })).toThrow(/v\.csv line 1, column 1: 'x' is not a number/);
  });

  it('a non-finite or empty cell is an error naming its line, never taken for a header', () => {
    expect(() => parseVectorCsv('1,NaN,3\n4,5,6\n', 'v.csv')).toThrow(/v\.csv line 1, column 2: 'NaN' is not a finite number/);
    // Blank lines do not shift the line numbers.
    expect(() => parseVectorCsv('1,2\n\n3,inf\n', 'v.csv')).toThrow(/v\.csv line 3, column 2: 'inf' is not a finite number/);
    expect(() => parseVectorCsv('1,2\n3,1e999\n', 'v.csv')).toThrow(/line 2, column 2: '1e999' is not a finite number/);
    expect(() => parseVectorCsv('1,2\n3,\n', 'v.csv')).toThrow(/line 2, column 2: the cell is empty/);
    expect(() => parseNpy(npy('<f8', [2, 2], [1, 2, Number.NaN, 4], 8), 'v.npy')).toThrow(/v\.npy: row 1, column 0 \(0-based\) is NaN/);
  });

  it('round-trips through CSV', () => {
    const dir = tempDir();
    const matrix = { rows: 2, cols: 2, data: Float64Array.from([0.1, 2, -3, 4e-7]) };
    writeFileSync(join(dir, 'm.csv'), matrixToCsv(matrix, 'd'));
    expect(readVectors(join(dir, 'm.csv'))).toEqual(matrix);
  });
});
