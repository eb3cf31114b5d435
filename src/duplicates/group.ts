import { popcount32 } from './hamming.js';

/** One group of near-duplicates: indices into the hashed list. */
export interface HashGroup {
  /** 1, 2, ...: groups are numbered in the order of their first member. */
  readonly id: number;
  /** Every member, ascending (input order); always two or more. */
  readonly members: readonly number[];
  /** The member chosen to stand for the group (see `GroupOptions.prefer`). */
  readonly representative: number;
  /** Each member's Hamming distance to the representative, in the order of `members`. */
  readonly distances: readonly number[];
}

export interface GroupOptions {
  /**
   * Most bits two hashes may differ in to be joined (0: identical hashes only). Groups are the
   * connected components of "within maxDistance", so a chain a~b~c is one group even where a
   * and c differ in more: distances to the representative are reported for that reason.
   */
  readonly maxDistance: number;
  /**
   * Orders members for the choice of representative: negative when `a` should stand for the
   * group rather than `b`. Default: the earliest (lowest index). Ties go to the earliest too.
   */
  readonly prefer?: (a: number, b: number) => number;
}

/** Below this many distinct hashes every pair is compared: n (n - 1) / 2 popcounts, under 2 ms. */
export const ALL_PAIRS_BELOW = 2048;

/**
 * Groups near-identical hashes (of at most 64 bits): every pair within `maxDistance` is joined
 * with union-find, and every component of two or more is a group. Identical values are joined
 * first; the distinct values are then compared pair by pair when there are few of them (or
 * `maxDistance` is large), else found by multi-index hashing: the 64 bits are cut into four
 * 16-bit chunks, and since two hashes within d differ in at most floor(d / 4) bits of at least
 * one chunk (pigeonhole), only the values whose chunk lies within that radius of the query's
 * chunk are compared, found through four tables of 65,536 buckets. Deterministic: the same values
 * in the same order give the same groups, members, ids and representatives.
 *
 * @see https://doi.org/10.1109/TPAMI.2015.2408363 (Norouzi, Punjani & Fleet 2014, Fast exact search in Hamming space with multi-index hashing)
 */
export function groupHashes(values: readonly bigint[], options: GroupOptions): HashGroup[] {
  const maxDistance = options.maxDistance;
  if (!Number.isInteger(maxDistance) || maxDistance < 0 || maxDistance > 64) throw new RangeError(`maxDistance must be a whole number from 0 to 64, got ${maxDistance}`);
  // Identical values first: each distinct value once, in order of first appearance.
  const firstOf = new Map<bigint, number>();
  const distinctOf = new Int32Array(values.length);
  const distinct: bigint[] = [];
  values.forEach((value, index) => {
    if (value < 0n || value >= 1n << 64n) throw new RangeError(`hash ${index} is not a 64-bit unsigned value`);
    let slot = firstOf.get(value);
    if (slot === undefined) {
      slot = distinct.length;
      firstOf.set(value, slot);
      distinct.push(value);
    }
    distinctOf[index] = slot;
  });
  const hi = new Uint32Array(distinct.length);
  const lo = new Uint32Array(distinct.length);
  distinct.forEach((value, i) => {
    hi[i] = Number(value >> 32n);
    lo[i] = Number(value & 0xffffffffn);
  });
  const sets = new DisjointSets(distinct.length);
  const radius = Math.floor(maxDistance / 4);
  if (distinct.length < ALL_PAIRS_BELOW || radius > 3) joinAllPairs(hi, lo, maxDistance, sets);
  else joinByMultiIndex(hi, lo, maxDistance, radius, sets);
  return collectGroups(values.length, distinctOf, hi, lo, sets, options.prefer ?? ((a, b) => a - b));
}

const distanceOf = (hi: Uint32Array, lo: Uint32Array, i: number, j: number): number => popcount32(hi[i] ^ hi[j]) + popcount32(lo[i] ^ lo[j]);

function joinAllPairs(hi: Uint32Array, lo: Uint32Array, maxDistance: number, sets: DisjointSets): void {
  for (let i = 0; i < hi.length; i++) {
    for (let j = i + 1; j < hi.length; j++) if (distanceOf(hi, lo, i, j) <= maxDistance) sets.union(i, j);
  }
}

