import type { NeighbourLists } from './coreDistances.js';
import type { DistanceKernels } from './distanceKernels.js';
import { searchScratch, type KdTree } from './kdTree.js';
import type { SpanningTree } from './spanningTree.js';
import { UnionFind } from './unionFind.js';

/**
 * The state of a Boruvka search over a k-d tree, and the steps that change it: components, each
 * component's lightest outgoing edge found so far in the (weight, smaller row, larger row) order
 * of spanningTree.ts, and the edges added. Points are addressed by tree position throughout;
 * rows of the input matrix appear only in edges and in tie-breaking. `boruvkaSpanningTree`
 * (spanningTree.ts) drives the rounds.
 *
 * The state is one plain object made at once, and the steps are functions of it, except the
 * search itself, which is built once per spanning tree as a closure (makeSearchFrom): it runs
 * some ten million node visits per 100,000 points, and the closure form is the faster one.
 */
export interface BoruvkaState {
  readonly size: number;
  readonly alpha: number;
  readonly tree: KdTree;
  /** The tree's arrays and kernels, held directly: the search reads them at every node. */
  readonly dims: number;
  readonly points: Float64Array;
  readonly index: Int32Array;
  readonly nodeStart: Int32Array;
  readonly nodeEnd: Int32Array;
  readonly nodeRight: Int32Array;
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  readonly boxDistance: DistanceKernels['boxDistance'];
  readonly leafDistances: DistanceKernels['leafDistances'];
  /** Core distance per tree position. */
  readonly coreAt: Float64Array;
  /** Smallest core distance and smallest row in each node's subtree; they never change. */
  readonly nodeMinCore: Float64Array;
  readonly nodeMinRow: Int32Array;
  /** The leaf nodes, highest node number first. */
  readonly leaves: Int32Array;
  readonly components: UnionFind;
  /** Tree position -> root of its component (a tree position). */
  readonly component: Int32Array;
  /** Per node: the component all its points belong to, or -1 (see `markPureNodes`). */
  readonly nodeComponent: Int32Array;
  /** Per component root: its best outgoing edge so far, as rows (bestA < bestB) and as tree positions. */
  readonly bestWeight: Float64Array;
  readonly bestA: Int32Array;
  readonly bestB: Int32Array;
  readonly bestFrom: Int32Array;
  readonly bestTo: Int32Array;
  /** Search scratch: a traversal stack with each entry's box distance, and one leaf's distances. */
  readonly stack: Int32Array;
  readonly stackGap: Float64Array;
  readonly leaf: Float64Array;
  /** The spanning tree so far: `edges` edges. */
  readonly edgeA: Int32Array;
  readonly edgeB: Int32Array;
  readonly edgeWeight: Float64Array;
  edges: number;
}

/** Relative slack that keeps squared-distance pruning conservative against rounding of sqrt. */
const PRUNE_SLACK = 1 + 1e-12;

/** See surelyBelowSq. */
const CLEAR_MARGIN = 1 - 1e-12;

/** Larger than any row index: the (row, row) part of "no edge yet". */
const NO_ROW = 0x7fffffff;

/** The state before round 1: every point its own component. `core` is indexed by row; n >= 2. */
export function createBoruvkaState(tree: KdTree, core: Float64Array, alpha: number): BoruvkaState {
  const n = tree.size;
  const coreAt = new Float64Array(n);
  for (let p = 0; p < n; p++) coreAt[p] = core[tree.index[p]];
  const { nodeMinCore, nodeMinRow, leaves } = nodeBounds(tree, coreAt);
  const component = new Int32Array(n);
  for (let p = 0; p < n; p++) component[p] = p;
  const { stack, stackGap, leaf } = searchScratch(tree);
  const { dims, points, index, nodeStart, nodeEnd, nodeRight, lower, upper } = tree;
  const { boxDistance, leafDistances } = tree.kernels;
  return {
    size: n,
    alpha,
    tree,
    dims,
    points,
    index,
    nodeStart,
    nodeEnd,
    nodeRight,
    lower,
    upper,
    boxDistance,
    leafDistances,
    coreAt,
    nodeMinCore,
    nodeMinRow,
    leaves,
    components: new UnionFind(n),
    component,
    nodeComponent: new Int32Array(tree.nodeCount),
    bestWeight: new Float64Array(n).fill(Infinity),
    bestA: new Int32Array(n).fill(NO_ROW),
    bestB: new Int32Array(n).fill(NO_ROW),
    bestFrom: new Int32Array(n).fill(-1),
    bestTo: new Int32Array(n),
    stack,
    stackGap,
    leaf,
    edgeA: new Int32Array(n - 1),
    edgeB: new Int32Array(n - 1),
    edgeWeight: new Float64Array(n - 1),
    edges: 0,
  };
}

export function spanningTreeOf(s: BoruvkaState): SpanningTree {
  return { a: s.edgeA, b: s.edgeB, weight: s.edgeWeight };
}

