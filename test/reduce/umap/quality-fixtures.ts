import { makeBlobs } from '../../../bench/data.js';
import { createMatrix, type Matrix } from '../../../src/util/matrix.js';
import { createRandom } from '../../../src/util/random.js';

export interface LabelledData {
  readonly name: string;
  readonly data: Matrix;
  readonly labels: Int32Array;
}

/**
 * A swiss roll (a 2-D sheet rolled up in 3-D), linearly embedded in `dims` dimensions with a
 * little noise, labelled by position along the roll: neighbours on the sheet share labels,
 * points on adjacent turns do not, so it tests manifold structure rather than separation.
 */
export function swissRoll(n: number, dims: number, seed: number): LabelledData {
  const random = createRandom(seed);
  const turns = 6;
  const roll = new Float64Array(n * 3);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const t = 1.5 * Math.PI * (1 + 2 * random.next());
    roll[i * 3] = t * Math.cos(t);
    roll[i * 3 + 1] = 20 * random.next();
    roll[i * 3 + 2] = t * Math.sin(t);
    labels[i] = Math.min(turns - 1, Math.floor(((t / Math.PI - 1.5) / 3) * turns));
  }
  const mixing = Float64Array.from({ length: 3 * dims }, () => random.normal());
  const data = new Float64Array(n * dims);
  for (let i = 0; i < n; i++) {
    for (let d = 0; d < dims; d++) {
      let sum = 0;
      for (let c = 0; c < 3; c++) sum += roll[i * 3 + c] * mixing[c * dims + d];
      data[i * dims + d] = sum + 0.3 * random.normal();
    }
  }
  return { name: 'swiss roll', data: createMatrix(n, dims, data), labels };
}

export function separatedBlobs(n: number, seed: number): LabelledData {
  const { data, labels } = makeBlobs({ n, dims: 32, centers: 6, std: 1, seed });
  return { name: 'separated blobs', data, labels };
}

/** Blobs whose spread is comparable to the distance between centres: clusters overlap. */
export function overlappingBlobs(n: number, seed: number): LabelledData {
  const { data, labels } = makeBlobs({ n, dims: 32, centers: 6, std: 6, centerBox: 5, seed });
  return { name: 'overlapping blobs', data, labels };
}
