import { describe, expect, it } from 'vitest';
import { kthNeighbourDistances } from '../../../src/cluster/hdbscan/coreDistances.js';
import { buildKdTree } from '../../../src/cluster/hdbscan/kdTree.js';
import { bruteForceKthNeighbourDistances, primSpanningTree } from '../../../src/cluster/hdbscan/primSpanningTree.js';
import { boruvkaSpanningTree, edgeBefore, type SpanningTree } from '../../../src/cluster/hdbscan/spanningTree.js';
import { createRandom } from '../../../src/util/random.js';
import type { Matrix } from '../../../src/util/matrix.js';

/**
 * The fast path (k-d tree core distances, Boruvka) against the exact O(n^2) reference (brute
 * force, Prim) on random inputs, many of them on small integer grids so that distances and
 * mutual-reachability weights tie massively. Under the (weight, row, row) edge order the
 * spanning tree is unique, so the two must agree edge for edge, bit for bit.
 */
function edgeSet(tree: SpanningTree): string[] {
  return Array.from(tree.weight, (w, i) => `${tree.a[i]}-${tree.b[i]}@${w}`).sort();
}

function randomCase(seed: number): { matrix: Matrix; k: number; alpha: number; leafSize: number; keepNeighbours: boolean } {
  const random = createRandom(seed);
  const n = 2 + random.int(250);
  const dims = 1 + random.int(6);
  const grid = [2, 3, 5, 0][random.int(4)]; // 0: continuous normal coordinates
  const data = new Float64Array(n * dims);
  for (let i = 0; i < data.length; i++) data[i] = grid === 0 ? random.normal() : random.int(grid);
  return {
    matrix: { rows: n, cols: dims, data },
    k: Math.min(n, 2 + random.int(12)),
    alpha: [1, 1, 0.5, 1.7][random.int(4)],
    leafSize: 1 + random.int(30),
    keepNeighbours: random.next() < 0.75,
  };
}

describe('spanning tree: Boruvka over the k-d tree equals exact Prim', () => {
  for (let seed = 0; seed < 60; seed++) {
    it(`random case ${seed}`, () => {
      const { matrix, k, alpha, leafSize, keepNeighbours } = randomCase(seed);
      const tree = buildKdTree(matrix, leafSize);
      const fast = kthNeighbourDistances(tree, k, { keepNeighbours });
      const exact = bruteForceKthNeighbourDistances(matrix, k);
      expect(Array.from(fast.byRow)).toEqual(Array.from(exact));
      const boruvka = boruvkaSpanningTree(tree, fast.byRow, { alpha, neighbours: fast.neighbours });
      const prim = primSpanningTree(matrix, exact, alpha);
      expect(edgeSet(boruvka)).toEqual(edgeSet(prim));
    });
  }

  it('all-identical points: every weight is 0 and ties resolve to a star on row 0', () => {
    const matrix = { rows: 50, cols: 3, data: new Float64Array(150).fill(2.5) };
    const tree = buildKdTree(matrix, 4);
    const core = kthNeighbourDistances(tree, 6, { keepNeighbours: true });
    const mst = boruvkaSpanningTree(tree, core.byRow, { neighbours: core.neighbours });
    expect(Array.from(mst.weight).every((w) => w === 0)).toBe(true);
    expect(edgeSet(mst)).toEqual(Array.from({ length: 49 }, (_, i) => `0-${i + 1}@0`).sort());
  });

  it('the edge order is (weight, smaller row, larger row)', () => {
    expect(edgeBefore(1, 5, 9, 2, 0, 1)).toBe(true);
    expect(edgeBefore(1, 2, 9, 1, 3, 4)).toBe(true);
    expect(edgeBefore(1, 2, 4, 1, 2, 9)).toBe(true);
    expect(edgeBefore(1, 2, 4, 1, 2, 4)).toBe(false);
  });
});