/** Smallest core distance and smallest row per node, bottom-up (children have larger numbers). */
function nodeBounds(tree: KdTree, coreAt: Float64Array): { nodeMinCore: Float64Array; nodeMinRow: Int32Array; leaves: Int32Array } {
  const { nodeCount, nodeStart, nodeEnd, nodeRight, index } = tree;
  const nodeMinCore = new Float64Array(nodeCount);
  const nodeMinRow = new Int32Array(nodeCount);
  const leaves: number[] = [];
  for (let node = nodeCount - 1; node >= 0; node--) {
    const right = nodeRight[node];
    if (right >= 0) {
      nodeMinCore[node] = Math.min(nodeMinCore[node + 1], nodeMinCore[right]);
      nodeMinRow[node] = Math.min(nodeMinRow[node + 1], nodeMinRow[right]);
      continue;
    }
    leaves.push(node);
    let minCore = Infinity;
    let minRow = NO_ROW;
    for (let p = nodeStart[node]; p < nodeEnd[node]; p++) {
      if (coreAt[p] < minCore) minCore = coreAt[p];
      if (index[p] < minRow) minRow = index[p];
    }
    nodeMinCore[node] = minCore;
    nodeMinRow[node] = minRow;
  }
  return { nodeMinCore, nodeMinRow, leaves: Int32Array.from(leaves) };
}

/**
 * distance / alpha, skipping the division when alpha is 1 (the default): x / 1 is x, and the
 * division, once per visited node, was the costliest line of the search in a profile.
 */
function scaled(distance: number, alpha: number): number {
  return alpha === 1 ? distance : distance / alpha;
}

/**
 * Squared distance below which distance / alpha is surely less than `weight`, rounding
 * included (sqrt and the division each round by half an ulp, far inside the 1e-12 margin).
 * Comparing squares there spares a square root, and decides exactly as the root would.
 */
function surelyBelowSq(weight: number, alpha: number): number {
  const scaledWeight = weight * alpha;
  return scaledWeight * scaledWeight * CLEAR_MARGIN;
}

/** Squared, alpha-scaled distance beyond which no point can beat weight `best`. */
export function pruneSq(best: number, alpha: number): number {
  const scaled = best * alpha;
  return scaled * scaled * PRUNE_SLACK;
}

/** Offers edge (p, q) of weight w to component c; keeps it if it comes first in edge order. */
function offer(s: BoruvkaState, c: number, p: number, q: number, w: number): void {
  const { index, bestWeight, bestA, bestB } = s;
  const rowP = index[p];
  const rowQ = index[q];
  const lo = rowP < rowQ ? rowP : rowQ;
  const hi = rowP < rowQ ? rowQ : rowP;
  if (w < bestWeight[c] || (w === bestWeight[c] && (lo < bestA[c] || (lo === bestA[c] && hi < bestB[c])))) {
    bestWeight[c] = w;
    bestA[c] = lo;
    bestB[c] = hi;
    s.bestFrom[c] = p;
    s.bestTo[c] = q;
  }
}

/**
 * Offers p's listed neighbours; true when that settles p's lightest edge: its weight is the
 * least possible (core[p]) and the list holds every point that could reach it. Round 1 only,
 * when every point is its own component.
 */
export function settleFromNeighbours(s: BoruvkaState, p: number, lists: NeighbourLists): boolean {
  const { k, positions, minExcludedSq } = lists;
  const { dims, points, coreAt, alpha } = s;
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
    const distance = scaled(Math.sqrt(sum), alpha);
    let weight = coreP > coreAt[q] ? coreP : coreAt[q];
    if (distance > weight) weight = distance;
    offer(s, p, p, q, weight);
  }
  const listComplete = alpha <= 1 && !(Math.sqrt(minExcludedSq[p]) / alpha <= coreP);
  return listComplete && s.bestWeight[p] === coreP;
}

/** Searches from one point for an edge leaving its component that beats the component's best. */
export type SearchFrom = (p: number, c: number) => void;

/**
 * The search from a point, over the state `s`. It is built as a closure over constants (here
 * and in makeScanLeaf) rather than as a function of `s`: reading the arrays from a captured
 * binding instead of from `s` on each call measured 6 to 10% faster on a first, cold fit.
 *
 * The search is depth first. Each popped node is (1) skipped if it cannot help: all of c's
 * own, or every edge from p into it weighs more than c's best (the larger of its box distance
 * and the smaller core distances bounds them), or ties it without winning the row tie-break;
 * then (2) an inner node pushes its children that might help, the nearer on top; (3) a leaf is
 * scanned. Steps (1) and (2) stay in the loop: a call per inner node cost 10 to 15%.
 */
