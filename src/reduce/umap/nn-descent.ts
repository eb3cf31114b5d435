import type { Random } from '../../util/random.js';
import { createNeighborHeaps, pushNeighbor, sortHeaps, type NeighborHeaps } from './neighbor-heap.js';
import type { PairDistances } from './pair-distances.js';
import { buildForestLeaves } from './rp-forest.js';
import type { SearchSpace } from './search-space.js';

export interface NnDescentOptions {
  /** Neighbours per point, excluding the point itself. */
  readonly neighbors: number;
  readonly random: Random;
  /** Evaluates the candidate pairs (possibly on several threads). */
  readonly pairs: PairDistances;
  /** Trees in the initialising forest; default as umap-learn: min(64, 5 + round(sqrt(n) / 20)). */
  readonly trees?: number;
  /** Default as umap-learn: max(5, round(log2 n)). */
  readonly iterations?: number;
  /** Candidates per point and iteration; umap-learn passes 60. */
  readonly maxCandidates?: number;
  /** Stop when fewer than delta·k·n neighbours changed in an iteration. Default 0.001. */
  readonly delta?: number;
  /** Called after each iteration with (iteration, changes). */
  readonly onIteration?: (iteration: number, changes: number) => void;
}

/** Points whose candidate lists are expanded together against one snapshot of the thresholds. */
const BLOCK_SIZE = 16384;

/**
 * Approximate k nearest neighbours by nearest-neighbour descent (Dong, Moses & Li 2011) as
 * pynndescent runs it for umap-learn: a random-projection forest seeds the neighbour heaps,
 * random points fill any gaps, then each iteration samples up to `maxCandidates` new and old
 * candidates per point (random priorities, forward and reverse neighbours), evaluates
 * new-new and new-old pairs, and admits every pair closer than either endpoint's current
 * worst neighbour. Updates are generated per block of points against the thresholds at the
 * start of the block and then applied in a fixed order, so the result depends only on the seed
 * (not on how many threads evaluate the distances).
 *
 * The point itself is excluded from its heap (umap-learn's first neighbour is always the
 * point at distance 0); `neighbors` counts the others. Returns heaps sorted by distance
 * (search distances, see SearchSpace).
 * @see https://github.com/lmcinnes/pynndescent (pynndescent_.py: nn_descent, init_rp_tree, init_random, generate_graph_updates; utils.py: new_build_candidates)
 */
export function nnDescent(space: SearchSpace, options: NnDescentOptions): NeighborHeaps {
  const n = space.count;
  const k = options.neighbors;
  if (k < 1 || k >= n) throw new Error(`nnDescent needs 1 <= neighbours < points, got ${k} of ${n}`);
  const { random } = options;
  const trees = options.trees ?? Math.min(64, 5 + Math.round(Math.sqrt(n) / 20));
  const iterations = options.iterations ?? Math.max(5, Math.round(Math.log2(n)));
  const maxCandidates = options.maxCandidates ?? 60;
  const delta = options.delta ?? 0.001;
  const heaps = createNeighborHeaps(n, k);

  // umap-learn counts the point itself among its n_neighbors; the leaf size follows that count.
  const leaves = buildForestLeaves(space, trees, Math.max(10, k + 1), random);
  const { pairs } = options;
  const offerBothWays = (p: number, q: number, d: number): void => {
    pushNeighbor(heaps, p, d, q, 1);
    pushNeighbor(heaps, q, d, p, 1);
  };
  for (let leaf = 0; leaf + 1 < leaves.starts.length; leaf++) {
    const from = leaves.starts[leaf];
    const to = leaves.starts[leaf + 1];
    for (let a = from; a < to; a++) {
      for (let b = a + 1; b < to; b++) pairs.push(leaves.indices[a], leaves.indices[b], offerBothWays);
    }
  }
  pairs.flush(offerBothWays);
  fillWithRandomNeighbors(space, heaps, random);

  const newCandidates = new Int32Array(n * maxCandidates);
  const oldCandidates = new Int32Array(n * maxCandidates);
  const candidates = new CandidateBuilder(heaps, maxCandidates);
  const updates = new UpdateList();
  const thresholds = new Float64Array(n);

  for (let iteration = 0; iteration < iterations; iteration++) {
    candidates.build(random, newCandidates, oldCandidates);
    let changes = 0;
    for (let blockStart = 0; blockStart < n; blockStart += BLOCK_SIZE) {
      const blockEnd = Math.min(n, blockStart + BLOCK_SIZE);
      for (let p = 0; p < n; p++) thresholds[p] = heaps.distances[p * k];
      updates.clear();
      const record = (p: number, q: number, d: number): void => {
        if (d <= thresholds[p] || d <= thresholds[q]) updates.push(p, q, d);
      };
      for (let i = blockStart; i < blockEnd; i++) candidatePairs(i, maxCandidates, newCandidates, oldCandidates, pairs, record);
      pairs.flush(record);
      for (let u = 0; u < updates.length; u++) {
        const p = updates.first[u];
        const q = updates.second[u];
        const d = updates.distance[u];
        changes += pushNeighbor(heaps, p, d, q, 1);
        changes += pushNeighbor(heaps, q, d, p, 1);
      }
    }
    options.onIteration?.(iteration, changes);
    if (changes <= delta * (k + 1) * n) break;
  }
  sortHeaps(heaps);
  return heaps;
}

