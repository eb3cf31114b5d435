import { describe, expect, it } from 'vitest';
import { singleLinkage, sortedEdgeOrder } from '../../../src/cluster/hdbscan/singleLinkage.js';
import { edgeBefore } from '../../../src/cluster/hdbscan/spanningTree.js';
import { createRandom } from '../../../src/util/random.js';

describe('single linkage', () => {
  it('orders edges by (weight, smaller row, larger row), ties and all', () => {
    const random = createRandom(5);
    const m = 5000;
    const a = new Int32Array(m);
    const b = new Int32Array(m);
    const weight = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      a[i] = random.int(100_000);
      b[i] = a[i] + 1 + random.int(100_000);
      // Few distinct weights, some zero and some large, so ties abound.
      weight[i] = [0, 0.5, 1, 1e-300, 3.75, 1e300][random.int(6)];
    }
    const order = sortedEdgeOrder({ a, b, weight });
    const expected = Int32Array.from({ length: m }, (_, i) => i).sort(
      (x, y) => weight[x] - weight[y] || a[x] - a[y] || b[x] - b[y],
    );
    expect(Array.from(order)).toEqual(Array.from(expected));
    for (let i = 1; i < m; i++) {
      const [x, y] = [order[i - 1], order[i]];
      expect(edgeBefore(weight[y], a[y], b[y], weight[x], a[x], b[x])).toBe(false);
    }
  });

  it('builds scipy-style merges with sizes', () => {
    // Path 0-1 (1), 1-2 (2), 3-4 (1.5), 2-3 (5).
    const tree = {
      a: Int32Array.from([1, 0, 2, 3]),
      b: Int32Array.from([2, 1, 3, 4]),
      weight: Float64Array.from([2, 1, 5, 1.5]),
    };
    const linkage = singleLinkage(tree);
    // Merges: {0,1} -> 5, {3,4} -> 6, 5 + {2} -> 7, 7 + 6 -> 8; left is the smaller row's side.
    expect(Array.from(linkage.left)).toEqual([0, 3, 5, 7]);
    expect(Array.from(linkage.right)).toEqual([1, 4, 2, 6]);
    expect(Array.from(linkage.distance)).toEqual([1, 1.5, 2, 5]);
    expect(Array.from(linkage.size)).toEqual([2, 2, 3, 5]);
  });
});
