import { expect, it } from 'vitest';
import { createContext } from '../../src/types/context.js';
import type { Embedder } from '../../src/embed/types.js';

const TEXTS = [
  'A wind turbine on a green hill stands for renewable energy and hope.',
  'Smoke from a coal plant darkens the sky: pollution and climate harm.',
  'A smiling politician in a suit poses for an official portrait.',
  'Melting Arctic sea ice signals the urgency of global warming.',
];

/** The contract every Embedder meets. */
export function embedderConformance(make: () => Embedder | Promise<Embedder>): void {
  it('conformance: one finite vector per text, all of one dimension', async () => {
    const embedder = await make();
    const vectors = await embedder.embed(TEXTS, createContext());
    expect(vectors).toHaveLength(TEXTS.length);
    const dims = vectors[0].length;
    expect(dims).toBeGreaterThan(0);
    for (const vector of vectors) {
      expect(vector).toBeInstanceOf(Float32Array);
      expect(vector.length).toBe(dims);
      expect(vector.every(Number.isFinite)).toBe(true);
    }
    await embedder.close?.();
  });

  it('conformance: deterministic, and batch-independent unless corpus-dependent', async () => {
    const embedder = await make();
    const once = await embedder.embed(TEXTS, createContext());
    const twice = await embedder.embed(TEXTS, createContext());
    expect(twice).toEqual(once);
    if (!embedder.corpusDependent) {
      const split = [...(await embedder.embed(TEXTS.slice(0, 2), createContext())), ...(await embedder.embed(TEXTS.slice(2), createContext()))];
      split.forEach((vector, i) => vector.forEach((value, j) => expect(value).toBeCloseTo(once[i][j], 5)));
    }
    expect(embedder.batchSize).toBeGreaterThan(0);
    expect(embedder.signature.embedder).toBe(embedder.name);
    await embedder.close?.();
  });
}
