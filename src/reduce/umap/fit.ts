import { createMatrix, type Matrix } from '../../util/matrix.js';
import { createRandom, type Random } from '../../util/random.js';
import type { Metric } from '../types.js';
import { findAbParams } from './ab-params.js';
import { fuzzySimplicialSet } from './fuzzy-simplicial-set.js';
import { edgesOf, optimizeLayout } from './layout.js';
import { DEFAULT_EXACT_BELOW, nearestNeighbors, type KnnGraph } from './nearest-neighbors.js';
import { createSearchSpace } from './search-space.js';
import { spectralLayout } from './spectral.js';
import { filterEdges, type SparseGraph } from './sparse-graph.js';
import { transformUmap, type FittedUmap } from './transform.js';

export type UmapInit = 'spectral' | 'random';

export interface UmapOptions {
  readonly nComponents: number;
  /** Neighbourhood size counting the point itself (2..100 typical); larger keeps more global structure. */
  readonly nNeighbors: number;
  /** 0 packs clusters tightly (for clustering); ~0.1 gives a readable map. In [0, spread]. */
  readonly minDist: number;
  readonly metric: Metric;
  readonly random: Random;
  /** Scale of the embedded points (default 1); with minDist it fixes the a, b curve. */
  readonly spread?: number;
  /** Default as umap-learn: 500 up to 10,000 points, 200 beyond. */
  readonly nEpochs?: number;
  readonly learningRate?: number;
  readonly negativeSampleRate?: number;
  readonly repulsionStrength?: number;
  readonly localConnectivity?: number;
  readonly setOpMixRatio?: number;
  readonly init?: UmapInit;
  /** Exact neighbours below this many points (umap-learn: 4096); 0 forces NN-descent. */
  readonly exactBelow?: number;
  /** Threads for the neighbour search and the layout (default: the machine's, at most 4); the result does not depend on it. */
  readonly threads?: number;
  /**
   * Parts the layout's SGD is split into, each run by its own thread where there are cores
   * (default: defaultLayoutParts, 1 below 4,096 points, which is umap-learn's sequential loop,
   * else 2). The embedding depends on it, as on the seed, but not on the threads or the
   * machine: with fewer cores the parts take turns.
   */
  readonly layoutParts?: number;
  readonly onProgress?: (stage: 'neighbors' | 'graph' | 'init' | 'epoch', detail: string, fraction?: number) => void;
  readonly onWarning?: (message: string) => void;
}

export interface UmapResult {
  readonly embedding: Matrix;
  readonly knn: KnnGraph;
  /** The fuzzy graph the layout optimised (after pruning weak edges). */
  readonly graph: SparseGraph;
  readonly a: number;
  readonly b: number;
  readonly epochs: number;
  /** The layout's parts, and the threads that ran them (the embedding depends on the parts only). */
  readonly layout: { readonly parts: number; readonly threads: number };
  /**
   * Places new points in this embedding without moving the fitted ones (umap-learn's
   * transform); deterministic: the same rows always land in the same place.
   */
  transform(data: Matrix): Matrix;
}

/**
 * Layout parts by default: one (umap-learn's sequential SGD, bit for bit what earlier versions
 * gave) below 4,096 points, where a layout takes well under a second on one core; from there
 * two, which uses two cores and gives the same embedding on a machine with one
 * (layout-threads.ts). Measured on 12,000 x 384 -> 5-D on 2 cores: the layout about 1.4 to
 * 1.6 times as fast as one part, trustworthiness 0.9885 against 0.9884; four parts are 6 %
 * slower than two there (each thread then works through two views), so more is left to users
 * with more cores (layoutParts).
 */
export function defaultLayoutParts(points: number): number {
  return points < 4096 ? 1 : 2;
}

/** umap-learn's default: more epochs for small data. */
export function defaultEpochCount(points: number): number {
  return points <= 10000 ? 500 : 200;
}

/** Cosine distances reach 2 only between opposite vectors; umap-learn cuts such edges. */
const DISCONNECTION_DISTANCE: Record<Metric, number> = { cosine: 2, euclidean: Infinity };

/**
 * UMAP (McInnes, Healy & Melville 2018) as umap-learn computes it: k nearest neighbours,
 * the fuzzy simplicial set, a spectral initialisation scaled to [0, 10] with a little noise,
 * and the epochs-per-sample SGD with negative sampling. Random streams (neighbour search,
 * initialisation noise, negative sampling) are forked from `random` in a fixed order, so the
 * same seed and input give the same embedding bit for bit.
 * @see https://github.com/lmcinnes/umap/blob/master/umap/umap_.py (UMAP.fit, simplicial_set_embedding)
 */
