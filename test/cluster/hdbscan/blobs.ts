import { createRandom } from '../../../src/util/random.js';
import type { Matrix } from '../../../src/util/matrix.js';

/** Seeded Gaussian blobs around given centres (test data; the bench has its own generator). */
export function gaussianBlobs(centres: number[][], perBlob: number, std: number, seed: number): { points: Matrix; truth: Int32Array } {
  const random = createRandom(seed);
  const dims = centres[0].length;
  const n = centres.length * perBlob;
  const data = new Float64Array(n * dims);
  const truth = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    // Interleave blobs so that row order says nothing about membership.
    const blob = i % centres.length;
    truth[i] = blob;
    for (let j = 0; j < dims; j++) data[i * dims + j] = centres[blob][j] + std * random.normal();
  }
  return { points: { rows: n, cols: dims, data }, truth };
}
