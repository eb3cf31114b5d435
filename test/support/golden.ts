import { createHash } from 'node:crypto';
import { createRandom } from '../../src/util/random.js';
import type { Matrix } from '../../src/util/matrix.js';

/**
 * A fixed, clustered input made with integer draws and + - * / only (IEEE-exact on every
 * machine, unlike Math.log or Math.cos), so that a golden hash of a result tests the
 * algorithm, never the input: `clusters` centres on a grid of ±(1..9), points spread ±0.5.
 */
export function goldenBlobs(rows: number, cols: number, clusters: number, seed: number): Matrix {
  const random = createRandom(seed);
  const centres = Array.from({ length: clusters * cols }, () => (random.uint32() % 19) - 9);
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const c = i % clusters;
    for (let j = 0; j < cols; j++) data[i * cols + j] = centres[c * cols + j] + ((random.uint32() % 1001) - 500) / 1000;
  }
  return { rows, cols, data };
}

/** SHA-256 of typed arrays' bytes in little-endian order (the same on every machine). */
export function hashOfArrays(...arrays: ReadonlyArray<Float64Array | Float32Array | Int32Array>): string {
  const hash = createHash('sha256');
  for (const array of arrays) {
    const bytes = Buffer.alloc(array.length * array.BYTES_PER_ELEMENT);
    array.forEach((value, i) => {
      if (array instanceof Float64Array) bytes.writeDoubleLE(value, i * 8);
      else if (array instanceof Float32Array) bytes.writeFloatLE(value, i * 4);
      else bytes.writeInt32LE(value, i * 4);
    });
    hash.update(bytes);
  }
  return hash.digest('hex');
}
