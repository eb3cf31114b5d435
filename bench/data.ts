import { createRandom } from '../src/util/random.js';
import type { Matrix } from '../src/util/matrix.js';

/**
 * Seeded isotropic Gaussian blobs, like scikit-learn's make_blobs: centres uniform in
 * [-centerBox, centerBox]^d, each point a centre plus N(0, std^2) noise.
 */
export function makeBlobs(options: {
  n: number;
  dims: number;
  centers: number;
  std?: number;
  centerBox?: number;
  seed?: number;
}): { data: Matrix; labels: Int32Array } {
  const { n, dims, centers } = options;
  const std = options.std ?? 1;
  const box = options.centerBox ?? 10;
  const random = createRandom(options.seed ?? 42);
  const centres = new Float64Array(centers * dims);
  for (let i = 0; i < centres.length; i++) centres[i] = (random.next() * 2 - 1) * box;
  const data = new Float64Array(n * dims);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = random.int(centers);
    labels[i] = c;
    for (let j = 0; j < dims; j++) data[i * dims + j] = centres[c * dims + j] + std * random.normal();
  }
  return { data: { rows: n, cols: dims, data }, labels };
}
