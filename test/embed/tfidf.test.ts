import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createContext } from '../../src/types/context.js';
import { embedders } from '../../src/embed/index.js';
import { embedderConformance } from '../conformance/embedder.js';

const make = (settings: Record<string, unknown> = {}) => embedders.get('tfidf').create({ baseDir: '.', settings });
const cosine = (a: Float32Array, b: Float32Array): number => a.reduce((sum, v, i) => sum + v * b[i], 0);

describe('tfidf embedder (latent semantic analysis)', () => {
  embedderConformance(() => make());

  it('gives unit vectors that put descriptions of the same theme closer together', async () => {
    const texts = readFileSync('examples/climate-demo/descriptions.connotative.jsonl', 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { id: string; text: string });
    const vectors = await make().embed(
      texts.map((t) => t.text),
      createContext(),
    );
    expect(vectors[0].length).toBe(100);
    for (const v of vectors) expect(cosine(v, v)).toBeCloseTo(1, 5);
    // Mean similarity among congressional portraits is far above their similarity to NASA images.
    const portrait = texts.map((t) => t.id.startsWith('congress-'));
    let within = 0;
    let withinCount = 0;
    let between = 0;
    let betweenCount = 0;
    for (let i = 0; i < texts.length; i++) {
      for (let j = i + 1; j < texts.length; j++) {
        if (!portrait[i]) continue;
        const s = cosine(vectors[i], vectors[j]);
        if (portrait[j]) {
          within += s;
          withinCount++;
        } else {
          between += s;
          betweenCount++;
        }
      }
    }
    expect(within / withinCount).toBeGreaterThan(between / betweenCount + 0.15);
    // And each portrait's nearest neighbour is another portrait.
    let nearestIsPortrait = 0;
    for (let i = 0; i < texts.length; i++) {
      if (!portrait[i]) continue;
      let best = -1;
      let bestSimilarity = -Infinity;
      for (let j = 0; j < texts.length; j++) {
        if (j === i) continue;
        const s = cosine(vectors[i], vectors[j]);
        if (s > bestSimilarity) [best, bestSimilarity] = [j, s];
      }
      if (portrait[best]) nearestIsPortrait++;
    }
    expect(nearestIsPortrait / portrait.filter(Boolean).length).toBeGreaterThanOrEqual(0.9);
  });

  it('caps the dimension by the corpus and records its parameters', async () => {
    const vectors = await make({ dimensions: 50 }).embed(['solar panels on roofs', 'wind turbines at sea', 'solar farms and wind'], createContext());
    expect(vectors[0].length).toBeLessThanOrEqual(2);
    expect(make({ dimensions: 50 }).signature.params).toMatchObject({ dimensions: 50, sublinearTf: true });
    expect(() => make({ dimensions: 0 })).toThrow(/embedder 'tfidf': setting 'dimensions' must be an integer of at least 1, got 0/);
  });
});