function fillWithRandomNeighbors(space: SearchSpace, heaps: NeighborHeaps, random: Random): void {
  const { count: n, size: k } = heaps;
  for (let i = 0; i < n; i++) {
    if (heaps.indices[i * k] >= 0) continue;
    let filled = 0;
    for (let s = 0; s < k; s++) if (heaps.indices[i * k + s] >= 0) filled++;
    for (let attempt = 0; attempt < k - filled; attempt++) {
      const j = random.uint32() % n;
      if (j === i) continue;
      pushNeighbor(heaps, i, space.distance(i, j), j, 1);
    }
  }
}

/** One point's candidates of one kind (new or old), deduplicated, the lower priority kept. */
class CandidateList {
  readonly index: Int32Array;
  readonly priority: Float64Array;
  private readonly stamp: Int32Array;
  private readonly position: Int32Array;
  private readonly order: number[] = [];
  private owner = -1;
  count = 0;

  constructor(points: number, capacity: number) {
    this.index = new Int32Array(capacity);
    this.priority = new Float64Array(capacity);
    this.stamp = new Int32Array(points).fill(-1);
    this.position = new Int32Array(points);
  }

  reset(owner: number): void {
    this.owner = owner;
    this.count = 0;
  }

  offer(j: number, priority: number): void {
    if (this.stamp[j] === this.owner) {
      const at = this.position[j];
      if (priority < this.priority[at]) this.priority[at] = priority;
      return;
    }
    this.stamp[j] = this.owner;
    this.position[j] = this.count;
    this.index[this.count] = j;
    this.priority[this.count++] = priority;
  }

  /** Writes up to `limit` entries, those of lowest priority, to target[base..]. */
  writeLowest(limit: number, target: Int32Array, base: number): void {
    if (this.count <= limit) {
      target.set(this.index.subarray(0, this.count), base);
      return;
    }
    const { order, priority, index } = this;
    order.length = 0;
    for (let c = 0; c < this.count; c++) order.push(c);
    order.sort((x, y) => priority[x] - priority[y] || index[x] - index[y]);
    for (let c = 0; c < limit; c++) target[base + c] = index[order[c]];
  }
}

/** Scratch arrays for building candidate lists, allocated once per search. */
class CandidateBuilder {
  private readonly priorities: Float64Array;
  private readonly reverseStart: Int32Array;
  private readonly reverseEdge: Int32Array;
  private readonly fresh: CandidateList;
  private readonly old: CandidateList;

  constructor(
    private readonly heaps: NeighborHeaps,
    private readonly maxCandidates: number,
  ) {
    const { count: n, size: k } = heaps;
    this.priorities = new Float64Array(n * k);
    this.reverseStart = new Int32Array(n + 1);
    this.reverseEdge = new Int32Array(n * k);
    // A point's list holds at most its k neighbours and all n·k reverse edges.
    this.fresh = new CandidateList(n, n * k + k);
    this.old = new CandidateList(n, n * k + k);
  }

