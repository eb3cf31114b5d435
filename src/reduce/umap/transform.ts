import { createMatrix, type Matrix } from '../../util/matrix.js';
import type { Random } from '../../util/random.js';
import { membershipStrengths, smoothKnnDistances } from './fuzzy-simplicial-set.js';
import { optimizeLayout } from './layout.js';
import type { KnnGraph } from './nearest-neighbors.js';
import { createNeighborHeaps, pushNeighbor, sortHeaps } from './neighbor-heap.js';
import type { SearchSpace } from './search-space.js';
import { filterEdges, type SparseGraph } from './sparse-graph.js';

/** What a fitted UMAP keeps to place new points. */
export interface FittedUmap {
  readonly space: SearchSpace;
  /** Training embedding, float32 as optimised. */
  readonly embedding: Float32Array;
  readonly dim: number;
  /** Neighbours per point counting the point itself (transform uses k training neighbours). */
  readonly k: number;
  readonly a: number;
  readonly b: number;
  readonly disconnectionDistance: number;
  readonly localConnectivity: number;
  readonly learningRate: number;
  readonly repulsionStrength: number;
  readonly negativeSampleRate: number;
  readonly nEpochs: number | undefined;
}

/**
 * umap-learn's UMAP.transform: the new points' k nearest training points (brute force,
 * O(m·n·d)), their bipartite memberships (local connectivity reduced by one), a start at the
 * membership-weighted mean of their neighbours' coordinates, then the SGD with the training
 * points held fixed (a quarter of the learning rate; 100 epochs up to 10,000 new points,
 * else 30, or a third of nEpochs when it was given).
 * @see https://github.com/lmcinnes/umap/blob/master/umap/umap_.py (UMAP.transform, init_graph_transform)
 */
export function transformUmap(model: FittedUmap, data: Matrix, random: Random): Matrix {
  const { space, dim } = model;
  if (data.cols !== space.dims) throw new Error(`UMAP transform: rows have ${data.cols} values, the model expects ${space.dims}`);
  for (let i = 0; i < data.data.length; i++) {
    if (!Number.isFinite(data.data[i])) throw new Error(`UMAP transform input has a non-finite value at row ${Math.floor(i / data.cols)}`);
  }
  const m = data.rows;
  const n = space.count;
  const knn = queryNeighbors(model, data);
  const { sigmas, rhos } = smoothKnnDistances(knn, { localConnectivity: Math.max(0, model.localConnectivity - 1) });
  const memberships = membershipStrengths(knn, sigmas, rhos, { bipartite: true });
  const start = weightedStart(memberships, model);

  const epochs = model.nEpochs !== undefined ? Math.floor(model.nEpochs / 3) : m <= 10000 ? 100 : 30;
  let maxWeight = 0;
  for (const w of memberships.weights) maxWeight = Math.max(maxWeight, w);
  const graph = filterEdges(memberships, (w) => w >= maxWeight / epochs);
  // One float32 array: the training rows (fixed tails) followed by the new rows (heads).
  const embedding = new Float32Array((n + m) * dim);
  embedding.set(model.embedding);
  embedding.set(start, n * dim);
  const head = new Int32Array(graph.indices.length);
  for (let i = 0; i < m; i++) for (let e = graph.indptr[i]; e < graph.indptr[i + 1]; e++) head[e] = n + i;
  optimizeLayout(embedding, dim, { head, tail: graph.indices, weights: graph.weights }, {
    epochs,
    a: model.a,
    b: model.b,
    gamma: model.repulsionStrength,
    initialAlpha: model.learningRate / 4,
    negativeSampleRate: model.negativeSampleRate,
    random,
    sampleVertices: n,
    moveOther: false,
  });
  return createMatrix(m, dim, Float64Array.from(embedding.subarray(n * dim)));
}

function queryNeighbors(model: FittedUmap, data: Matrix): KnnGraph {
  const { space, k } = model;
  const { kernel } = space;
  const m = data.rows;
  const heaps = createNeighborHeaps(m, k);
  for (let i = 0; i < m; i++) {
    const row = data.data.subarray(i * data.cols, (i + 1) * data.cols);
    let scale = 1;
    if (space.metric === 'cosine') {
      let sum = 0;
      for (const v of row) sum += v * v;
      scale = sum > 0 ? 1 / Math.sqrt(sum) : 0;
    }
    kernel.scratch.fill(0);
    for (let d = 0; d < row.length; d++) kernel.scratch[d] = row[d] * scale;
    for (let j = 0; j < space.count; j++) pushNeighbor(heaps, i, space.distance(kernel.scratchIndex, j), j, 0);
  }
  sortHeaps(heaps);
  const distances = new Float64Array(m * k);
  const indices = Int32Array.from(heaps.indices);
  for (let e = 0; e < distances.length; e++) {
    distances[e] = indices[e] < 0 ? Infinity : space.reported(heaps.distances[e]);
    if (distances[e] >= model.disconnectionDistance) {
      indices[e] = -1;
      distances[e] = Infinity;
    }
  }
  return { count: m, k, indices, distances };
}

/**
 * Each new point starts at the membership-weighted mean of its neighbours' coordinates, or
 * exactly on a neighbour with membership 1; with no neighbours at all, at NaN (umap-learn).
 */
function weightedStart(memberships: SparseGraph, model: FittedUmap): Float32Array {
  const { dim, embedding } = model;
  const start = new Float32Array(memberships.count * dim);
  for (let i = 0; i < memberships.count; i++) {
    const from = memberships.indptr[i];
    const to = memberships.indptr[i + 1];
    const target = start.subarray(i * dim, (i + 1) * dim);
    if (from === to) {
      target.fill(NaN);
      continue;
    }
    let total = 0;
    for (let e = from; e < to; e++) total += memberships.weights[e];
    const sums = new Float64Array(dim);
    for (let e = from; e < to; e++) {
      const source = memberships.indices[e] * dim;
      if (memberships.weights[e] === 1) {
        for (let c = 0; c < dim; c++) sums[c] = embedding[source + c];
        break;
      }
      for (let c = 0; c < dim; c++) sums[c] += (memberships.weights[e] / total) * embedding[source + c];
    }
    target.set(sums);
  }
  return start;
}
