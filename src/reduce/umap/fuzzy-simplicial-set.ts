import type { KnnGraph } from './nearest-neighbors.js';
import { graphFromTriples, type SparseGraph } from './sparse-graph.js';

const SMOOTH_K_TOLERANCE = 1e-5;
const MIN_K_DIST_SCALE = 1e-3;

export interface SmoothKnnDistances {
  /** Per-point kernel width σ_i. */
  readonly sigmas: Float64Array;
  /** Per-point distance to the nearest neighbour that counts as connected, ρ_i. */
  readonly rhos: Float64Array;
}

/**
 * For each point, ρ_i (the local_connectivity-th non-zero neighbour distance, interpolated)
 * and, by binary search (64 steps), σ_i such that Σ_j exp(-max(0, d_ij - ρ_i) / σ_i) over the
 * neighbours other than the first equals log2(k)·bandwidth. σ is floored at 1e-3 times the
 * mean neighbour distance (of the point when ρ_i > 0, else of all points).
 * @see https://github.com/lmcinnes/umap/blob/master/umap/umap_.py (smooth_knn_dist)
 */
export function smoothKnnDistances(
  knn: KnnGraph,
  options: { localConnectivity?: number; bandwidth?: number; iterations?: number } = {},
): SmoothKnnDistances {
  const localConnectivity = options.localConnectivity ?? 1;
  const bandwidth = options.bandwidth ?? 1;
  const iterations = options.iterations ?? 64;
  const { count: n, k, distances } = knn;
  const target = Math.log2(k) * bandwidth;
  const sigmas = new Float64Array(n);
  const rhos = new Float64Array(n);

  let finiteSum = 0;
  let finiteCount = 0;
  for (let e = 0; e < distances.length; e++) {
    if (Number.isFinite(distances[e])) {
      finiteSum += distances[e];
      finiteCount++;
    }
  }
  const meanDistance = finiteCount > 0 ? finiteSum / finiteCount : 0;
  const nonZero: number[] = [];

  for (let i = 0; i < n; i++) {
    const base = i * k;
    nonZero.length = 0;
    let rowSum = 0;
    let rowCount = 0;
    for (let j = 0; j < k; j++) {
      const d = distances[base + j];
      if (!Number.isFinite(d)) continue;
      rowSum += d;
      rowCount++;
      if (d > 0) nonZero.push(d);
    }
    let rho = 0;
    if (nonZero.length >= localConnectivity) {
      const index = Math.floor(localConnectivity);
      const interpolation = localConnectivity - index;
      if (index > 0) {
        rho = nonZero[index - 1];
        if (interpolation > SMOOTH_K_TOLERANCE) rho += interpolation * (nonZero[index] - nonZero[index - 1]);
      } else {
        rho = interpolation * nonZero[0];
      }
    } else if (nonZero.length > 0) {
      rho = Math.max(...nonZero);
    }
    rhos[i] = rho;

    let lo = 0;
    let hi = Infinity;
    let mid = 1;
    for (let step = 0; step < iterations; step++) {
      let psum = 0;
      for (let j = 1; j < k; j++) {
        const d = distances[base + j] - rho;
        // A missing neighbour (Infinity) contributes exp(-Infinity) = 0.
        psum += d > 0 ? Math.exp(-(d / mid)) : 1;
      }
      if (Math.abs(psum - target) < SMOOTH_K_TOLERANCE) break;
      if (psum > target) {
        hi = mid;
        mid = (lo + hi) / 2;
      } else {
        lo = mid;
        mid = hi === Infinity ? mid * 2 : (lo + hi) / 2;
      }
    }
    const floor = MIN_K_DIST_SCALE * (rho > 0 ? (rowCount > 0 ? rowSum / rowCount : 0) : meanDistance);
    sigmas[i] = Math.max(mid, floor);
  }
  return { sigmas, rhos };
}