  /**
   * For every point, up to maxCandidates new and up to maxCandidates old candidates: its
   * neighbours and the points that have it as a neighbour (each edge with one random
   * priority, as pynndescent's new_build_candidates), the lowest priorities kept. New
   * neighbours that became candidates are then marked old. Lists are padded with -1.
   */
  build(random: Random, newCandidates: Int32Array, oldCandidates: Int32Array): void {
    const { heaps, maxCandidates, priorities, reverseStart, reverseEdge, fresh, old } = this;
    const { count: n, size: k, indices, flags } = heaps;
    reverseStart.fill(0);
    for (let e = 0; e < n * k; e++) {
      priorities[e] = random.next();
      if (indices[e] >= 0) reverseStart[indices[e] + 1]++;
    }
    for (let i = 0; i < n; i++) reverseStart[i + 1] += reverseStart[i];
    const cursor = reverseStart.slice(0, n);
    for (let e = 0; e < n * k; e++) if (indices[e] >= 0) reverseEdge[cursor[indices[e]]++] = e;

    newCandidates.fill(-1);
    oldCandidates.fill(-1);
    for (let i = 0; i < n; i++) {
      fresh.reset(i);
      old.reset(i);
      for (let e = i * k; e < i * k + k; e++) {
        if (indices[e] >= 0) (flags[e] === 1 ? fresh : old).offer(indices[e], priorities[e]);
      }
      for (let r = reverseStart[i]; r < reverseStart[i + 1]; r++) {
        const e = reverseEdge[r];
        (flags[e] === 1 ? fresh : old).offer(Math.floor(e / k), priorities[e]);
      }
      fresh.writeLowest(maxCandidates, newCandidates, i * maxCandidates);
      old.writeLowest(maxCandidates, oldCandidates, i * maxCandidates);
    }
    // Neighbours of i now among i's new candidates are no longer new.
    for (let i = 0; i < n; i++) {
      const base = i * maxCandidates;
      for (let e = i * k; e < i * k + k; e++) {
        const j = indices[e];
        if (j < 0 || flags[e] === 0) continue;
        for (let c = 0; c < maxCandidates; c++) {
          const candidate = newCandidates[base + c];
          if (candidate < 0) break;
          if (candidate === j) {
            flags[e] = 0;
            break;
          }
        }
      }
    }
  }
}

/** The pairs NN-descent evaluates for point i: new with new (each once) and new with old. */
function candidatePairs(
  i: number,
  maxCandidates: number,
  newCandidates: Int32Array,
  oldCandidates: Int32Array,
  pairs: PairDistances,
  visit: (p: number, q: number, d: number) => void,
): void {
  const base = i * maxCandidates;
  for (let a = 0; a < maxCandidates; a++) {
    const p = newCandidates[base + a];
    if (p < 0) continue;
    for (let b = a + 1; b < maxCandidates; b++) {
      const q = newCandidates[base + b];
      if (q >= 0) pairs.push(p, q, visit);
    }
    for (let b = 0; b < maxCandidates; b++) {
      const q = oldCandidates[base + b];
      if (q >= 0 && q !== p) pairs.push(p, q, visit);
    }
  }
}

/** A growable list of (p, q, distance) triples in typed arrays. */
class UpdateList {
  first = new Int32Array(1024);
  second = new Int32Array(1024);
  distance = new Float64Array(1024);
  length = 0;

  clear(): void {
    this.length = 0;
  }

  push(p: number, q: number, d: number): void {
    if (this.length === this.first.length) {
      const capacity = this.first.length * 2;
      this.first = grow(this.first, new Int32Array(capacity));
      this.second = grow(this.second, new Int32Array(capacity));
      this.distance = grow(this.distance, new Float64Array(capacity));
    }
    this.first[this.length] = p;
    this.second[this.length] = q;
    this.distance[this.length] = d;
    this.length++;
  }
}

function grow<T extends Int32Array | Float64Array>(source: T, target: T): T {
  target.set(source);
  return target;
}
