import type { Matrix } from '../../util/matrix.js';
import type { Random } from '../../util/random.js';
import type { Metric } from '../types.js';
import { createNeighborHeaps, pushNeighbor, sortHeaps, type NeighborHeaps } from './neighbor-heap.js';
import { nnDescent } from './nn-descent.js';
import { defaultThreads, PairDistances } from './pair-distances.js';
import { createSearchSpace, type SearchSpace } from './search-space.js';

/**
 * The k nearest neighbours of every point, the point itself first (distance 0), as umap-learn's
 * `nearest_neighbors` returns them: row i is indices[i*k .. i*k+k-1], sorted by distance.
 * A missing neighbour has index -1 and distance Infinity.
 */
export interface KnnGraph {
  readonly count: number;
  readonly k: number;
  readonly indices: Int32Array;
  readonly distances: Float64Array;
}

export interface NearestNeighborOptions {
  /** Neighbours per point, counting the point itself (umap-learn's n_neighbors). */
  readonly k: number;
  readonly metric: Metric;
  readonly random: Random;
  /**
   * Use exact search below this many points, as umap-learn does below 4096 (it computes all
   * pairwise distances there). Set 0 to always use NN-descent.
   */
  readonly exactBelow?: number;
  readonly onProgress?: (message: string) => void;
  /** The data already loaded for search (it is built from `data` when absent). */
  readonly space?: SearchSpace;
  /** Threads evaluating distances (default: the machine's, at most 4); results do not depend on it. */
  readonly threads?: number;
}

export const DEFAULT_EXACT_BELOW = 4096;

export function nearestNeighbors(data: Matrix, options: NearestNeighborOptions): KnnGraph {
  const { k } = options;
  if (!Number.isInteger(k) || k < 2) throw new Error(`nearestNeighbors: k must be an integer >= 2, got ${k}`);
  if (data.rows < 2) throw new Error(`nearestNeighbors needs at least 2 points, got ${data.rows}`);
  const others = Math.min(k - 1, data.rows - 1);
  const space = options.space ?? createSearchSpace(data, options.metric);
  const exact = data.rows < (options.exactBelow ?? DEFAULT_EXACT_BELOW);
  // Worker threads cost tens of milliseconds to start: worth it only for larger searches.
  const threads = data.rows * data.cols < 500_000 ? 1 : (options.threads ?? defaultThreads());
  const pairs = new PairDistances(space, threads);
  try {
    const heaps = exact
      ? exactNeighbors(space, others, pairs)
      : nnDescent(space, {
          neighbors: others,
          random: options.random,
          pairs,
          onIteration: (iteration, changes) =>
            options.onProgress?.(`NN-descent iteration ${iteration + 1}: ${changes} updates`),
        });
    return withSelfFirst(space, heaps, k);
  } finally {
    pairs.close();
  }
}

/** Brute force: every pair once, offered to both heaps. O(n² d). */
function exactNeighbors(space: SearchSpace, others: number, pairs: PairDistances): NeighborHeaps {
  const n = space.count;
  const heaps = createNeighborHeaps(n, others);
  const offerBothWays = (i: number, j: number, d: number): void => {
    pushNeighbor(heaps, i, d, j, 0);
    pushNeighbor(heaps, j, d, i, 0);
  };
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) pairs.push(i, j, offerBothWays);
  }
  pairs.flush(offerBothWays);
  sortHeaps(heaps);
  return heaps;
}

function withSelfFirst(space: SearchSpace, heaps: NeighborHeaps, k: number): KnnGraph {
  const n = heaps.count;
  const indices = new Int32Array(n * k).fill(-1);
  const distances = new Float64Array(n * k).fill(Infinity);
  for (let i = 0; i < n; i++) {
    indices[i * k] = i;
    distances[i * k] = 0;
    for (let s = 0; s < heaps.size && s + 1 < k; s++) {
      const j = heaps.indices[i * heaps.size + s];
      if (j < 0) continue;
      indices[i * k + s + 1] = j;
      distances[i * k + s + 1] = space.reported(heaps.distances[i * heaps.size + s]);
    }
  }
  return { count: n, k, indices, distances };
}
