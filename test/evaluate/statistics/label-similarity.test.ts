import { describe, expect, it } from 'vitest';
import { labelRating, labelSets, labelSimilarityQuality } from '../../../src/evaluate/statistics/label-similarity.js';
import { createRandom } from '../../../src/util/random.js';

function bruteForce(clustering: Map<string, number>, labels: Map<string, string[]>, noise: 'different' | 'drop') {
  const ids = [...clustering.keys()].filter((id) => labels.has(id) && (noise === 'different' || clustering.get(id) !== -1)).sort();
  let same = 0;
  let nSame = 0;
  let different = 0;
  let nDifferent = 0;
  for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) {
    const r = labelRating(labels.get(ids[i])!, labels.get(ids[j])!);
    const l = clustering.get(ids[i])!;
    if (l !== -1 && l === clustering.get(ids[j])) (same += r), nSame++;
    else (different += r), nDifferent++;
  }
  return same / nSame - different / nDifferent;
}

describe('label-derived similarity (a proxy for coded pairs)', () => {
  const random = createRandom(9);
  const ids = Array.from({ length: 150 }, (_, i) => `i${i}`);
  const clustering = new Map(ids.map((id, i) => [id, i < 10 ? -1 : random.int(4)]));

  it('rates pairs by the Jaccard index of their label sets, at the documented thresholds', () => {
    expect(labelRating(['a'], ['a'])).toBe(3);
    expect(labelRating(['a'], ['b'])).toBe(1);
    expect(labelRating(['a', 'b'], ['a', 'c'])).toBe(2); // J = 1/3
    expect(labelRating(['a', 'b'], ['a', 'b', 'c'])).toBe(3); // J = 2/3
  });

  it('reads label sets from metadata columns, splitting on ; and |', () => {
    const sets = labelSets(
      [
        { id: 'x', metadata: { topic: 'flood; protest', source: 'nasa' } },
        { id: 'y', metadata: { topic: '', source: 'epa' } },
        { id: 'z', metadata: { topic: '', source: '' } },
      ],
      ['topic', 'source'],
    );
    expect(sets.get('x')).toEqual(['source=nasa', 'topic=flood', 'topic=protest']);
    expect(sets.get('y')).toEqual(['source=epa']);
    expect(sets.has('z')).toBe(false);
    expect(() => labelSets([{ id: 'x', metadata: {} }], ['nope'])).toThrow(/no image has the metadata column\(s\) nope/);
  });

  it('is exact over every pair: counts for one label per image, pair by pair for sets', () => {
    const single = new Map(ids.filter((_, i) => i % 7 !== 0).map((id) => [id, [`t${random.int(3)}`]]));
    for (const noise of ['different', 'drop'] as const) {
      const result = labelSimilarityQuality(clustering, single, { noise });
      expect(result.scope).toBe('exact');
      expect(result.quality).toBeCloseTo(bruteForce(clustering, single, noise), 12);
    }
    const sets = new Map(ids.map((id) => [id, [...new Set([`t${random.int(4)}`, `t${random.int(4)}`])]]));
    expect(labelSimilarityQuality(clustering, sets).quality).toBeCloseTo(bruteForce(clustering, sets, 'different'), 12);
    const sampled = labelSimilarityQuality(clustering, sets, { maxPairs: 5000, seed: 1 });
    expect(sampled.scope).toBe('sample');
    expect(Math.abs(sampled.quality - bruteForce(clustering, sets, 'different'))).toBeLessThan(0.1);
  });
});
