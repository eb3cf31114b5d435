import { describe, expect, it } from 'vitest';
import { knnLabelPurity, trustworthiness } from '../../../src/evaluate/statistics/embedding-quality.js';
import { createMatrix, fromRows } from '../../../src/util/matrix.js';
import { createRandom } from '../../../src/util/random.js';

function randomPoints(n: number, d: number, seed: number) {
  const random = createRandom(seed);
  return createMatrix(n, d, Float64Array.from({ length: n * d }, () => random.normal()));
}

/** sklearn's formula computed the long way: full argsort of every row. */
function naiveTrustworthiness(high: number[][], low: number[][], k: number): number {
  const n = high.length;
  const dist = (a: number[], b: number[]) => a.reduce((s, v, i) => s + (v - b[i]) ** 2, 0);
  let t = 0;
  for (let i = 0; i < n; i++) {
    const order = [...Array(n).keys()].filter((j) => j !== i).sort((a, b) => dist(high[i], high[a]) - dist(high[i], high[b]) || a - b);
    const rank = new Map(order.map((j, r) => [j, r + 1]));
    const lowOrder = [...Array(n).keys()].filter((j) => j !== i).sort((a, b) => dist(low[i], low[a]) - dist(low[i], low[b]) || a - b);
    for (const j of lowOrder.slice(0, k)) t += Math.max(0, rank.get(j)! - k);
  }
  return 1 - (2 / (n * k * (2 * n - 3 * k - 1))) * t;
}

describe('trustworthiness', () => {
  it('is 1 for an isometric embedding and matches the naive definition otherwise', () => {
    const high = randomPoints(60, 6, 1);
    expect(trustworthiness(high, high, 5)).toBe(1);
    const low = randomPoints(60, 2, 2);
    const rows = (m: typeof high) => Array.from({ length: m.rows }, (_, i) => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
    expect(trustworthiness(high, low, 5)).toBeCloseTo(naiveTrustworthiness(rows(high), rows(low), 5), 12);
    expect(trustworthiness(high, low, 5)).toBeLessThan(0.8);
  });

  it('agrees with a worked example (4 points on a line, one swapped)', () => {
    // Original order 0,1,2,3,4,5 on a line; the embedding swaps points 0 and 5.
    const high = fromRows([[0], [1], [2], [3], [4], [5]]);
    const low = fromRows([[5], [1], [2], [3], [4], [0]]);
    const expected = naiveTrustworthiness([[0], [1], [2], [3], [4], [5]], [[5], [1], [2], [3], [4], [0]], 2);
    expect(trustworthiness(high, low, 2)).toBeCloseTo(expected, 14);
    expect(expected).toBeLessThan(1);
  });

  it('supports cosine distances in the original space and rejects k >= n/2', () => {
    const high = randomPoints(30, 4, 3);
    const scaled = createMatrix(30, 4, high.data.map((v, i) => v * (1 + (Math.floor(i / 4) % 3))));
    // Scaling rows changes no cosine distance.
    expect(trustworthiness(scaled, high, 4, { metric: 'cosine' })).toBeCloseTo(trustworthiness(high, high, 4, { metric: 'cosine' }), 12);
    expect(() => trustworthiness(high, high, 15)).toThrow(/below n\/2/);
  });
});

describe('knnLabelPurity', () => {
  it('is 1 for separated groups and about the chance level for noise', () => {
    const separated = fromRows([[0], [0.1], [0.2], [10], [10.1], [10.2]]);
    expect(knnLabelPurity(separated, [0, 0, 0, 1, 1, 1], 2)).toBe(1);
    const random = createRandom(4);
    const noise = randomPoints(400, 2, 5);
    const labels = Int32Array.from({ length: 400 }, () => random.int(4));
    expect(knnLabelPurity(noise, labels, 10)).toBeGreaterThan(0.15);
    expect(knnLabelPurity(noise, labels, 10)).toBeLessThan(0.35);
  });
});