/**
 * The fuzzy simplicial set of the data: directed memberships
 * w_ij = exp(-max(0, d_ij - ρ_i) / σ_i) (1 for the nearest, 0 for the point itself), combined by
 * the fuzzy union w + wᵀ - w∘wᵀ (umap-learn's set_op_mix_ratio = 1; a ratio r < 1 mixes in the
 * intersection: r·(w + wᵀ - w∘wᵀ) + (1 - r)·w∘wᵀ).
 * @see https://github.com/lmcinnes/umap/blob/master/umap/umap_.py (fuzzy_simplicial_set, compute_membership_strengths)
 */
export function fuzzySimplicialSet(
  knn: KnnGraph,
  options: { setOpMixRatio?: number; localConnectivity?: number } = {},
): SparseGraph {
  const mix = options.setOpMixRatio ?? 1;
  const { sigmas, rhos } = smoothKnnDistances(knn, { localConnectivity: options.localConnectivity });
  const directed = membershipStrengths(knn, sigmas, rhos, { bipartite: false });
  return fuzzyCombine(directed, mix);
}

/**
 * Row i's memberships w_ij = exp(-max(0, d_ij - ρ_i) / σ_i) as a CSR graph with `columns`
 * columns (the point itself gets 0 and is dropped unless the neighbours belong to another set).
 * @see https://github.com/lmcinnes/umap/blob/master/umap/umap_.py (compute_membership_strengths)
 */
export function membershipStrengths(
  knn: KnnGraph,
  sigmas: Float64Array,
  rhos: Float64Array,
  options: { bipartite: boolean },
): SparseGraph {
  const { count: n, k, indices, distances } = knn;
  const rows: number[] = [];
  const cols: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) {
      const neighbor = indices[i * k + j];
      if (neighbor < 0 || (!options.bipartite && neighbor === i)) continue;
      const d = distances[i * k + j];
      const value = d - rhos[i] <= 0 || sigmas[i] === 0 ? 1 : Math.exp(-((d - rhos[i]) / sigmas[i]));
      if (value === 0) continue;
      rows.push(i);
      cols.push(neighbor);
      values.push(value);
    }
  }
  return graphFromTriples(n, Int32Array.from(rows), Int32Array.from(cols), Float64Array.from(values));
}

/** r·(A + Aᵀ - A∘Aᵀ) + (1 - r)·A∘Aᵀ, entry by entry, merging row i of A with row i of Aᵀ. */
function fuzzyCombine(a: SparseGraph, mix: number): SparseGraph {
  const n = a.count;
  const transposed = transposeGraph(a);
  const indptr = new Int32Array(n + 1);
  const indices: number[] = [];
  const weights: number[] = [];
  for (let i = 0; i < n; i++) {
    let x = a.indptr[i];
    let y = transposed.indptr[i];
    const xEnd = a.indptr[i + 1];
    const yEnd = transposed.indptr[i + 1];
    while (x < xEnd || y < yEnd) {
      const xCol = x < xEnd ? a.indices[x] : n;
      const yCol = y < yEnd ? transposed.indices[y] : n;
      const col = Math.min(xCol, yCol);
      const u = xCol === col ? a.weights[x++] : 0;
      const v = yCol === col ? transposed.weights[y++] : 0;
      const product = u * v;
      const value = mix * (u + v - product) + (1 - mix) * product;
      if (value !== 0) {
        indices.push(col);
        weights.push(value);
      }
    }
    indptr[i + 1] = indices.length;
  }
  return { count: n, indptr, indices: Int32Array.from(indices), weights: Float64Array.from(weights) };
}

/** Aᵀ in CSR; rows come out sorted because A is scanned in row order. */
function transposeGraph(a: SparseGraph): SparseGraph {
  const n = a.count;
  const indptr = new Int32Array(n + 1);
  for (let e = 0; e < a.indices.length; e++) indptr[a.indices[e] + 1]++;
  for (let i = 0; i < n; i++) indptr[i + 1] += indptr[i];
  const cursor = indptr.slice(0, n);
  const indices = new Int32Array(a.indices.length);
  const weights = new Float64Array(a.indices.length);
  for (let i = 0; i < n; i++) {
    for (let e = a.indptr[i]; e < a.indptr[i + 1]; e++) {
      const slot = cursor[a.indices[e]]++;
      indices[slot] = i;
      weights[slot] = a.weights[e];
    }
  }
  return { count: n, indptr, indices, weights };
}
