import type { SpanningTree } from './spanningTree.js';
import { UnionFind } from './unionFind.js';

/**
 * The single-linkage hierarchy in scipy's linkage format: merge i joins nodes `left[i]` and
 * `right[i]` at height `distance[i]` into node `n + i` of `size[i]` points; nodes 0..n-1 are
 * the points.
 *
 * @see https://docs.scipy.org/doc/scipy/reference/generated/scipy.cluster.hierarchy.linkage.html
 */
export interface SingleLinkageTree {
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly distance: Float64Array;
  readonly size: Int32Array;
}

/**
 * The order in which merges happen: by weight, ties by (smaller row, larger row) as in
 * spanningTree.ts. A stable least-significant-digit radix sort, 16 bits at a time, on b, then
 * a, then the weight's bit pattern (for non-negative doubles the bit pattern orders like the
 * value): eight linear passes, where a comparison sort of a million edges took most of a second.
 */
export function sortedEdgeOrder(tree: SpanningTree): Int32Array {
  const { a, b, weight } = tree;
  const m = weight.length;
  const bits = new Uint32Array(weight.buffer, weight.byteOffset, 2 * m);
  const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  const low = littleEndian ? 0 : 1;
  let order = new Int32Array(m);
  let next = new Int32Array(m);
  for (let i = 0; i < m; i++) order[i] = i;
  const digits = new Uint16Array(m);
  const counts = new Int32Array(65537);
  // One 16-bit digit per pass, least significant first: b, then a, then the weight's bits.
  const words: [Int32Array | Uint32Array, number, number][] = [
    [b, 1, 0],
    [a, 1, 0],
    [bits, 2, low],
    [bits, 2, 1 - low],
  ];
  for (const [source, stride, offset] of words) {
    for (const shift of [0, 16]) {
      for (let e = 0; e < m; e++) digits[e] = (source[stride * e + offset] >>> shift) & 0xffff;
      countingPass(order, next, digits, counts);
      const swap = order;
      order = next;
      next = swap;
    }
  }
  return order;
}

/** One stable counting-sort pass of `order` into `next` by each edge's digit. */
function countingPass(order: Int32Array, next: Int32Array, digits: Uint16Array, counts: Int32Array): void {
  const m = order.length;
  counts.fill(0);
  for (let i = 0; i < m; i++) counts[digits[order[i]] + 1]++;
  for (let d = 1; d < counts.length; d++) counts[d] += counts[d - 1];
  for (let i = 0; i < m; i++) {
    const edge = order[i];
    next[counts[digits[edge]]++] = edge;
  }
}

/**
 * Kruskal over the spanning tree's edges in merge order. The left child of each merge is the
 * component holding the edge's row `a` (its smaller row).
 *
 * `order` is the merge order: by default the (weight, smaller row, larger row) order of
 * `sortedEdgeOrder`. Any order that sorts the weights gives the same clusters at every distinct
 * height; among equal weights it decides which components meet first, and so which side of an
 * equal-height split a point falls on. The tests pass hdbscan's own order here to reproduce its
 * results exactly.
 */
export function singleLinkage(tree: SpanningTree, order: Int32Array = sortedEdgeOrder(tree)): SingleLinkageTree {
  const merges = tree.weight.length;
  const n = merges + 1;
  if (order.length !== merges) throw new Error(`single linkage: the merge order has ${order.length} entries for ${merges} edges`);
  const left = new Int32Array(merges);
  const right = new Int32Array(merges);
  const distance = new Float64Array(merges);
  const size = new Int32Array(merges);
  const sets = new UnionFind(n);
  const nodeOfRoot = new Int32Array(n);
  for (let i = 0; i < n; i++) nodeOfRoot[i] = i;
  for (let i = 0; i < merges; i++) {
    const e = order[i];
    if (i > 0 && !(tree.weight[e] >= distance[i - 1])) throw new Error(`single linkage: the merge order is not sorted by weight at position ${i}`);
    const rootA = sets.find(tree.a[e]);
    const rootB = sets.find(tree.b[e]);
    left[i] = nodeOfRoot[rootA];
    right[i] = nodeOfRoot[rootB];
    distance[i] = tree.weight[e];
    size[i] = sets.sizeOf(rootA) + sets.sizeOf(rootB);
    const root = sets.union(rootA, rootB);
    if (root < 0) throw new Error('single linkage: the edges do not form a spanning tree');
    nodeOfRoot[root] = n + i;
  }
  return { left, right, distance, size };
}
