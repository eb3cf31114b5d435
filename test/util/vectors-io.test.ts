import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { matrixToCsv, parseNpy, parseVectorCsv, readVectors } from '../../src/util/vectors-io.js';
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

  it('round-trips through CSV', () => {
    const dir = tempDir();
    const matrix = { rows: 2, cols: 2, data: Float64Array.from([0.1, 2, -3, 4e-7]) };
    writeFileSync(join(dir, 'm.csv'), matrixToCsv(matrix, 'd'));
    expect(readVectors(join(dir, 'm.csv'))).toEqual(matrix);
  });
});
