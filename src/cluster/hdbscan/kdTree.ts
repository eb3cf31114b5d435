import type { Matrix } from '../../util/matrix.js';
import { distanceKernels, type DistanceKernels } from './distanceKernels.js';

/**
 * A k-d tree over the rows of a matrix, stored in flat typed arrays so that millions of points
 * cost a few arrays rather than millions of objects.
 *
 * The points are copied in tree order (`points`), so every node is a contiguous range
 * `[nodeStart, nodeEnd)` of that copy and a leaf's points sit next to each other in memory.
 * `index[position]` maps a tree position back to the row of the input matrix.
 *
 * Nodes are numbered in pre-order: a node's left child is `node + 1`, its right child is
 * `nodeRight[node]` (-1 for a leaf), so children always have larger numbers than parents and a
 * reverse loop over node numbers visits children before parents.
 *
 * Splits are at the median of the dimension of widest spread, as in scikit-learn's KDTree.
 * Distances are euclidean: sqrt of the sum over dimensions, in dimension order, of squared
 * differences. Every module of this folder computes a distance that way, so the same pair of
 * points always gets the same double.
 */
export interface KdTree {
  readonly size: number;
  readonly dims: number;
  /** The points in tree order, row-major (`size * dims`). */
  readonly points: Float64Array;
  /** Tree position -> row of the input matrix. */
  readonly index: Int32Array;
  readonly nodeCount: number;
  readonly nodeStart: Int32Array;
  readonly nodeEnd: Int32Array;
  /** Right child of each node, -1 for leaves (the left child is `node + 1`). */
  readonly nodeRight: Int32Array;
  /** Bounding box per node (`nodeCount * dims`). */
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  /** No leaf holds more points than this (the size of a leaf scratch buffer). */
  readonly maxLeafSize: number;
  readonly kernels: DistanceKernels;
}

/** Default number of points below which a node is not split. */
export const DEFAULT_LEAF_SIZE = 24;

export function buildKdTree(matrix: Matrix, leafSize = DEFAULT_LEAF_SIZE): KdTree {
  const { rows: n, cols: dims, data } = matrix;
  if (!Number.isInteger(leafSize) || leafSize < 1) throw new Error(`kd-tree leaf size must be a positive integer, got ${leafSize}`);
  // Every split of a node larger than leafSize leaves at least floor((leafSize + 1) / 2) points
  // on each side, which bounds the number of leaves and hence of nodes.
  const minLeaf = Math.floor((leafSize + 1) / 2);
  const maxNodes = Math.max(1, 2 * Math.ceil(n / minLeaf) + 1);
  const nodeStart = new Int32Array(maxNodes);
  const nodeEnd = new Int32Array(maxNodes);
  const nodeRight = new Int32Array(maxNodes).fill(-1);
  const lower = new Float64Array(maxNodes * dims);
  const upper = new Float64Array(maxNodes * dims);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  // The rows themselves are permuted as the tree is built (not only their indices), so that
  // every pass over a node reads memory in sequence: with a million rows, chasing indices
  // into the input cost more than the arithmetic.
  const points = Float64Array.from(data);

  let nodeCount = 0;
  // Explicit stack of (node, start, end); pre-order numbering is assigned when a node is popped,
  // and the right child is pushed before the left so that the left child is `node + 1`.
  const stackStart: number[] = [0];
  const stackEnd: number[] = [n];
  const stackParent: number[] = [-1];
  while (stackStart.length > 0) {
    const start = stackStart.pop() as number;
    const end = stackEnd.pop() as number;
    const parent = stackParent.pop() as number;
    const node = nodeCount++;
    // Right children are popped after their parent's whole left subtree; only they carry a parent.
    if (parent >= 0) nodeRight[parent] = node;
    nodeStart[node] = start;
    nodeEnd[node] = end;
    setBoundingBox(points, dims, start, end, lower, upper, node * dims);
    if (end - start <= leafSize) continue;
    const mid = (start + end) >>> 1;
    selectByCoordinate(order, points, dims, widestDimension(lower, upper, node * dims, dims), start, end, mid);
    stackStart.push(mid, start);
    stackEnd.push(end, mid);
    stackParent.push(node, -1);
  }
  return {
    size: n,
    dims,
    points,
    index: order,
    nodeCount,
    nodeStart: nodeStart.slice(0, nodeCount),
    nodeEnd: nodeEnd.slice(0, nodeCount),
    nodeRight: nodeRight.slice(0, nodeCount),
    lower: lower.slice(0, nodeCount * dims),
    upper: upper.slice(0, nodeCount * dims),
    maxLeafSize: Math.max(1, Math.min(leafSize, n)),
    kernels: distanceKernels(dims),
  };
}

