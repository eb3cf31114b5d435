import { addChosenEdges, createBoruvkaState, makeSearchFrom, markPureNodes, pruneSq, settleFromNeighbours, spanningTreeOf, type BoruvkaState, type SearchFrom } from './boruvkaSearch.js';
import type { NeighbourLists } from './coreDistances.js';
import type { KdTree } from './kdTree.js';

/**
 * The minimum spanning tree of the mutual-reachability graph: n - 1 edges `(a[i], b[i])` with
 * `a[i] < b[i]` (rows of the clustered matrix) and weight
 * `max(core[a], core[b], distance(a, b) / alpha)`.
 *
 * Tie-breaking rule (mutual-reachability weights tie often, because one core distance dominates
 * many edges): edges are totally ordered by (weight, a, b), i.e. equal weights are broken by the
 * smaller endpoint's row index, then by the larger endpoint's. Under a strict total order the
 * minimum spanning tree is unique, so the Boruvka search below and the exact O(n^2) Prim in
 * `primSpanningTree.ts` return the very same edges, however many ties the data hold. The
 * single-linkage tree processes edges in the same order.
 *
 * The reference library breaks ties by the order of its own traversal (Prim from row 0, then
 * numpy's unstable argsort), and its exact variants disagree with each other. On data with many
 * ties a point can fall on the other side of an equal-height split and, under 'leaf', a small
 * cluster can exist in one order and not in another (a row whose core distance is the merge
 * height completes a minClusterSize component or joins a big one first); the total weight and
 * the merge heights never differ. The tests replay hdbscan's order through singleLinkage and
 * reproduce each of its exact variants (test/cluster/hdbscan/referenceOrder.ts).
 */
export interface SpanningTree {
  readonly a: Int32Array;
  readonly b: Int32Array;
  readonly weight: Float64Array;
}

/** True when edge (w1, a1, b1) comes strictly before edge (w2, a2, b2) in the tie-breaking order. */
export function edgeBefore(w1: number, a1: number, b1: number, w2: number, a2: number, b2: number): boolean {
  return w1 < w2 || (w1 === w2 && (a1 < a2 || (a1 === a2 && b1 < b2)));
}

export interface BoruvkaOptions {
  readonly alpha?: number;
  /** Each point's nearest neighbours from the core-distance step; they settle most of round 1. */
  readonly neighbours?: NeighbourLists | null;
  readonly signal?: AbortSignal;
}

/**
 * Boruvka's algorithm over a k-d tree: each round, every component finds its lightest outgoing
 * edge, then all those edges are added; at most log2(n) rounds, memory O(n).
 *
 * A component's lightest edge is found by a nearest-neighbour search from each of its points,
 * pruned by the component's best edge so far, by node boxes, by the smallest core distance in
 * a node, and by nodes whose points all belong to the component. Two things keep the work
 * near O(n log n) in practice:
 * - Round 1 (all points apart) is read off the neighbour lists: a point whose list holds a
 *   neighbour with core distance <= its own has its lightest edge at its own core distance, the
 *   least possible, and the list is known to hold every candidate at that weight.
 * - Later rounds visit leaves in order of their distance to the nearest point of another
 *   component, so components meet their lightest edge early and the remaining leaves are
 *   skipped whole.
 *
 * `core` is indexed by row of the clustered matrix. This function runs the rounds; the search
 * state and the steps of a round (search from a point, add the chosen edges) are in
 * boruvkaSearch.ts.
 *
 * @see McInnes & Healy (2017), Accelerated Hierarchical Density Clustering, section 3.
 */
