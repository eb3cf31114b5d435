/** A weighted graph in compressed sparse row form; row i's columns are sorted ascending. */
export interface SparseGraph {
  readonly count: number;
  readonly indptr: Int32Array;
  readonly indices: Int32Array;
  readonly weights: Float64Array;
}

/**
 * Builds a CSR graph from (row, col, weight) triples, summing duplicates and dropping zeros,
 * like scipy's coo → csr with sum_duplicates and eliminate_zeros.
 */
export function graphFromTriples(count: number, rows: Int32Array, cols: Int32Array, weights: Float64Array): SparseGraph {
  const rowCounts = new Int32Array(count + 1);
  for (let e = 0; e < rows.length; e++) rowCounts[rows[e] + 1]++;
  for (let i = 0; i < count; i++) rowCounts[i + 1] += rowCounts[i];
  const cursor = rowCounts.slice(0, count);
  const order = new Int32Array(rows.length);
  for (let e = 0; e < rows.length; e++) order[cursor[rows[e]]++] = e;

  const indptr = new Int32Array(count + 1);
  const indices: number[] = [];
  const values: number[] = [];
  const scratch: number[] = [];
  for (let i = 0; i < count; i++) {
    scratch.length = 0;
    for (let s = rowCounts[i]; s < rowCounts[i + 1]; s++) scratch.push(order[s]);
    scratch.sort((a, b) => cols[a] - cols[b] || a - b);
    let s = 0;
    while (s < scratch.length) {
      const col = cols[scratch[s]];
      let sum = 0;
      while (s < scratch.length && cols[scratch[s]] === col) sum += weights[scratch[s++]];
      if (sum !== 0) {
        indices.push(col);
        values.push(sum);
      }
    }
    indptr[i + 1] = indices.length;
  }
  return { count, indptr, indices: Int32Array.from(indices), weights: Float64Array.from(values) };
}

/** The same graph with the entries for which keep(weight) is false removed. */
export function filterEdges(graph: SparseGraph, keep: (weight: number) => boolean): SparseGraph {
  const indptr = new Int32Array(graph.count + 1);
  const indices: number[] = [];
  const weights: number[] = [];
  for (let i = 0; i < graph.count; i++) {
    for (let e = graph.indptr[i]; e < graph.indptr[i + 1]; e++) {
      if (!keep(graph.weights[e])) continue;
      indices.push(graph.indices[e]);
      weights.push(graph.weights[e]);
    }
    indptr[i + 1] = indices.length;
  }
  return { count: graph.count, indptr, indices: Int32Array.from(indices), weights: Float64Array.from(weights) };
}

/** Connected components by breadth-first search: a label per vertex (0..components-1, in order of first vertex). */
export function connectedComponents(graph: SparseGraph): { count: number; labels: Int32Array } {
  const labels = new Int32Array(graph.count).fill(-1);
  const queue = new Int32Array(graph.count);
  let components = 0;
  for (let start = 0; start < graph.count; start++) {
    if (labels[start] >= 0) continue;
    let head = 0;
    let tail = 0;
    queue[tail++] = start;
    labels[start] = components;
    while (head < tail) {
      const v = queue[head++];
      for (let e = graph.indptr[v]; e < graph.indptr[v + 1]; e++) {
        const w = graph.indices[e];
        if (labels[w] < 0) {
          labels[w] = components;
          queue[tail++] = w;
        }
      }
    }
    components++;
  }
  return { count: components, labels };
}

/** The subgraph induced by `vertices` (ascending), renumbered 0..vertices.length-1. */
export function inducedSubgraph(graph: SparseGraph, vertices: Int32Array): SparseGraph {
  const local = new Int32Array(graph.count).fill(-1);
  vertices.forEach((v, i) => (local[v] = i));
  const indptr = new Int32Array(vertices.length + 1);
  const indices: number[] = [];
  const weights: number[] = [];
  for (let i = 0; i < vertices.length; i++) {
    const v = vertices[i];
    for (let e = graph.indptr[v]; e < graph.indptr[v + 1]; e++) {
      const w = local[graph.indices[e]];
      if (w < 0) continue;
      indices.push(w);
      weights.push(graph.weights[e]);
    }
    indptr[i + 1] = indices.length;
  }
  return { count: vertices.length, indptr, indices: Int32Array.from(indices), weights: Float64Array.from(weights) };
}