export function makeSearchFrom(s: BoruvkaState): SearchFrom {
  const scanLeaf = makeScanLeaf(s);
  const { nodeComponent, nodeMinCore, nodeMinRow, bestA, bestB, alpha, nodeRight, stack, stackGap } = s;
  const { coreAt, index, dims, points, lower, upper, boxDistance, bestWeight } = s;
  return function searchFrom(p: number, c: number): void {
    const coreP = coreAt[p];
    const rowP = index[p];
    const offsetP = p * dims;
    let best = bestWeight[c];
    let bestSq = pruneSq(best, alpha);
    let clearSq = surelyBelowSq(best, alpha);
    let top = 0;
    stack[top] = 0;
    stackGap[top++] = 0;
    while (top > 0) {
      const node = stack[--top];
      const gapSq = stackGap[top];
      // (1) Can the node hold an edge that beats c's best? Below clearSq the box is nearer
      // than `best` and cannot decide the bound.
      if (nodeComponent[node] === c) continue;
      const coreBound = coreP > nodeMinCore[node] ? coreP : nodeMinCore[node];
      if (coreBound > best || gapSq > bestSq) continue;
      const gap = gapSq < clearSq ? 0 : scaled(Math.sqrt(gapSq), alpha);
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
        // (2) Children are checked again when popped, the bound having moved by then.
        const left = node + 1;
        const leftGap = nodeComponent[left] === c || nodeMinCore[left] > best ? Infinity : boxDistance(lower, upper, left * dims, points, offsetP);
        const rightGap = nodeComponent[right] === c || nodeMinCore[right] > best ? Infinity : boxDistance(lower, upper, right * dims, points, offsetP);
        const nearFirst = leftGap <= rightGap;
        const farGap = nearFirst ? rightGap : leftGap;
        const nearGap = nearFirst ? leftGap : rightGap;
        if (farGap <= bestSq) {
          stack[top] = nearFirst ? right : left;
          stackGap[top++] = farGap;
        }
        if (nearGap <= bestSq) {
          stack[top] = nearFirst ? left : right;
          stackGap[top++] = nearGap;
        }
        continue;
      }
      // (3)
      best = scanLeaf(node, p, c, best, bestSq);
      bestSq = pruneSq(best, alpha);
      clearSq = surelyBelowSq(best, alpha);
    }
  };
}

/** Offers p's edges to the points of a leaf outside c; returns c's best weight afterwards. */
function makeScanLeaf(s: BoruvkaState): (node: number, p: number, c: number, best: number, bestSq: number) => number {
  const { component, coreAt, alpha, dims, points, nodeStart, nodeEnd, leaf, bestWeight, leafDistances } = s;
  return function scanLeaf(node: number, p: number, c: number, best: number, bestSq: number): number {
    const coreP = coreAt[p];
    const start = nodeStart[node];
    const end = nodeEnd[node];
    leafDistances(points, start, end, points, p * dims, leaf);
    for (let q = start; q < end; q++) {
      if (component[q] === c) continue;
      const coreQ = coreAt[q];
      if (coreQ > best) continue;
      const sum = leaf[q - start];
      if (sum > bestSq) continue;
      let weight = coreP > coreQ ? coreP : coreQ;
      // Mostly the larger core distance is the weight; the root is needed only when it may not be.
      if (!(sum < surelyBelowSq(weight, alpha))) {
        const distance = scaled(Math.sqrt(sum), alpha);
        if (distance > weight) weight = distance;
      }
      if (weight <= best) {
        offer(s, c, p, q, weight);
        best = bestWeight[c];
        bestSq = pruneSq(best, alpha);
      }
    }
    return best;
  };
}

/**
 * Adds every component's chosen edge and merges the components, then forgets the round's
 * bests. (Three loops in three functions: each is compiled on its own while it runs, rather
 * than one function being compiled mid-loop and thrown away on reaching the next loop.)
 */
export function addChosenEdges(s: BoruvkaState): void {
  const before = s.edges;
  s.edges = addEdges(s);
  if (s.edges === before) throw new Error('boruvka: no edge added in a round (non-finite coordinates?)');
  relabelComponents(s.component, s.components);
  s.bestWeight.fill(Infinity);
  s.bestA.fill(NO_ROW);
  s.bestB.fill(NO_ROW);
  s.bestFrom.fill(-1);
}

/** Appends the chosen edge of every component root not yet joined this round; returns the edge count. */
function addEdges(s: BoruvkaState): number {
  const { size: n, component, bestFrom, bestTo, bestA, bestB, bestWeight, components, edgeA, edgeB, edgeWeight } = s;
  let edges = s.edges;
  for (let c = 0; c < n; c++) {
    if (component[c] !== c || bestFrom[c] < 0) continue;
    if (components.union(bestFrom[c], bestTo[c]) < 0) continue; // both sides chose this edge
    edgeA[edges] = bestA[c];
    edgeB[edges] = bestB[c];
    edgeWeight[edges] = bestWeight[c];
    edges++;
  }
  return edges;
}

function relabelComponents(component: Int32Array, components: UnionFind): void {
  for (let p = 0; p < component.length; p++) component[p] = components.find(p);
}

/** nodeComponent[node] = the component of all of the node's points, or -1 when they differ. */
export function markPureNodes(s: BoruvkaState): void {
  const { nodeStart, nodeEnd, nodeRight, component, nodeComponent } = s;
  for (let node = s.tree.nodeCount - 1; node >= 0; node--) {
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
