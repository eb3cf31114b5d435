import { describe, expect, it } from 'vitest';
import { createContext } from '../../src/types/context.js';
import { clusterers } from '../../src/cluster/index.js';
import { kmeans } from '../../src/cluster/kmeans.js';
import { adjustedRandIndex } from '../../src/evaluate/statistics/ari.js';
import { createRandom } from '../../src/util/random.js';
import { gaussianBlobs } from './hdbscan/blobs.js';

describe('kmeans', () => {
  const { points, truth } = gaussianBlobs(
    [
      [0, 0, 0],
      [10, 0, 0],
      [0, 10, 0],
      [0, 0, 10],
    ],
    60,
    1,
    12,
  );

  it('recovers separated blobs, every point assigned with probability 1', async () => {
    const result = await clusterers.get('kmeans').create({ minClusterSize: 2, k: 4 }).fit(points, createContext({ seed: 3 }));
    expect(result.nClusters).toBe(4);
    expect(result.outlierScores).toBeNull();
    expect(result.probabilities.every((p) => p === 1)).toBe(true);
    expect(adjustedRandIndex(result.labels, truth)).toBe(1);
  });

  it('is reproducible from the seed and converges', () => {
    const a = kmeans(points, { k: 4 }, createRandom(9));
    const b = kmeans(points, { k: 4 }, createRandom(9));
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
    expect(a.iterations).toBeLessThan(300);
    // Each centre is the mean of its points.
    for (let c = 0; c < 4; c++) {
      const members = Array.from(a.labels.keys()).filter((i) => a.labels[i] === c);
      for (let j = 0; j < 3; j++) {
        const mean = members.reduce((s, i) => s + points.data[i * 3 + j], 0) / members.length;
        expect(a.centres.data[c * 3 + j]).toBeCloseTo(mean, 10);
      }
    }
  });

  it('needs a valid k', () => {
    expect(() => clusterers.get('kmeans').create({ minClusterSize: 2 })).toThrow(/option k is required/);
    expect(() => kmeans(points, { k: points.rows + 1 }, createRandom(1))).toThrow(/exceeds the number of points/);
  });
});