export function fitUmap(data: Matrix, options: UmapOptions): UmapResult {
  const n = data.rows;
  if (n < 3) throw new Error(`UMAP needs at least 3 points (each with a neighbour besides itself), got ${n}`);
  const dim = options.nComponents;
  if (!Number.isInteger(dim) || dim < 1) throw new Error(`nComponents must be a positive integer, got ${dim}`);
  if (!Number.isInteger(options.nNeighbors) || options.nNeighbors < 2) {
    throw new Error(`nNeighbors must be an integer >= 2, got ${options.nNeighbors}`);
  }
  for (let i = 0; i < data.data.length; i++) {
    if (!Number.isFinite(data.data[i])) throw new Error(`UMAP input has a non-finite value at row ${Math.floor(i / data.cols)}`);
  }
  const { a, b } = findAbParams(options.spread ?? 1, options.minDist);
  const searchRandom = options.random.fork();
  const initRandom = options.random.fork();
  const layoutRandom = options.random.fork();
  const transformSeed = options.random.uint32();
  const k = Math.min(options.nNeighbors, n - 1);
  if (k < options.nNeighbors) options.onWarning?.(`nNeighbors (${options.nNeighbors}) is not smaller than the number of points (${n}); using ${k}, as umap-learn does`);

  options.onProgress?.('neighbors', `${k} nearest neighbours of ${n} points`);
  const space = createSearchSpace(data, options.metric);
  const knn = nearestNeighbors(data, {
    k,
    metric: options.metric,
    random: searchRandom,
    exactBelow: options.exactBelow ?? DEFAULT_EXACT_BELOW,
    threads: options.threads,
    space,
    onProgress: (message) => options.onProgress?.('neighbors', message),
  });
  disconnectFarNeighbors(knn, DISCONNECTION_DISTANCE[options.metric]);

  options.onProgress?.('graph', 'fuzzy simplicial set');
  const fullGraph = fuzzySimplicialSet(knn, {
    setOpMixRatio: options.setOpMixRatio,
    localConnectivity: options.localConnectivity,
  });
  const defaultEpochs = defaultEpochCount(n);
  const epochs = options.nEpochs ?? defaultEpochs;
  let maxWeight = 0;
  for (const w of fullGraph.weights) maxWeight = Math.max(maxWeight, w);
  const cutoff = maxWeight / (epochs > 10 ? epochs : defaultEpochs);
  const graph = filterEdges(fullGraph, (w) => w >= cutoff);

  const init = initialisation(options.init ?? 'spectral', n, dim, options.onWarning);
  options.onProgress?.('init', init);
  const embedding = initialEmbedding(graph, dim, init, initRandom, data, options);

  const layoutParts = options.layoutParts ?? defaultLayoutParts(n);
  const layout = optimizeLayout(embedding, dim, edgesOf(graph), {
    epochs,
    a,
    b,
    gamma: options.repulsionStrength,
    initialAlpha: options.learningRate,
    negativeSampleRate: options.negativeSampleRate,
    random: layoutRandom,
    parts: layoutParts,
    threads: options.threads,
    onEpoch: (epoch) => options.onProgress?.('epoch', `epoch ${epoch + 1}/${epochs}`, (epoch + 1) / epochs),
  });
  const fitted: FittedUmap = {
    space,
    embedding,
    dim,
    k,
    a,
    b,
    disconnectionDistance: DISCONNECTION_DISTANCE[options.metric],
    localConnectivity: options.localConnectivity ?? 1,
    learningRate: options.learningRate ?? 1,
    repulsionStrength: options.repulsionStrength ?? 1,
    negativeSampleRate: options.negativeSampleRate ?? 5,
    nEpochs: options.nEpochs,
  };
  return {
    embedding: createMatrix(n, dim, Float64Array.from(embedding)),
    knn,
    graph,
    a,
    b,
    epochs,
    layout: { parts: layoutParts, threads: layout.threads },
    transform: (rows) => transformUmap(fitted, rows, createRandom(transformSeed)),
  };
}

/**
 * The spectral initialisation needs the nComponents eigenvectors after the trivial one, so more
 * than nComponents + 1 points; with fewer, umap-learn's eigensolver fails and it falls back to a
 * random initialisation with a warning. The same here, said before trying.
 */
function initialisation(init: UmapInit, n: number, dim: number, onWarning?: (message: string) => void): UmapInit {
  if (init !== 'spectral' || n > dim + 1) return init;
  onWarning?.(`a spectral initialisation of ${dim} components needs more than ${dim + 1} points, got ${n}; falling back to random initialisation, as umap-learn does`);
  return 'random';
}

function disconnectFarNeighbors(knn: KnnGraph, limit: number): void {
  if (!Number.isFinite(limit)) return;
  for (let e = 0; e < knn.indices.length; e++) {
    if (knn.distances[e] >= limit) {
      knn.indices[e] = -1;
      knn.distances[e] = Infinity;
    }
  }
}

/**
 * Spectral (or uniform random) coordinates, scaled so the largest magnitude is 10, plus
 * N(0, 1e-4²) noise (noisy_scale_coords), then rescaled per dimension to [0, 10], in float32.
 */
function initialEmbedding(
  graph: SparseGraph,
  dim: number,
  init: UmapInit,
  random: Random,
  data: Matrix,
  options: UmapOptions,
): Float32Array {
  const n = graph.count;
  const embedding = new Float32Array(n * dim);
  if (init === 'random') {
    for (let i = 0; i < embedding.length; i++) embedding[i] = random.next() * 20 - 10;
  } else {
    const coordinates = spectralLayout(graph, { dim, random, data, metric: options.metric, onWarning: options.onWarning });
    let largest = 0;
    for (const value of coordinates) largest = Math.max(largest, Math.abs(value));
    const expansion = largest > 0 ? 10 / largest : 1;
    for (let i = 0; i < embedding.length; i++) {
      embedding[i] = Math.fround(coordinates[i] * expansion) + Math.fround(random.normal() * 0.0001);
    }
  }
  for (let c = 0; c < dim; c++) {
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < n; i++) {
      min = Math.min(min, embedding[i * dim + c]);
      max = Math.max(max, embedding[i * dim + c]);
    }
    const range = max - min;
    for (let i = 0; i < n; i++) embedding[i * dim + c] = range > 0 ? (10 * (embedding[i * dim + c] - min)) / range : 0;
  }
  return embedding;
}