/** Writes the bounding box of rows start..end-1 to lower/upper[boxOffset..]. */
function setBoundingBox(points: Float64Array, dims: number, start: number, end: number, lower: Float64Array, upper: Float64Array, boxOffset: number): void {
  for (let j = 0; j < dims; j++) {
    lower[boxOffset + j] = Infinity;
    upper[boxOffset + j] = -Infinity;
  }
  for (let i = start; i < end; i++) {
    const row = i * dims;
    for (let j = 0; j < dims; j++) {
      const value = points[row + j];
      if (value < lower[boxOffset + j]) lower[boxOffset + j] = value;
      if (value > upper[boxOffset + j]) upper[boxOffset + j] = value;
    }
  }
}

/** The dimension in which a box is widest (the first of equals), where the node is split. */
function widestDimension(lower: Float64Array, upper: Float64Array, boxOffset: number, dims: number): number {
  let splitDim = 0;
  let widest = -1;
  for (let j = 0; j < dims; j++) {
    const spread = upper[boxOffset + j] - lower[boxOffset + j];
    if (spread > widest) {
      widest = spread;
      splitDim = j;
    }
  }
  return splitDim;
}

/**
 * Quickselect: reorders rows start..end-1 of `points` (and `order` alongside) so that row `k`
 * holds the k-th smallest coordinate `dim`, smaller ones before it and larger ones after.
 */
