import type { Matrix } from '../../util/matrix.js';
import type { Metric } from '../types.js';
import { createDistanceKernel, type DistanceKernel } from './distance-kernel.js';

/**
 * The data as the neighbour search sees it: float32 rows in a SIMD kernel (as umap-learn and
 * pynndescent convert input to float32), with a cheap monotone stand-in for the metric during
 * the search and the true distance for what is reported.
 *
 * cosine: rows are scaled to unit length once, so the search distance 1 - x·y is the cosine
 * distance itself. euclidean: the search uses the squared distance and reports its root.
 */
export interface SearchSpace {
  readonly metric: Metric;
  readonly count: number;
  readonly dims: number;
  readonly kernel: DistanceKernel;
  /** Search distance between rows i and j (monotone in the metric). */
  distance(i: number, j: number): number;
  /** The search distance for a kernel result (a dot product for cosine, else a squared distance). */
  searchDistanceOf(kernelResult: number): number;
  /** The metric's value for a search distance. */
  reported(searchDistance: number): number;
}

export function createSearchSpace(data: Matrix, metric: Metric): SearchSpace {
  const { rows: count, cols: dims } = data;
  const kernel = createDistanceKernel(count, dims);
  const stride = kernel.stride;
  for (let i = 0; i < count; i++) {
    const row = data.data.subarray(i * dims, (i + 1) * dims);
    let scale = 1;
    if (metric === 'cosine') {
      let sum = 0;
      for (let d = 0; d < dims; d++) sum += row[d] * row[d];
      scale = sum > 0 ? 1 / Math.sqrt(sum) : 0;
    }
    const target = kernel.rows.subarray(i * stride, i * stride + dims);
    for (let d = 0; d < dims; d++) target[d] = row[d] * scale;
  }
  const { dot, squaredDistance } = kernel;
  if (metric === 'cosine') {
    return {
      metric,
      count,
      dims,
      kernel,
      distance: (i, j) => 1 - dot(i, j),
      searchDistanceOf: (dotProduct) => 1 - dotProduct,
      reported: (d) => (d > 0 ? d : 0),
    };
  }
  return {
    metric,
    count,
    dims,
    kernel,
    distance: squaredDistance,
    searchDistanceOf: (squared) => squared,
    reported: (d) => (d > 0 ? Math.sqrt(d) : 0),
  };
}
