import { nearestNeighbours, searchScratch, type KdTree } from './kdTree.js';

/**
 * Each point's k nearest points (itself included, as its own nearest at distance 0), kept for
 * the first round of the spanning-tree search. Lists are in tree order: the neighbours of tree
 * position p are `positions[p * k .. p * k + k - 1]`, nearest first, as tree positions.
 */
export interface NeighbourLists {
  readonly k: number;
  readonly positions: Int32Array;
  /**
   * Per tree position: the smallest squared distance of a point *not* in the list (Infinity
   * if none was seen). The list holds every point at the k-th distance exactly when the square
   * root of this value exceeds that distance.
   */
  readonly minExcludedSq: Float64Array;
}

export interface CoreDistances {
  /** Distance to the k-th nearest point, the point itself included, per row of the input. */
  readonly byRow: Float64Array;
  /** The neighbour lists, when they were asked for and fit the memory budget. */
  readonly neighbours: NeighbourLists | null;
}

/** Above this many list entries (n * k) the lists are not kept: 256 MiB of Int32. */
const MAX_LIST_ENTRIES = 64 * 1024 * 1024;

/**
 * Distance from every point to its k-th nearest point, the point itself included.
 *
 * HDBSCAN's core distance is this with k = minSamples + 1: the distance to the min_samples-th
 * neighbour *not* counting the point itself, as in hdbscan's generic algorithm
 * (`np.partition(distance_matrix, min_samples)[min_samples]`) and fast_hdbscan.
 *
 * @see https://github.com/scikit-learn-contrib/hdbscan/blob/master/hdbscan/_hdbscan_reachability.pyx
 */
export function kthNeighbourDistances(
  tree: KdTree,
  k: number,
  options: { keepNeighbours?: boolean; signal?: AbortSignal } = {},
): CoreDistances {
  const n = tree.size;
  if (!Number.isInteger(k) || k < 1 || k > n) {
    throw new Error(`k-th neighbour: k must be an integer in 1..${n}, got ${k}`);
  }
  const keep = (options.keepNeighbours ?? false) && n * k <= MAX_LIST_ENTRIES;
  const byRow = new Float64Array(n);
  const positions = keep ? new Int32Array(n * k) : null;
  const minExcludedSq = keep ? new Float64Array(n) : null;
  const distSq = new Float64Array(k);
  const found = new Int32Array(k);
  const scratch = searchScratch(tree);
  // Query in tree order: consecutive queries are close in space, so the tree nodes they touch
  // are still in cache.
  for (let p = 0; p < n; p++) {
    if ((p & 0xffff) === 0) options.signal?.throwIfAborted();
    const excluded = nearestNeighbours(tree, tree.points, p * tree.dims, k, distSq, found, scratch);
    byRow[tree.index[p]] = Math.sqrt(distSq[k - 1]);
    if (positions && minExcludedSq) {
      positions.set(found, p * k);
      minExcludedSq[p] = excluded;
    }
  }
  return { byRow, neighbours: positions && minExcludedSq ? { k, positions, minExcludedSq } : null };
}
