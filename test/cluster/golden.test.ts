import { describe, expect, it } from 'vitest';
import { clusterers } from '../../src/cluster/index.js';
import { createContext } from '../../src/types/context.js';
import { goldenBlobs, hashOfArrays } from '../support/golden.js';

/**
 * Golden hashes of HDBSCAN and k-means results: the bytes of labels, membership probabilities
 * and outlier scores for a fixed input. HDBSCAN has no randomness, k-means draws from the
 * stream the pipeline derives for it; either way the same input must give the same bytes. A
 * change to these hashes changes published results: update them only for an intended change of
 * the arithmetic, and say why in its commit.
 */
const input = goldenBlobs(2_000, 5, 8, 7);

describe('clusterings, golden hashes', () => {
  it('uses the golden input', () => {
    expect(hashOfArrays(input.data)).toBe('8c0b69a0a7c61450ac9d08a71c595bbf26b89650605c40efdd146fc093db2ebc');
  });

  it.each([
    ['eom', { minClusterSize: 15 }, 'd27e4a30c9efea925a876cb7e8f6621bd9aa685a924fbbe9ab82cb4a606cc991'],
    ['leaf, small clusters', { minClusterSize: 5, clusterSelectionMethod: 'leaf' }, '4c5558ba434dc74f9208e595e520983fbf9678367f864947e74b7edd34df64ce'],
  ] as const)('HDBSCAN (%s)', async (_name, options, golden) => {
    const result = await clusterers.get('hdbscan').create(options).fit(input, createContext());
    expect(result.nClusters).toBeGreaterThan(1);
    expect(hashOfArrays(result.labels, result.probabilities, result.outlierScores!)).toBe(golden);
  });

  it('k-means, seeded', async () => {
    const result = await clusterers.get('kmeans').create({ minClusterSize: 2, k: 8 }).fit(input, createContext({ seed: 42 }));
    expect(hashOfArrays(result.labels)).toBe('702a5a60a8c8e9319d95667ed123186abeaafbc0efb39128e6c60e909736bd67');
  });
});
