import { describe, expect, it } from 'vitest';
import { ALL_PAIRS_BELOW, groupHashes, hammingDistance, type HashGroup } from '../../src/duplicates/index.js';
import { createRandom } from '../../src/util/random.js';

const flip = (value: bigint, ...bits: number[]): bigint => bits.reduce((v, bit) => v ^ (1n << BigInt(bit)), value);

/** Set bits, by Kernighan's loop (another way than the implementation's). */
function bitCount(word: number): number {
  let count = 0;
  for (let x = word >>> 0; x !== 0; x = (x & (x - 1)) >>> 0) count++;
  return count;
}

/** The definition itself: every pair compared, components by repeated relabelling. */
function referenceGroups(values: readonly bigint[], maxDistance: number): number[][] {
  const label = values.map((_, i) => i);
  const hi = values.map((v) => Number(v >> 32n));
  const lo = values.map((v) => Number(v & 0xffffffffn));
  for (let i = 0; i < values.length; i++) {
    for (let j = i + 1; j < values.length; j++) {
      if (bitCount(hi[i] ^ hi[j]) + bitCount(lo[i] ^ lo[j]) > maxDistance || label[i] === label[j]) continue;
      const [keep, drop] = [Math.min(label[i], label[j]), Math.max(label[i], label[j])];
      for (let k = 0; k < label.length; k++) if (label[k] === drop) label[k] = keep;
    }
  }
  const byLabel = new Map<number, number[]>();
  label.forEach((l, i) => byLabel.set(l, [...(byLabel.get(l) ?? []), i]));
  return [...byLabel.values()].filter((members) => members.length > 1);
}

/** Random 64-bit hashes, one in five with a few near copies (up to `spread` bits flipped). */
function plantedHashes(n: number, spread: number, seed: number): bigint[] {
  const random = createRandom(seed);
  const word = () => BigInt(random.int(2 ** 32));
  const values: bigint[] = [];
  while (values.length < n) {
    const base = (word() << 32n) | word();
    values.push(base);
    if (random.next() < 0.2) {
      for (let copies = 1 + random.int(3); copies > 0 && values.length < n; copies--) {
        values.push(flip(base, ...Array.from({ length: 1 + random.int(spread) }, () => random.int(64))));
      }
    }
  }
  return values;
}

const membersOf = (groups: readonly HashGroup[]) => groups.map((g) => g.members);

describe('groupHashes', () => {
  const a = 0x0123456789abcdefn;

  it('joins pairs within the distance transitively: a chain is one group, with each member\'s distance to the representative', () => {
    const b = flip(a, 0, 1, 2);
    const c = flip(b, 10, 11, 12);
    const far = ~a & 0xffffffffffffffffn;
    const groups = groupHashes([a, far, b, c], { maxDistance: 3 });
    expect(groups).toEqual([{ id: 1, members: [0, 2, 3], representative: 0, distances: [0, 3, 6] }]);
    expect(groupHashes([a, far, b, c], { maxDistance: 2 })).toEqual([]);
  });

  it('joins identical hashes at distance 0 and leaves singletons out', () => {
    expect(membersOf(groupHashes([a, 5n, a, 7n, a], { maxDistance: 0 }))).toEqual([[0, 2, 4]]);
    expect(groupHashes([1n, 2n, 4n], { maxDistance: 0 })).toEqual([]);
  });

  it('numbers groups by their first member and lets the caller choose the representative', () => {
    const values = [a, 0n, flip(a, 5), 1n, flip(a, 9)];
    const groups = groupHashes(values, { maxDistance: 2 });
    expect(groups.map((g) => [g.id, g.members])).toEqual([[1, [0, 2, 4]], [2, [1, 3]]]);
    const largest = [10, 1, 30, 1, 30];
    const chosen = groupHashes(values, { maxDistance: 2, prefer: (x, y) => largest[y] - largest[x] });
    // 2 and 4 tie on size: the earlier one stands for the group.
    expect(chosen[0]).toMatchObject({ representative: 2, distances: [1, 0, 2] });
  });

  it('is deterministic, and the same groups (as sets) whatever the input order', () => {
    const values = plantedHashes(600, 4, 1);
    const once = groupHashes(values, { maxDistance: 6 });
    expect(groupHashes(values, { maxDistance: 6 })).toEqual(once);
    const order = values.map((_, i) => i).reverse();
    const shuffled = groupHashes(order.map((i) => values[i]), { maxDistance: 6 });
    const asSets = (groups: readonly HashGroup[], map: (i: number) => number) =>
      groups.map((g) => g.members.map(map).sort((x, y) => x - y).join(',')).sort();
    expect(asSets(shuffled, (i) => order[i])).toEqual(asSets(once, (i) => i));
  });

  it.each([3, 7, 10, 13])('finds exactly the components of the definition by multi-index hashing (3,000 hashes, distance %i)', (maxDistance) => {
    const values = plantedHashes(3000, 8, maxDistance);
    expect(values.length).toBeGreaterThan(ALL_PAIRS_BELOW);
    const groups = groupHashes(values, { maxDistance });
    expect(groups.length).toBeGreaterThan(50);
    expect(membersOf(groups)).toEqual(referenceGroups(values, maxDistance));
    for (const g of groups) g.members.forEach((m, i) => expect(g.distances[i]).toBe(hammingDistance(values[m], values[g.representative])));
  });

  it('compares every pair where multi-index hashing would search too wide (distance 16 and above)', () => {
    const values = plantedHashes(2500, 12, 5);
    expect(membersOf(groupHashes(values, { maxDistance: 16 }))).toEqual(referenceGroups(values, 16));
  });

  it('groups 100,000 hashes at distance 10 in seconds, not the hours of every pair', () => {
    const values = plantedHashes(100_000, 6, 7);
    const started = performance.now();
    const groups = groupHashes(values, { maxDistance: 10 });
    expect((performance.now() - started) / 1000).toBeLessThan(20);
    expect(groups.length).toBeGreaterThan(14_000);
  });

  it('refuses a distance outside 0..64 and values that are not 64-bit', () => {
    expect(() => groupHashes([1n], { maxDistance: -1 })).toThrow(/0 to 64/);
    expect(() => groupHashes([1n << 64n], { maxDistance: 1 })).toThrow(/64-bit/);
  });
});