const CHUNKS = 4;
const CHUNK_BITS = 16;

/** The 16-bit chunk `c` (0: most significant) of value `i`. */
const chunkOf = (hi: Uint32Array, lo: Uint32Array, i: number, c: number): number =>
  c === 0 ? hi[i] >>> 16 : c === 1 ? hi[i] & 0xffff : c === 2 ? lo[i] >>> 16 : lo[i] & 0xffff;

/** Every 16-bit mask with at most `radius` bits set. */
function masksWithin(radius: number): Int32Array {
  const masks: number[] = [];
  // Ascending, so 0 (the bucket itself) comes first.
  for (let mask = 0; mask < 1 << CHUNK_BITS; mask++) if (popcount32(mask) <= radius) masks.push(mask);
  return Int32Array.from(masks);
}

function joinByMultiIndex(hi: Uint32Array, lo: Uint32Array, maxDistance: number, radius: number, sets: DisjointSets): void {
  const n = hi.length;
  const buckets = 1 << CHUNK_BITS;
  const masks = masksWithin(radius);
  const start = new Int32Array(buckets + 1);
  const entry = new Int32Array(n);
  for (let c = 0; c < CHUNKS; c++) {
    // The table of chunk c, as compressed rows: bucket b holds entry[start[b]] .. entry[start[b + 1] - 1].
    start.fill(0);
    for (let i = 0; i < n; i++) start[chunkOf(hi, lo, i, c) + 1]++;
    for (let b = 0; b < buckets; b++) start[b + 1] += start[b];
    const fill = start.slice(0, buckets);
    for (let i = 0; i < n; i++) entry[fill[chunkOf(hi, lo, i, c)]++] = i;
    // Bucket by bucket rather than value by value: each pair of buckets within the radius is
    // visited once (from the lower), so empty buckets and repeated lookups cost nothing.
    for (let b = 0; b < buckets; b++) {
      const firstA = start[b];
      const endA = start[b + 1];
      if (firstA === endA) continue;
      for (let a = firstA; a < endA; a++) {
        for (let e = a + 1; e < endA; e++) if (distanceOf(hi, lo, entry[a], entry[e]) <= maxDistance) sets.union(entry[a], entry[e]);
      }
      for (let m = 1; m < masks.length; m++) {
        const other = b ^ masks[m];
        if (other < b) continue;
        const endB = start[other + 1];
        for (let e = start[other]; e < endB; e++) {
          const j = entry[e];
          for (let a = firstA; a < endA; a++) if (distanceOf(hi, lo, entry[a], j) <= maxDistance) sets.union(entry[a], j);
        }
      }
    }
  }
}

function collectGroups(
  count: number,
  distinctOf: Int32Array,
  hi: Uint32Array,
  lo: Uint32Array,
  sets: DisjointSets,
  prefer: (a: number, b: number) => number,
): HashGroup[] {
  const byRoot = new Map<number, number[]>();
  for (let index = 0; index < count; index++) {
    const root = sets.find(distinctOf[index]);
    const members = byRoot.get(root);
    if (members) members.push(index);
    else byRoot.set(root, [index]);
  }
  // Map order is the order of each component's first member, and members are ascending.
  const groups: HashGroup[] = [];
  for (const members of byRoot.values()) {
    if (members.length < 2) continue;
    const representative = members.reduce((best, m) => (prefer(m, best) < 0 ? m : best));
    groups.push({
      id: groups.length + 1,
      members,
      representative,
      distances: members.map((m) => distanceOf(hi, lo, distinctOf[m], distinctOf[representative])),
    });
  }
  return groups;
}

/** Union-find with path halving and union by size. */
class DisjointSets {
  private readonly parent: Int32Array;
  private readonly size: Int32Array;

  constructor(n: number) {
    this.parent = Int32Array.from({ length: n }, (_, i) => i);
    this.size = new Int32Array(n).fill(1);
  }

  find(i: number): number {
    let x = i;
    while (this.parent[x] !== x) {
      this.parent[x] = this.parent[this.parent[x]];
      x = this.parent[x];
    }
    return x;
  }

  union(a: number, b: number): void {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return;
    if (this.size[ra] < this.size[rb]) [ra, rb] = [rb, ra];
    this.parent[rb] = ra;
    this.size[ra] += this.size[rb];
  }
}
