import type { Matrix } from '../../util/matrix.js';
import { edgeBefore, type SpanningTree } from './spanningTree.js';

/**
 * The exact reference path: core distances by brute force and the minimum spanning tree by
 * Prim's algorithm over the implicit mutual-reachability graph. O(n^2) time, O(n) memory, no
 * tree and no pruning, so it is simple enough to trust; the tests run it beside the k-d tree
 * path on random data with many exact ties and require identical edges (see the tie-breaking
 * rule in spanningTree.ts). Also usable directly for small inputs in high dimensions.
 */

function squaredDistance(data: Float64Array, dims: number, i: number, j: number): number {
  const a = i * dims;
  const b = j * dims;
  let sum = 0;
  for (let d = 0; d < dims; d++) {
    const diff = data[a + d] - data[b + d];
    sum += diff * diff;
  }
  return sum;
}

/** Distance from every row to its k-th nearest row, the row itself included (see coreDistances.ts). */
export function bruteForceKthNeighbourDistances(matrix: Matrix, k: number): Float64Array {
  const { rows: n, cols: dims, data } = matrix;
  if (!Number.isInteger(k) || k < 1 || k > n) throw new Error(`k-th neighbour: k must be an integer in 1..${n}, got ${k}`);
  const result = new Float64Array(n);
  const row = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) row[j] = squaredDistance(data, dims, i, j);
    row.sort();
    result[i] = Math.sqrt(row[k - 1]);
  }
  return result;
}

/** Prim's algorithm under the (weight, smaller row, larger row) edge order. */
export function primSpanningTree(matrix: Matrix, core: Float64Array, alpha = 1): SpanningTree {
  const { rows: n, cols: dims, data } = matrix;
  const a = new Int32Array(Math.max(0, n - 1));
  const b = new Int32Array(Math.max(0, n - 1));
  const weight = new Float64Array(Math.max(0, n - 1));
  if (n <= 1) return { a, b, weight };
  const inTree = new Uint8Array(n);
  // For each vertex outside the tree: its lightest edge into the tree, as (weight, lo, hi).
  const keyWeight = new Float64Array(n).fill(Infinity);
  const keyLo = new Int32Array(n).fill(0x7fffffff);
  const keyHi = new Int32Array(n).fill(0x7fffffff);
  let current = 0;
  inTree[0] = 1;
  for (let step = 0; step < n - 1; step++) {
    let next = -1;
    for (let v = 0; v < n; v++) {
      if (inTree[v]) continue;
      const distance = Math.sqrt(squaredDistance(data, dims, current, v)) / alpha;
      let w = core[current] > core[v] ? core[current] : core[v];
      if (distance > w) w = distance;
      const lo = current < v ? current : v;
      const hi = current < v ? v : current;
      if (edgeBefore(w, lo, hi, keyWeight[v], keyLo[v], keyHi[v])) {
        keyWeight[v] = w;
        keyLo[v] = lo;
        keyHi[v] = hi;
      }
      if (next < 0 || edgeBefore(keyWeight[v], keyLo[v], keyHi[v], keyWeight[next], keyLo[next], keyHi[next])) next = v;
    }
    a[step] = keyLo[next];
    b[step] = keyHi[next];
    weight[step] = keyWeight[next];
    inTree[next] = 1;
    current = next;
  }
  return { a, b, weight };
}
