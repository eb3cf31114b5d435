import { largestEigenpairs } from '../../util/linalg/lanczos.js';
import { symmetricEigen } from '../../util/linalg/symmetric-eigen.js';
import { createMatrix, type Matrix } from '../../util/matrix.js';
import type { Random } from '../../util/random.js';
import type { Metric } from '../types.js';
import { connectedComponents, inducedSubgraph, type SparseGraph } from './sparse-graph.js';

export interface SpectralOptions {
  readonly dim: number;
  readonly random: Random;
  /** The input data and its metric, to place disconnected components by their centroids. */
  readonly data: Matrix;
  readonly metric: Metric;
  readonly onWarning?: (message: string) => void;
}

/**
 * umap-learn's spectral initialisation: the eigenvectors of the normalised Laplacian
 * L = I - D^-1/2·W·D^-1/2 for the 2nd..(dim+1)th smallest eigenvalues. These are the
 * largest eigenvectors of D^-1/2·W·D^-1/2 after its known top one, D^1/2·1, is deflated, which
 * thick-restart Lanczos finds from the all-ones start vector umap-learn gives ARPACK.
 * A graph with several connected components is laid out component by component around a
 * spectral embedding of the component centroids (multi_component_layout).
 * @see https://github.com/lmcinnes/umap/blob/master/umap/spectral.py (spectral_layout, multi_component_layout, component_layout)
 */
export function spectralLayout(graph: SparseGraph, options: SpectralOptions): Float64Array {
  const { dim } = options;
  const components = connectedComponents(graph);
  if (components.count > 1) return multiComponentLayout(graph, components.count, components.labels, options);
  const vectors = laplacianEigenvectors(graph, dim, options);
  const out = new Float64Array(graph.count * dim);
  if (!vectors) {
    options.onWarning?.('spectral initialisation did not converge; falling back to random initialisation');
    for (let i = 0; i < out.length; i++) out[i] = options.random.next() * 20 - 10;
    return out;
  }
  for (let c = 0; c < dim; c++) for (let i = 0; i < graph.count; i++) out[i * dim + c] = vectors[c][i];
  return out;
}

/** The dim eigenvectors of L after the trivial one, or null if the solver failed. */
function laplacianEigenvectors(graph: SparseGraph, dim: number, options: SpectralOptions): Float64Array[] | null {
  const n = graph.count;
  const degree = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let e = graph.indptr[i]; e < graph.indptr[i + 1]; e++) degree[i] += graph.weights[e];
  const inverseRoot = degree.map((d) => (d > 0 ? 1 / Math.sqrt(d) : 0));
  const normalized = new Float64Array(graph.weights.length);
  for (let i = 0; i < n; i++) {
    for (let e = graph.indptr[i]; e < graph.indptr[i + 1]; e++) {
      normalized[e] = graph.weights[e] * inverseRoot[i] * inverseRoot[graph.indices[e]];
    }
  }
  const trivial = degree.map((d) => Math.sqrt(d));
  const trivialNorm = Math.sqrt(trivial.reduce((s, v) => s + v * v, 0));
  for (let i = 0; i < n; i++) trivial[i] /= trivialNorm;
  const apply = (x: Float64Array, y: Float64Array): void => {
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let e = graph.indptr[i]; e < graph.indptr[i + 1]; e++) sum += normalized[e] * x[graph.indices[e]];
      y[i] = sum;
    }
  };
  // umap-learn asks ARPACK for tol=1e-4, relative to the Laplacian eigenvalue 1 - θ; the same
  // here, with a floor so that nearly disconnected graphs (1 - θ ≈ 0) still converge.
  const result = largestEigenpairs(apply, n, dim, {
    start: new Float64Array(n).fill(1),
    deflate: [trivial],
    basisSize: Math.max(2 * (dim + 1) + 1, Math.min(20, n - 2)),
    tolerance: (theta) => 1e-4 * Math.max(1 - theta, 1e-3),
    maxRestarts: 300,
  });
  if (!result.converged) options.onWarning?.(`spectral initialisation stopped after ${result.restarts} restarts before full convergence`);
  return result.vectors.every((v) => v.every(Number.isFinite)) ? result.vectors : null;
}

