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

/** The order in which merges happen: by weight, ties by (smaller row, larger row) as in spanningTree.ts. */
export function sortedEdgeOrder(tree: SpanningTree): Int32Array {
  const { a, b, weight } = tree;
  const order = new Int32Array(weight.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  order.sort((x, y) => weight[x] - weight[y] || a[x] - a[y] || b[x] - b[y]);
  return order;
}

/**
 * Kruskal over the spanning tree's edges in merge order. The left child of each merge is the
 * component holding the edge's smaller row.
 */
export function singleLinkage(tree: SpanningTree): SingleLinkageTree {
  const merges = tree.weight.length;
  const n = merges + 1;
  const left = new Int32Array(merges);
  const right = new Int32Array(merges);
  const distance = new Float64Array(merges);
  const size = new Int32Array(merges);
  const sets = new UnionFind(n);
  const nodeOfRoot = new Int32Array(n);
  for (let i = 0; i < n; i++) nodeOfRoot[i] = i;
  const order = sortedEdgeOrder(tree);
  for (let i = 0; i < merges; i++) {
    const e = order[i];
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