function selectByCoordinate(
  order: Int32Array,
  points: Float64Array,
  dims: number,
  dim: number,
  start: number,
  end: number,
  k: number,
): void {
  let lo = start;
  let hi = end - 1;
  while (hi > lo) {
    // Median of three as pivot keeps sorted or clustered input from degrading to O(n^2).
    const a = points[lo * dims + dim];
    const b = points[((lo + hi) >>> 1) * dims + dim];
    const c = points[hi * dims + dim];
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (points[i * dims + dim] < pivot) i++;
      while (points[j * dims + dim] > pivot) j--;
      if (i <= j) {
        const t = order[i];
        order[i] = order[j];
        order[j] = t;
        for (let d = 0; d < dims; d++) {
          const value = points[i * dims + d];
          points[i * dims + d] = points[j * dims + d];
          points[j * dims + d] = value;
        }
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

/**
 * Relative slack on pruning: a node is skipped only if its box is farther than the current
 * k-th distance by more than rounding could explain, so that every point whose distance ties
 * the k-th one *after taking the square root* is still examined (see `minExcludedSq`).
 */
const KNN_PRUNE_SLACK = 1 + 1e-12;

/**
 * The k nearest tree points of one query point: fills `outDistSq`/`outPos` (length >= k) with
 * squared distances and tree positions sorted ascending. Ties at equal distance keep the
 * point found first. Used for core distances and for prediction.
 *
 * Returns the smallest squared distance among the points examined but not kept (Infinity if
 * none). Points never examined lie farther than the k-th distance by more than rounding, so
 * the spanning-tree search can tell from this value whether the list holds *every* point at
 * the k-th distance.
 */
export function nearestNeighbours(
  tree: KdTree,
  queryData: Float64Array,
  queryOffset: number,
  k: number,
  outDistSq: Float64Array,
  outPos: Int32Array,
  scratch: KnnScratch,
): number {
  const { dims, points, nodeStart, nodeEnd, nodeRight, lower, upper } = tree;
  const { boxDistance, leafDistances } = tree.kernels;
  const { stack, stackGap, leaf } = scratch;
  for (let i = 0; i < k; i++) {
    outDistSq[i] = Infinity;
    outPos[i] = -1;
  }
  let worst = Infinity; // outDistSq[k - 1]
  let minExcludedSq = Infinity;
  let top = 0;
  stack[top] = 0;
  stackGap[top++] = 0;
  while (top > 0) {
    const node = stack[--top];
    if (stackGap[top] > worst * KNN_PRUNE_SLACK) continue;
    const right = nodeRight[node];
    if (right < 0) {
      const start = nodeStart[node];
      const end = nodeEnd[node];
      leafDistances(points, start, end, queryData, queryOffset, leaf);
      minExcludedSq = keepNearest(leaf, end - start, start, k, outDistSq, outPos, minExcludedSq);
      worst = outDistSq[k - 1];
      continue;
    }
    // Visit the nearer child first (pushed last) so the bound tightens early.
    const left = node + 1;
    const leftGap = boxDistance(lower, upper, left * dims, queryData, queryOffset);
    const rightGap = boxDistance(lower, upper, right * dims, queryData, queryOffset);
    const limit = worst * KNN_PRUNE_SLACK;
    const nearFirst = leftGap <= rightGap;
    const farGap = nearFirst ? rightGap : leftGap;
    const nearGap = nearFirst ? leftGap : rightGap;
    if (farGap <= limit) {
      stack[top] = nearFirst ? right : left;
      stackGap[top++] = farGap;
    }
    if (nearGap <= limit) {
      stack[top] = nearFirst ? left : right;
      stackGap[top++] = nearGap;
    }
  }
  return minExcludedSq;
}

/**
 * Merges a leaf's `count` squared distances (its points start at tree position `start`) into
 * the sorted k-nearest buffers; returns the smallest squared distance seen but not kept,
 * given the one so far.
 */
function keepNearest(
  leaf: Float64Array,
  count: number,
  start: number,
  k: number,
  outDistSq: Float64Array,
  outPos: Int32Array,
  minExcludedSq: number,
): number {
  let worst = outDistSq[k - 1];
  for (let t = 0; t < count; t++) {
    const sum = leaf[t];
    if (sum < worst) {
      const evicted = outDistSq[k - 1];
      if (evicted < minExcludedSq) minExcludedSq = evicted;
      // Insertion into the sorted buffer; k is small (min_samples), so this beats a heap.
      let slot = k - 1;
      while (slot > 0 && outDistSq[slot - 1] > sum) {
        outDistSq[slot] = outDistSq[slot - 1];
        outPos[slot] = outPos[slot - 1];
        slot--;
      }
      outDistSq[slot] = sum;
      outPos[slot] = start + t;
      worst = outDistSq[k - 1];
    } else if (sum < minExcludedSq) {
      minExcludedSq = sum;
    }
  }
  return minExcludedSq;
}

/** Reusable buffers for tree searches: a traversal stack and one leaf's distances. */
export interface KnnScratch {
  readonly stack: Int32Array;
  /** Box distance of each stacked node, computed when it was pushed. */
  readonly stackGap: Float64Array;
  readonly leaf: Float64Array;
}

export function searchScratch(tree: KdTree): KnnScratch {
  // A depth-first search holds at most one pending sibling per level plus the current path.
  const depth = Math.ceil(Math.log2(tree.nodeCount + 1)) + 1;
  return { stack: new Int32Array(2 * depth + 8), stackGap: new Float64Array(2 * depth + 8), leaf: new Float64Array(tree.maxLeafSize) };
}
