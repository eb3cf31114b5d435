import { expect, it } from 'vitest';
import { createContext } from '../../src/types/context.js';
import type { ClusterOptions, Clusterer } from '../../src/cluster/types.js';
import { makeBlobs } from '../../bench/data.js';

/** The contract every Clusterer meets. */
export function clustererConformance(make: (options: ClusterOptions) => Clusterer, extra: Record<string, unknown> = {}): void {
  const { data } = makeBlobs({ n: 300, dims: 4, centers: 4, std: 0.5, seed: 11 });

  it('conformance: labels are -1 or 0..k-1 with every cluster used; probabilities in [0, 1]', async () => {
    const result = await make({ minClusterSize: 10, ...extra }).fit(data, createContext());
    expect(result.labels).toHaveLength(data.rows);
    expect(result.probabilities).toHaveLength(data.rows);
    const used = new Set<number>();
    result.labels.forEach((label, i) => {
      expect(label).toBeGreaterThanOrEqual(-1);
      expect(label).toBeLessThan(result.nClusters);
      if (label >= 0) used.add(label);
      expect(result.probabilities[i]).toBeGreaterThanOrEqual(0);
      expect(result.probabilities[i]).toBeLessThanOrEqual(1);
      if (label < 0) expect(result.probabilities[i]).toBe(0);
    });
    expect(used.size).toBe(result.nClusters);
    if (result.outlierScores) expect(result.outlierScores).toHaveLength(data.rows);
  });

  it('conformance: deterministic for the same input and seed', async () => {
    const a = await make({ minClusterSize: 10, ...extra }).fit(data, createContext({ seed: 5 }));
    const b = await make({ minClusterSize: 10, ...extra }).fit(data, createContext({ seed: 5 }));
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
  });
}