function multiComponentLayout(graph: SparseGraph, count: number, labels: Int32Array, options: SpectralOptions): Float64Array {
  const { dim, random } = options;
  const meta = count > 2 * dim ? componentLayout(count, labels, options) : simplexLayout(count, dim);
  const out = new Float64Array(graph.count * dim);
  const members: number[][] = Array.from({ length: count }, () => []);
  for (let i = 0; i < graph.count; i++) members[labels[i]].push(i);

  for (let label = 0; label < count; label++) {
    // Half the distance to the nearest other component centre.
    let nearest = Infinity;
    for (let other = 0; other < count; other++) {
      let squared = 0;
      for (let c = 0; c < dim; c++) squared += (meta[label * dim + c] - meta[other * dim + c]) ** 2;
      if (squared > 0) nearest = Math.min(nearest, Math.sqrt(squared));
    }
    const range = Number.isFinite(nearest) ? nearest / 2 : 1;
    const vertices = Int32Array.from(members[label]);
    let vectors: Float64Array[] | null = null;
    if (vertices.length >= 2 * dim && vertices.length > dim + 1) {
      vectors = laplacianEigenvectors(inducedSubgraph(graph, vertices), dim, options);
    }
    if (!vectors) {
      vertices.forEach((v) => {
        for (let c = 0; c < dim; c++) out[v * dim + c] = random.next() * 2 * range - range + meta[label * dim + c];
      });
      continue;
    }
    let largest = 0;
    for (const vector of vectors) for (const value of vector) largest = Math.max(largest, Math.abs(value));
    const expansion = largest > 0 ? range / largest : 0;
    vertices.forEach((v, local) => {
      for (let c = 0; c < dim; c++) out[v * dim + c] = vectors![c][local] * expansion + meta[label * dim + c];
    });
  }
  return out;
}

/** Few components: the corners ±e_1, ±e_2, ... of a cross-polytope. */
function simplexLayout(count: number, dim: number): Float64Array {
  const half = Math.ceil(count / 2);
  const out = new Float64Array(count * dim);
  for (let label = 0; label < count; label++) {
    const axis = label % half;
    if (axis < dim) out[label * dim + axis] = label < half ? 1 : -1;
  }
  return out;
}

/**
 * Component centres by a spectral embedding (as sklearn's SpectralEmbedding on a precomputed
 * affinity) of exp(-d²) between component centroids, d the metric; scaled so the largest
 * coordinate is 1.
 */
function componentLayout(count: number, labels: Int32Array, options: SpectralOptions): Float64Array {
  const { dim, data, metric } = options;
  const dims = data.cols;
  const centroids = new Float64Array(count * dims);
  const sizes = new Float64Array(count);
  for (let i = 0; i < labels.length; i++) {
    sizes[labels[i]]++;
    for (let d = 0; d < dims; d++) centroids[labels[i] * dims + d] += data.data[i * dims + d];
  }
  for (let c = 0; c < count; c++) for (let d = 0; d < dims; d++) centroids[c * dims + d] /= sizes[c];

  const affinity = new Float64Array(count * count);
  for (let x = 0; x < count; x++) {
    for (let y = 0; y < count; y++) {
      if (x === y) continue; // the Laplacian ignores the diagonal
      const distance = metricBetween(centroids, x, y, dims, metric);
      affinity[x * count + y] = Math.exp(-(distance * distance));
    }
  }
  const degree = new Float64Array(count);
  for (let x = 0; x < count; x++) for (let y = 0; y < count; y++) degree[x] += affinity[x * count + y];
  const root = degree.map((d) => Math.sqrt(d));
  // Largest eigenvectors of D^-1/2·A·D^-1/2 = smallest of the normalised Laplacian.
  const normalized = createMatrix(count, count);
  for (let x = 0; x < count; x++) {
    for (let y = 0; y < count; y++) normalized.data[x * count + y] = affinity[x * count + y] / (root[x] * root[y] || 1);
  }
  const eigen = symmetricEigen(normalized);
  const out = new Float64Array(count * dim);
  let largest = -Infinity;
  for (let c = 0; c < dim; c++) {
    // Skip the first (trivial) vector; divide by sqrt(degree) as sklearn does for the normalised
    // Laplacian, then sign so the largest-magnitude entry is positive (its deterministic flip).
    const vector = eigen.vectors.data.subarray((c + 1) * count, (c + 2) * count);
    const scaled = Float64Array.from(vector, (v, x) => v / (root[x] || 1));
    let extreme = 0;
    for (const v of scaled) if (Math.abs(v) > Math.abs(extreme)) extreme = v;
    const sign = extreme < 0 ? -1 : 1;
    for (let x = 0; x < count; x++) {
      out[x * dim + c] = sign * scaled[x];
      largest = Math.max(largest, out[x * dim + c]);
    }
  }
  if (largest > 0) for (let i = 0; i < out.length; i++) out[i] /= largest;
  return out;
}

function metricBetween(centroids: Float64Array, x: number, y: number, dims: number, metric: Metric): number {
  let dot = 0;
  let xx = 0;
  let yy = 0;
  let squared = 0;
  for (let d = 0; d < dims; d++) {
    const a = centroids[x * dims + d];
    const b = centroids[y * dims + d];
    dot += a * b;
    xx += a * a;
    yy += b * b;
    squared += (a - b) * (a - b);
  }
  if (metric === 'euclidean') return Math.sqrt(squared);
  return xx > 0 && yy > 0 ? 1 - dot / Math.sqrt(xx * yy) : 1;
}
