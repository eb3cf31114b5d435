import { describe, expect, it } from 'vitest';
import { reducers } from '../../src/reduce/index.js';
import { createContext } from '../../src/types/context.js';
import { goldenBlobs, hashOfArrays } from '../support/golden.js';

/**
 * Golden hashes of seeded UMAP results: the bytes of the embedding for a fixed input and seed.
 * What the README promises ("the same seed and inputs give the same coordinates") is checked
 * here on this machine's Node; on another machine a failure here is the first sign of a
 * difference. A change to these hashes changes every seeded result users have published: a
 * speed-only change (the WebAssembly kernels, the neighbour search) must keep them; a change of
 * the arithmetic must update them, say why in its commit, and note it in the changelog.
 */
const input = goldenBlobs(600, 24, 6, 20251125);

const umap = (extra: Record<string, unknown>) =>
  reducers.get('umap').create({ nComponents: 5, nNeighbors: 15, minDist: 0, metric: 'cosine', seed: 42, nEpochs: 200, ...extra });

describe('seeded UMAP, golden hashes', () => {
  it('uses the golden input', () => {
    expect(hashOfArrays(input.data)).toBe('969c05073d1ef18d291c5d7757478d741502acb84fa1d95f8679a512b27fda6e');
  });

  it('exact neighbours (below 4,096 points, as umap-learn), spectral initialisation', async () => {
    const embedding = await umap({}).fitTransform(input, createContext({ seed: 42 }));
    expect(hashOfArrays(embedding.data)).toBe('642f01bbc39907fa24981e921d99e5028859f5a4ad4c961d526420d6be175b41');
  });

  it('NN-descent neighbours (random projection forest and descent), 2-D', async () => {
    const embedding = await umap({ exactBelow: 0, nComponents: 2, minDist: 0.1 }).fitTransform(input, createContext({ seed: 42 }));
    expect(hashOfArrays(embedding.data)).toBe('fa837b3f71077e4299c9318a3b2b840d5280074d0bb989d4720024987326f2eb');
  });
});
