import type { Random } from '../../util/random.js';
import { createSharedLayout, readLayout, wholeLayout, type LayoutKernelInput } from './layout-kernel.js';
import { layoutThreads, localityOrder, planParts, reorderRows, runLayoutParts } from './layout-threads.js';
import type { SparseGraph } from './sparse-graph.js';

export interface LayoutOptions {
  readonly epochs: number;
  readonly a: number;
  readonly b: number;
  /** Weight of the repulsive (negative-sample) term; umap-learn's repulsion_strength. Default 1. */
  readonly gamma?: number;
  /** Initial learning rate, decayed linearly to 0. Default 1. */
  readonly initialAlpha?: number;
  /** Negative samples per positive sample. Default 5. */
  readonly negativeSampleRate?: number;
  readonly random: Random;
  /**
   * Parts the points are split into, each run by one thread where there are cores for it
   * (layout-threads.ts). Default 1: umap-learn's sequential SGD. The embedding depends on the
   * number of parts, never on the number of threads that ran them.
   */
  readonly parts?: number;
  /** At most this many threads run the parts (default: the machine's cores, at most 4); the result does not depend on it. */
  readonly threads?: number;
  readonly onEpoch?: (epoch: number) => void;
}

/**
 * How often each edge is sampled: an edge of weight w is sampled epochs·w/max(w) times, i.e.
 * every epochs/(epochs·w/max w) epochs (-1 for never).
 * @see https://github.com/lmcinnes/umap/blob/master/umap/umap_.py (make_epochs_per_sample)
 */
export function epochsPerSample(weights: Float64Array, epochs: number): Float64Array {
  let max = 0;
  for (let e = 0; e < weights.length; e++) max = Math.max(max, weights[e]);
  const result = new Float64Array(weights.length).fill(-1);
  for (let e = 0; e < weights.length; e++) {
    const samples = epochs * (weights[e] / max);
    if (samples > 0) result[e] = epochs / samples;
  }
  return result;
}

export interface OptimizeLayoutOptions extends LayoutOptions {
  /** Rows negative samples are drawn from: all rows by default. */
  readonly sampleVertices?: number;
  /** Move the tail too (default true); false holds the tails fixed, as transform does. */
  readonly moveOther?: boolean;
}

/** Directed edges to sample: head[e] is pulled towards tail[e] with weight weights[e]. */
export interface LayoutEdges {
  readonly head: Int32Array;
  readonly tail: Int32Array;
  readonly weights: Float64Array;
}

/** The edges of a graph in CSR order (row by row, columns ascending), as umap-learn's tocoo(). */
export function edgesOf(graph: SparseGraph): LayoutEdges {
  const head = new Int32Array(graph.indices.length);
  for (let i = 0; i < graph.count; i++) for (let e = graph.indptr[i]; e < graph.indptr[i + 1]; e++) head[e] = i;
  return { head, tail: graph.indices, weights: graph.weights };
}

/**
 * umap-learn's SGD over the fuzzy graph (optimize_layout_euclidean, single-threaded):
 * each epoch visits the edges in order; an edge due for sampling pulls its endpoints
 * together with the gradient of log(1 / (1 + a·d^(2b))), then pushes the head away from
 * negative samples drawn uniformly from rows 0..sampleVertices-1, with the gradient of
 * γ·log(1 - 1 / (1 + a·d^(2b))); per-coordinate steps are clipped to ±4 and scaled by a
 * learning rate decaying linearly from initialAlpha. The embedding (float32, like umap-learn's)
 * is updated in place; returns how many threads ran it. With `parts` the rows are split into
 * that many parts run side by side (layout-threads.ts, layout-kernel.wat).
 *
 * The loop runs in WebAssembly (layout-kernel.ts). Negative samples come from a xorshift32
 * stream (Marsaglia 2003; 32-bit integer operations, like umap-learn's Tausworthe generator)
 * seeded by one draw from `random`, so the same seed gives the same embedding on every machine.
 * @see https://github.com/lmcinnes/umap/blob/master/umap/layouts.py (optimize_layout_euclidean)
 */
export function optimizeLayout(
  embedding: Float32Array,
  dim: number,
  edges: LayoutEdges,
  options: OptimizeLayoutOptions,
): { readonly threads: number } {
  const partCount = Math.max(1, Math.min(options.parts ?? 1, embedding.length / dim));
  if (partCount === 1 || options.sampleVertices !== undefined || options.moveOther === false) {
    return runLayout(embedding, dim, edges, 1, options);
  }
  // In parts, the rows are first put in the order of their first coordinate, so that a part's
  // rows lie together: most edges then stay inside a part (on 12,000 x 384 -> 5-D, 5 % of them
  // cross between two parts instead of half), so few steps wait for the end of the epoch and the
  // result stays closer to the sequential loop's (trustworthiness 0.9885 against 0.9882 unordered
  // and 0.9884 sequential). It measured no faster.
  const order = localityOrder(embedding, dim);
  const local = reorderRows(embedding, dim, edges, order);
  const ran = runLayout(local.embedding, dim, local.edges, partCount, options);
  for (let r = 0; r < order.length; r++) {
    for (let c = 0; c < dim; c++) embedding[order[r] * dim + c] = local.embedding[r * dim + c];
  }
  return ran;
}

function runLayout(
  embedding: Float32Array,
  dim: number,
  edges: LayoutEdges,
  partCount: number,
  options: OptimizeLayoutOptions,
): { readonly threads: number } {
  const { epochs } = options;
  const input: LayoutKernelInput = {
    embedding,
    dim,
    vertices: options.sampleVertices ?? embedding.length / dim,
    moveOther: options.moveOther ?? true,
    head: edges.head,
    tail: edges.tail,
    epochsPerSample: epochsPerSample(edges.weights, epochs),
    a: options.a,
    b: options.b,
    gamma: options.gamma ?? 1,
    negativeSampleRate: options.negativeSampleRate ?? 5,
    seed: options.random.uint32(),
  };
  const parts =
    partCount > 1
      ? planParts(input.head, input.epochsPerSample, embedding.length / dim, partCount, input.negativeSampleRate)
      : [wholeLayout(input)];
  const shared = createSharedLayout(input, parts);
  const threads = layoutThreads(parts.length, edges.head.length, epochs, options.threads);
  const ran = runLayoutParts(shared, learningRates(options.initialAlpha ?? 1, epochs), threads, options.onEpoch);
  readLayout(shared, embedding);
  return { threads: ran };
}

/**
 * The learning rate of each epoch, as umap-learn's loop sets it: the initial rate for the first
 * epoch, then after epoch n the initial rate · (1 - n/epochs).
 */
export function learningRates(initialAlpha: number, epochs: number): Float64Array {
  const alphas = new Float64Array(epochs);
  let alpha = initialAlpha;
  for (let epoch = 0; epoch < epochs; epoch++) {
    alphas[epoch] = alpha;
    alpha = initialAlpha * (1 - epoch / epochs);
  }
  return alphas;
}
