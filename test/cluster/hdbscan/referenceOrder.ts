import type { SpanningTree } from '../../../src/cluster/hdbscan/spanningTree.js';
import type { Matrix } from '../../../src/util/matrix.js';

/**
 * hdbscan 0.8.40's own merge order, rebuilt so that its results can be replayed through
 * connote's single linkage, condensed tree and selection (test/fixtures/hdbscan/README.md).
 *
 * hdbscan's exact algorithms grow the spanning tree with Prim's algorithm from row 0 over all
 * pairs. Each step takes the outside row with the smallest mutual-reachability distance to the
 * tree, the lowest row among equals, and records a pair for it:
 * - `generic` (`mst_linkage_core` on the dense matrix) records (row added just before, new row);
 * - `prims_kdtree` (`mst_linkage_core_vector`) records (tree row that offered the distance, new
 *   row), keeping the first row that offered it.
 * It then sorts the records by weight with `np.argsort`, whose default is an unstable
 * introsort, and runs `label` (Kruskal) over them in that order. Among equal weights that order
 * is an accident of the sort, and it decides which components meet first.
 *
 * @see https://github.com/scikit-learn-contrib/hdbscan/blob/master/hdbscan/_hdbscan_linkage.pyx
 */
export interface ReferenceOrder {
  /** The recorded pairs, as rows (a < b) with their weights, in Prim's order. */
  readonly tree: SpanningTree;
  /** Merge order: the pairs as numpy 1.24's `np.argsort(weights)` orders them. */
  readonly order: Int32Array;
}

/** Both exact variants' records from one run of Prim (they add the same rows in the same order). */
export function hdbscanPrimOrders(points: Matrix, core: Float64Array): { generic: ReferenceOrder; primsKdtree: ReferenceOrder } {
  const { rows: n, cols: dims, data } = points;
  const inTree = new Uint8Array(n);
  const best = new Float64Array(n).fill(Infinity);
  const offeredBy = new Int32Array(n);
  const previous = new Int32Array(n - 1);
  const offering = new Int32Array(n - 1);
  const added = new Int32Array(n - 1);
  const weight = new Float64Array(n - 1);
  let current = 0;
  for (let step = 0; step < n - 1; step++) {
    inTree[current] = 1;
    const base = current * dims;
    const coreCurrent = core[current];
    let next = -1;
    let nextWeight = Infinity;
    for (let j = 0; j < n; j++) {
      if (inTree[j]) continue;
      let sum = 0;
      for (let d = 0; d < dims; d++) {
        const diff = data[base + d] - data[j * dims + d];
        sum += diff * diff;
      }
      let reach = Math.sqrt(sum);
      if (coreCurrent > reach) reach = coreCurrent;
      if (core[j] > reach) reach = core[j];
      if (reach < best[j]) {
        best[j] = reach;
        offeredBy[j] = current;
      }
      if (best[j] < nextWeight) {
        nextWeight = best[j];
        next = j;
      }
    }
    previous[step] = current;
    offering[step] = offeredBy[next];
    added[step] = next;
    weight[step] = nextWeight;
    current = next;
  }
  const order = numpyArgsort(weight);
  const recordedAs = (first: Int32Array): ReferenceOrder => ({
    tree: {
      a: Int32Array.from(first, (row, i) => Math.min(row, added[i])),
      b: Int32Array.from(first, (row, i) => Math.max(row, added[i])),
      weight,
    },
    order,
  });
  return { generic: recordedAs(previous), primsKdtree: recordedAs(offering) };
}

/**
 * `np.argsort(values)` as numpy 1.24 computes it for float64 (its `aquicksort`): introsort with
 * a median-of-three pivot and insertion sort below 17 elements. Ties come out in whatever order
 * the partitioning leaves them. numpy switches to heapsort past a depth limit; inputs that get
 * there are refused rather than guessed at.
 *
 * @see https://github.com/numpy/numpy/blob/v1.24.2/numpy/core/src/npysort/quicksort.cpp
 */
export function numpyArgsort(values: Float64Array): Int32Array {
  const v = values;
  const order = Int32Array.from(v, (_, i) => i);
  const swap = (i: number, j: number): void => {
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  };
  const stack: [number, number, number][] = [];
  let lo = 0;
  let hi = v.length - 1;
  let depth = 2 * (31 - Math.clz32(Math.max(1, v.length))); // twice the index of the top bit, as npy_get_msb
  for (;;) {
    if (depth < 0) throw new Error('numpyArgsort: depth limit reached (numpy would switch to heapsort); not emulated');
    while (hi - lo > 16) {
      const mid = lo + ((hi - lo) >> 1);
      if (v[order[mid]] < v[order[lo]]) swap(mid, lo);
      if (v[order[hi]] < v[order[mid]]) swap(hi, mid);
      if (v[order[mid]] < v[order[lo]]) swap(mid, lo);
      const pivot = v[order[mid]];
      let i = lo;
      let j = hi - 1;
      swap(mid, j);
      for (;;) {
        do i++;
        while (v[order[i]] < pivot);
        do j--;
        while (pivot < v[order[j]]);
        if (i >= j) break;
        swap(i, j);
      }
      swap(i, hi - 1);
      depth--;
      // The larger part waits on the stack; the smaller is partitioned next.
      if (i - lo < hi - i) {
        stack.push([i + 1, hi, depth]);
        hi = i - 1;
      } else {
        stack.push([lo, i - 1, depth]);
        lo = i + 1;
      }
    }
    for (let i = lo + 1; i <= hi; i++) {
      const item = order[i];
      const value = v[item];
      let j = i;
      while (j > lo && value < v[order[j - 1]]) {
        order[j] = order[j - 1];
        j--;
      }
      order[j] = item;
    }
    const pending = stack.pop();
    if (!pending) break;
    [lo, hi, depth] = pending;
  }
  return order;
}

/**
 * A merge order for `tree` that is its default (weight, smaller row, larger row) order except
 * that each listed pair of equal-weight edges, given as [[a, b], [a, b]] rows, is merged in the
 * listed order. Throws if an edge is not in the tree or the two weights differ.
 */
export function withSwappedTies(tree: SpanningTree, defaultOrder: Int32Array, pairs: readonly (readonly [readonly [number, number], readonly [number, number]])[]): Int32Array {
  const order = defaultOrder.slice();
  const position = new Map<string, number>();
  order.forEach((edge, i) => position.set(`${tree.a[edge]}-${tree.b[edge]}`, i));
  const find = ([x, y]: readonly [number, number]): number => {
    const at = position.get(`${Math.min(x, y)}-${Math.max(x, y)}`);
    if (at === undefined) throw new Error(`edge ${x}-${y} is not in the spanning tree`);
    return at;
  };
  for (const [first, second] of pairs) {
    const i = find(first);
    const j = find(second);
    if (tree.weight[order[i]] !== tree.weight[order[j]]) throw new Error(`edges ${first} and ${second} do not tie`);
    if (i > j) [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}
