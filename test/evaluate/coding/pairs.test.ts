import { describe, expect, it } from 'vitest';
import { blindPairs, samplePairs, unblindPairs, type SampledPair } from '../../../src/evaluate/coding/pairs.js';
import { NOISE_LABEL, type Clustering } from '../../../src/evaluate/coding/types.js';

/** 8 clusters of 20 images and 40 noise points; ids say the cluster, as real file names often do. */
function makeClustering(): Map<string, number> {
  const clustering = new Map<string, number>();
  for (let c = 0; c < 8; c++) for (let i = 0; i < 20; i++) clustering.set(`cluster${c}-image${i}`, c);
  for (let i = 0; i < 40; i++) clustering.set(`noise-image${i}`, NOISE_LABEL);
  return clustering;
}

/** A second clustering of the same images that splits each cluster in two. */
function splitClustering(base: Clustering): Map<string, number> {
  const split = new Map<string, number>();
  for (const [id, label] of base) split.set(id, label === NOISE_LABEL ? NOISE_LABEL : label * 2 + (Number(id.split('image')[1]) % 2));
  return split;
}

function expectStratum(pair: SampledPair, clustering: Clustering): void {
  const a = clustering.get(pair.imageA)!;
  const b = clustering.get(pair.imageB)!;
  if (pair.stratum === 'noise') expect(a === NOISE_LABEL || b === NOISE_LABEL).toBe(true);
  else {
    expect(a).not.toBe(NOISE_LABEL);
    expect(b).not.toBe(NOISE_LABEL);
    expect(a === b).toBe(pair.stratum === 'within');
  }
}

describe('samplePairs', () => {
  const clustering = makeClustering();

  it('draws the requested strata, each pair of the stratum it claims', () => {
    const sample = samplePairs({ main: clustering }, { count: 100, seed: 1 });
    expect(sample.pairs).toHaveLength(100);
    expect(sample.requested.main).toEqual({ within: 50, between: 40, noise: 10 });
    expect(sample.drawn.main).toEqual({ within: 50, between: 40, noise: 10 });
    for (const pair of sample.pairs) expectStratum(pair, clustering);
  });

  it('keeps every image within k pairs and never repeats a pair or pairs an image with itself', () => {
    const sample = samplePairs({ main: clustering }, { count: 150, maxPairsPerImage: 2, seed: 2 });
    const uses = new Map<string, number>();
    const keys = new Set<string>();
    for (const pair of sample.pairs) {
      expect(pair.imageA).not.toBe(pair.imageB);
      const key = [pair.imageA, pair.imageB].sort().join('|');
      expect(keys.has(key)).toBe(false);
      keys.add(key);
      for (const id of [pair.imageA, pair.imageB]) uses.set(id, (uses.get(id) ?? 0) + 1);
    }
    expect(Math.max(...uses.values())).toBeLessThanOrEqual(2);
  });

  it('is reproducible from its seed, and another seed gives other pairs', () => {
    const first = samplePairs({ main: clustering }, { count: 60, seed: 5 });
    expect(samplePairs({ main: clustering }, { count: 60, seed: 5 }).pairs).toEqual(first.pairs);
    expect(samplePairs({ main: clustering }, { count: 60, seed: 6 }).pairs).not.toEqual(first.pairs);
  });

  it('numbers pairs after shuffling and tosses a coin for left and right', () => {
    const sample = samplePairs({ main: clustering }, { count: 200, seed: 7 });
    expect(sample.pairs.slice(0, 3).map((pair) => pair.pairId)).toEqual(['p001', 'p002', 'p003']);
    // Strata are interleaved, not in blocks: the first 50 ids hold more than one stratum.
    expect(new Set(sample.pairs.slice(0, 50).map((pair) => pair.stratum)).size).toBeGreaterThan(1);
    const leftFirst = sample.pairs.filter((pair) => pair.imageA < pair.imageB).length;
    expect(leftFirst).toBeGreaterThan(70);
    expect(leftFirst).toBeLessThan(130);
  });

  it('splits each stratum over several clusterings and scores each pair against its own', () => {
    const clusterings = { coarse: clustering, fine: splitClustering(clustering) };
    const sample = samplePairs(clusterings, { count: 120, proportions: { within: 1, between: 1, noise: 1 }, seed: 3 });
    expect(sample.requested.coarse).toEqual({ within: 20, between: 20, noise: 20 });
    expect(sample.requested.fine).toEqual({ within: 20, between: 20, noise: 20 });
    for (const pair of sample.pairs) expectStratum(pair, clusterings[pair.clustering as 'coarse' | 'fine']);
  });

  it('reports a shortfall instead of breaking the cap when a pool runs dry', () => {
    const noNoise = new Map([...clustering].filter(([, label]) => label !== NOISE_LABEL));
    const sample = samplePairs({ main: noNoise }, { count: 40, seed: 4, attemptsPerPair: 200 });
    expect(sample.requested.main.noise).toBe(4);
    expect(sample.drawn.main.noise).toBe(0);
    expect(sample.pairs).toHaveLength(36);
  });

  it('rejects bad options with a clear message', () => {
    expect(() => samplePairs({}, { count: 10 })).toThrow(/at least one clustering/);
    expect(() => samplePairs({ main: clustering }, { count: 0 })).toThrow(/positive integer/);
    expect(() => samplePairs({ main: clustering }, { count: 5, proportions: { within: -1 } })).toThrow(/must be >= 0/);
  });
});

describe('blind mode', () => {
  const clustering = makeClustering();

  it('gives coders neutral image ids and no strata, with a key that maps back', () => {
    const sample = samplePairs({ main: clustering }, { count: 80, seed: 8, blind: true });
    const blind = sample.blind!;
    expect(blind.pairs.map((pair) => pair.pairId)).toEqual(sample.pairs.map((pair) => pair.pairId));
    for (const pair of blind.pairs) {
      expect(Object.keys(pair).sort()).toEqual(['imageA', 'imageB', 'pairId']);
      expect(pair.imageA).toMatch(/^img\d{4}$/);
      expect(pair.imageB).toMatch(/^img\d{4}$/);
    }
    const restored = unblindPairs(blind.pairs, blind.key);
    expect(restored).toEqual(sample.pairs.map(({ pairId, imageA, imageB }) => ({ pairId, imageA, imageB })));
  });

  it('numbers images in a random order, so the number does not follow the real name', () => {
    const pairs = samplePairs({ main: clustering }, { count: 100, seed: 9 }).pairs;
    const { key } = blindPairs(pairs, { seed: 10 });
    const inBlindOrder = Object.keys(key.images).sort().map((blindId) => key.images[blindId]);
    expect(inBlindOrder).not.toEqual([...inBlindOrder].sort());
  });

  it('refuses to unblind an image the key does not know', () => {
    expect(() => unblindPairs([{ pairId: 'p001', imageA: 'img0001', imageB: 'img9999' }], { images: { img0001: 'x' } })).toThrow(
      /pair 'p001': image 'img9999' is not in the blinding key/,
    );
  });
});