export function boruvkaSpanningTree(tree: KdTree, core: Float64Array, options: BoruvkaOptions = {}): SpanningTree {
  const n = tree.size;
  if (n <= 1) return { a: new Int32Array(0), b: new Int32Array(0), weight: new Float64Array(0) };
  const state = createBoruvkaState(tree, core, options.alpha ?? 1);
  const searchFrom = makeSearchFrom(state);
  options.signal?.throwIfAborted();
  firstRound(state, searchFrom, options.neighbours ?? null);
  const foreignGapSq = new Float64Array(tree.nodeCount);
  // Kept across rounds: each round re-sorts the previous round's order.
  const leafOrder = Int32Array.from(state.leaves);
  while (state.edges < n - 1) {
    options.signal?.throwIfAborted();
    laterRound(state, searchFrom, foreignGapSq, leafOrder);
  }
  return spanningTreeOf(state);
}

/** Round 1, every point its own component: neighbour lists settle most points, a search the rest. */
function firstRound(state: BoruvkaState, searchFrom: SearchFrom, lists: NeighbourLists | null): void {
  markPureNodes(state);
  for (let p = 0; p < state.size; p++) {
    if (lists && settleFromNeighbours(state, p, lists)) continue;
    searchFrom(p, p);
  }
  addChosenEdges(state);
}

/**
 * A later round: leaves are visited nearest-to-another-component first, and a leaf of one
 * component is skipped whole when neither its core distances nor its distance to other
 * components can beat that component's best edge so far.
 */
function laterRound(state: BoruvkaState, searchFrom: SearchFrom, foreignGapSq: Float64Array, leafOrder: Int32Array): void {
  const { tree, nodeComponent, nodeMinCore, bestWeight, component, coreAt, stack, stackGap, alpha } = state;
  markPureNodes(state);
  for (const node of state.leaves) {
    foreignGapSq[node] = nodeComponent[node] < 0 ? 0 : distanceToOtherComponents(tree, node, nodeComponent, stack, stackGap);
  }
  leafOrder.sort((x, y) => foreignGapSq[x] - foreignGapSq[y]);
  for (let i = 0; i < leafOrder.length; i++) {
    const node = leafOrder[i];
    const pure = nodeComponent[node];
    if (pure >= 0) {
      const best = bestWeight[pure];
      if (nodeMinCore[node] > best || foreignGapSq[node] > pruneSq(best, alpha)) continue;
    }
    for (let p = tree.nodeStart[node]; p < tree.nodeEnd[node]; p++) {
      const c = component[p];
      // Every edge of p weighs at least core[p].
      if (coreAt[p] > bestWeight[c]) continue;
      searchFrom(p, c);
    }
  }
  addChosenEdges(state);
}

/**
 * Squared distance from the box of `leaf` (all of one component) to the nearest box holding a
 * point of another component: a lower bound on the length of any edge leaving from that leaf.
 */
function distanceToOtherComponents(
  tree: KdTree,
  leaf: number,
  nodeComponent: Int32Array,
  stack: Int32Array,
  stackGap: Float64Array,
): number {
  const { dims, lower, upper, nodeRight } = tree;
  const own = nodeComponent[leaf];
  const leafOffset = leaf * dims;
  const boxGapSq = (node: number): number => {
    const offset = node * dims;
    let sum = 0;
    for (let j = 0; j < dims; j++) {
      const below = lower[offset + j] - upper[leafOffset + j];
      const above = lower[leafOffset + j] - upper[offset + j];
      const gap = below > 0 ? below : above > 0 ? above : 0;
      sum += gap * gap;
    }
    return sum;
  };
  let best = Infinity;
  let top = 0;
  stack[top] = 0;
  stackGap[top++] = 0;
  while (top > 0) {
    const node = stack[--top];
    if (stackGap[top] >= best || nodeComponent[node] === own) continue;
    const right = nodeRight[node];
    if (right < 0) {
      best = stackGap[top];
      continue;
    }
    const leftGap = boxGapSq(node + 1);
    const rightGap = boxGapSq(right);
    if (leftGap <= rightGap) {
      stack[top] = right;
      stackGap[top++] = rightGap;
      stack[top] = node + 1;
      stackGap[top++] = leftGap;
    } else {
      stack[top] = node + 1;
      stackGap[top++] = leftGap;
      stack[top] = right;
      stackGap[top++] = rightGap;
    }
  }
  return best;
}
