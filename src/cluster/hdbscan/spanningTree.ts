import type { NeighbourLists } from './coreDistances.js';
import { searchScratch, type KdTree } from './kdTree.js';
import { UnionFind } from './unionFind.js';

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

/** Relative slack that keeps squared-distance pruning conservative against rounding of sqrt. */
const PRUNE_SLACK = 1 + 1e-12;

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
 * `core` is indexed by row of the clustered matrix.
 *
 * @see McInnes & Healy (2017), Accelerated Hierarchical Density Clustering, section 3.
 */
export function boruvkaSpanningTree(tree: KdTree, core: Float64Array, options: BoruvkaOptions = {}): SpanningTree {
  const alpha = options.alpha ?? 1;
  const n = tree.size;
  const { dims, points, index, nodeCount, nodeStart, nodeEnd, nodeRight, lower, upper } = tree;
  const { boxDistance, leafDistances } = tree.kernels;
  const edgeA = new Int32Array(Math.max(0, n - 1));
  const edgeB = new Int32Array(Math.max(0, n - 1));
  const edgeWeight = new Float64Array(Math.max(0, n - 1));
  if (n <= 1) return { a: edgeA, b: edgeB, weight: edgeWeight };

  // Core distances and row indices in tree order, and per-node bounds that never change.
  const coreAt = new Float64Array(n);
  for (let p = 0; p < n; p++) coreAt[p] = core[index[p]];
  const nodeMinCore = new Float64Array(nodeCount);
  const nodeMinRow = new Int32Array(nodeCount);
  const leaves: number[] = [];
  for (let node = nodeCount - 1; node >= 0; node--) {
    const right = nodeRight[node];
    if (right < 0) {
      leaves.push(node);
      let minCore = Infinity;
      let minRow = 0x7fffffff;
      for (let p = nodeStart[node]; p < nodeEnd[node]; p++) {
        if (coreAt[p] < minCore) minCore = coreAt[p];
        if (index[p] < minRow) minRow = index[p];
      }
      nodeMinCore[node] = minCore;
      nodeMinRow[node] = minRow;
    } else {
      nodeMinCore[node] = Math.min(nodeMinCore[node + 1], nodeMinCore[right]);
      nodeMinRow[node] = Math.min(nodeMinRow[node + 1], nodeMinRow[right]);
    }
  }

  const components = new UnionFind(n);
  const component = new Int32Array(n); // tree position -> component root (a tree position)
  for (let p = 0; p < n; p++) component[p] = p;
  const nodeComponent = new Int32Array(nodeCount);
  const bestWeight = new Float64Array(n).fill(Infinity);
  const bestA = new Int32Array(n).fill(0x7fffffff); // row indices of the best edge, bestA < bestB
  const bestB = new Int32Array(n).fill(0x7fffffff);
  const bestFrom = new Int32Array(n).fill(-1); // tree positions of the best edge
  const bestTo = new Int32Array(n);
  const { stack, stackGap, leaf } = searchScratch(tree);
  let edges = 0;

  /** Offers edge (p, q) of weight w to component c; keeps it if it comes first in edge order. */
  const offer = (c: number, p: number, q: number, w: number): void => {
    const rowP = index[p];
    const rowQ = index[q];
    const lo = rowP < rowQ ? rowP : rowQ;
    const hi = rowP < rowQ ? rowQ : rowP;
    if (w < bestWeight[c] || (w === bestWeight[c] && (lo < bestA[c] || (lo === bestA[c] && hi < bestB[c])))) {
      bestWeight[c] = w;
      bestA[c] = lo;
      bestB[c] = hi;
      bestFrom[c] = p;
      bestTo[c] = q;
    }
  };

  /** Searches the tree from point p for an edge leaving its component c that beats c's best. */
  const searchFrom = (p: number, c: number): void => {
    const coreP = coreAt[p];
    const rowP = index[p];
    const offsetP = p * dims;
    let best = bestWeight[c];
    let bestSq = best * alpha * (best * alpha) * PRUNE_SLACK;
    let top = 0;
    stack[top] = 0;
    stackGap[top++] = 0;
    while (top > 0) {
      const node = stack[--top];
      const gapSq = stackGap[top];
      if (nodeComponent[node] === c) continue;
      const coreBound = coreP > nodeMinCore[node] ? coreP : nodeMinCore[node];
      if (coreBound > best || gapSq > bestSq) continue;
      const gap = Math.sqrt(gapSq) / alpha;
      const bound = coreBound > gap ? coreBound : gap;
      if (bound > best) continue;
      if (bound === best) {
        // Only an edge that wins the tie could help: the smallest pair this node can offer.
        const m = nodeMinRow[node];
        const lo = m < rowP ? m : rowP;
        const hi = m < rowP ? rowP : m;
        if (!(lo < bestA[c] || (lo === bestA[c] && hi < bestB[c]))) continue;
      }
      const right = nodeRight[node];
      if (right >= 0) {
        // Children are pushed only if they might still help; the nearer one goes on top, so
        // the bound tightens early. They are checked again when popped, the bound having moved.
        const left = node + 1;
        const leftGap = nodeComponent[left] === c || nodeMinCore[left] > best ? Infinity : boxDistance(lower, upper, left * dims, points, offsetP);
        const rightGap = nodeComponent[right] === c || nodeMinCore[right] > best ? Infinity : boxDistance(lower, upper, right * dims, points, offsetP);
        const nearFirst = leftGap <= rightGap;
        const near = nearFirst ? left : right;
        const far = nearFirst ? right : left;
        const nearGap = nearFirst ? leftGap : rightGap;
        const farGap = nearFirst ? rightGap : leftGap;
        if (farGap <= bestSq) {
          stack[top] = far;
          stackGap[top++] = farGap;
        }
        if (nearGap <= bestSq) {
          stack[top] = near;
          stackGap[top++] = nearGap;
        }
        continue;
      }
      const start = nodeStart[node];
      const end = nodeEnd[node];
      leafDistances(points, start, end, points, offsetP, leaf);
      for (let q = start; q < end; q++) {
        if (component[q] === c) continue;
        const coreQ = coreAt[q];
        if (coreQ > best) continue;
        const sum = leaf[q - start];
        if (sum > bestSq) continue;
        const distance = Math.sqrt(sum) / alpha;
        let weight = coreP > coreQ ? coreP : coreQ;
        if (distance > weight) weight = distance;
        if (weight <= best) {
          offer(c, p, q, weight);
          best = bestWeight[c];
          bestSq = best * alpha * (best * alpha) * PRUNE_SLACK;
        }
      }
    }
  };

  /** Adds every component's chosen edge and relabels the points. */
  const addChosenEdges = (): void => {
    const before = edges;
    for (let c = 0; c < n; c++) {
      if (component[c] !== c || bestFrom[c] < 0) continue;
      if (components.union(bestFrom[c], bestTo[c]) < 0) continue; // both sides chose this edge
      edgeA[edges] = bestA[c];
      edgeB[edges] = bestB[c];
      edgeWeight[edges] = bestWeight[c];
      edges++;
    }
    if (edges === before) throw new Error('boruvka: no edge added in a round (non-finite coordinates?)');
    for (let p = 0; p < n; p++) component[p] = components.find(p);
    bestWeight.fill(Infinity);
    bestA.fill(0x7fffffff);
    bestB.fill(0x7fffffff);
    bestFrom.fill(-1);
  };

  // Round 1: every point is its own component.
  options.signal?.throwIfAborted();
  markPureNodes(tree, component, nodeComponent);
  const lists = options.neighbours ?? null;
  for (let p = 0; p < n; p++) {
    if (lists && settleFromNeighbours(p, lists)) continue;
    searchFrom(p, p);
  }
  addChosenEdges();

  /**
   * Offers p's listed neighbours; true when that settles p's lightest edge: its weight is the
   * least possible (core[p]) and the list holds every point that could reach it.
   */
  function settleFromNeighbours(p: number, neighbourLists: NeighbourLists): boolean {
    const { k, positions, minExcludedSq } = neighbourLists;
    const coreP = coreAt[p];
    const offsetP = p * dims;
    for (let t = p * k; t < p * k + k; t++) {
      const q = positions[t];
      if (q === p) continue;
      const offsetQ = q * dims;
      let sum = 0;
      for (let j = 0; j < dims; j++) {
        const diff = points[offsetQ + j] - points[offsetP + j];
        sum += diff * diff;
      }
      const distance = Math.sqrt(sum) / alpha;
      let weight = coreP > coreAt[q] ? coreP : coreAt[q];
      if (distance > weight) weight = distance;
      offer(p, p, q, weight);
    }
    const listComplete = alpha <= 1 && !(Math.sqrt(minExcludedSq[p]) / alpha <= coreP);
    return listComplete && bestWeight[p] === coreP;
  }

  const foreignGapSq = new Float64Array(nodeCount);
  const leafOrder = Int32Array.from(leaves);
  while (edges < n - 1) {
    options.signal?.throwIfAborted();
    markPureNodes(tree, component, nodeComponent);
    for (const node of leaves) {
      foreignGapSq[node] = nodeComponent[node] < 0 ? 0 : distanceToOtherComponents(tree, node, nodeComponent, stack, stackGap);
    }
    leafOrder.sort((x, y) => foreignGapSq[x] - foreignGapSq[y]);
    for (let i = 0; i < leafOrder.length; i++) {
      const node = leafOrder[i];
      const pure = nodeComponent[node];
      if (pure >= 0) {
        const best = bestWeight[pure];
        if (nodeMinCore[node] > best || foreignGapSq[node] > best * alpha * (best * alpha) * PRUNE_SLACK) continue;
      }
      for (let p = nodeStart[node]; p < nodeEnd[node]; p++) {
        const c = component[p];
        // Every edge of p weighs at least core[p].
        if (coreAt[p] > bestWeight[c]) continue;
        searchFrom(p, c);
      }
    }
    addChosenEdges();
  }
  return { a: edgeA, b: edgeB, weight: edgeWeight };
}

/** nodeComponent[node] = the component of all of the node's points, or -1 when they differ. */
function markPureNodes(tree: KdTree, component: Int32Array, nodeComponent: Int32Array): void {
  const { nodeCount, nodeStart, nodeEnd, nodeRight } = tree;
  for (let node = nodeCount - 1; node >= 0; node--) {
    const right = nodeRight[node];
    if (right < 0) {
      const first = component[nodeStart[node]];
      let same = first;
      for (let p = nodeStart[node] + 1; p < nodeEnd[node]; p++) {
        if (component[p] !== first) {
          same = -1;
          break;
        }
      }
      nodeComponent[node] = same;
    } else {
      const left = nodeComponent[node + 1];
      nodeComponent[node] = left >= 0 && left === nodeComponent[right] ? left : -1;
    }
  }
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
