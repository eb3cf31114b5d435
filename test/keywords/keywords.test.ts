import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  fitClassTfidf,
  keywordExtractors,
  keywordStopWords,
  maximalMarginalRelevance,
  readStopWordsFile,
  termDocumentVectors,
  terms,
} from '../../src/keywords/index.js';

// Three documents, two clusters. Class 0 joins "apple banana" and "apple apple cherry":
// apple 3, banana 1, cherry 1; class 1 has banana 1, durian 1. Values below were worked out
// by hand from the published formulas (see the comments in src/keywords/*.ts).
const DOCS = ['apple banana', 'apple apple cherry', 'banana durian'];
const LABELS = [0, 0, 1];
const OPTIONS = { topN: 10, ngramRange: [1, 1] as [number, number] };

describe('terms', () => {
  it('lowercases, keeps runs of 2+ word characters, drops stop words before forming n-grams', () => {
    expect(terms('The Melting ICE-sheet, a 2°C world: its future', { ngramRange: [1, 2] })).toEqual([
      'melting',
      'ice',
      'sheet',
      'world',
      'future',
      'melting ice',
      'ice sheet',
      'sheet world',
      'world future',
    ]);
  });
});

describe('c-TF-IDF (BERTopic)', () => {
  it('matches the hand computation, including the integer-truncated average class length', () => {
    // A = int((5 + 2) / 2) = 3; idf(t) = ln(1 + A / f(t)); tf = class counts L1-normalised.
    const result = keywordExtractors.get('ctfidf').create(OPTIONS).extract(DOCS, LABELS);
    const zero = Object.fromEntries((result.get(0) ?? []).map((k) => [k.term, k.score]));
    const one = Object.fromEntries((result.get(1) ?? []).map((k) => [k.term, k.score]));
    expect(zero.apple).toBeCloseTo(0.4158883083359672, 12); // 3/5 ln(1 + 3/3)
    expect(zero.banana).toBeCloseTo(0.18325814637483104, 12); // 1/5 ln(1 + 3/2)
    expect(zero.cherry).toBeCloseTo(0.2772588722239781, 12); // 1/5 ln(1 + 3/1)
    expect(one.banana).toBeCloseTo(0.45814536593707755, 12);
    expect(one.durian).toBeCloseTo(0.6931471805599453, 12);
    expect(result.get(0)?.map((k) => k.term)).toEqual(['apple', 'cherry', 'banana']);
  });

  it('treats noise (-1) as a class, as BERTopic does', () => {
    const result = keywordExtractors.get('ctfidf').create(OPTIONS).extract(DOCS, [0, 0, -1]);
    expect([...result.keys()]).toEqual([-1, 0]);
  });

  it('keeps the top N and breaks ties alphabetically', () => {
    const result = keywordExtractors
      .get('ctfidf')
      .create({ topN: 2, ngramRange: [1, 1] })
      .extract(['zeta alpha', 'other words'], [0, 1]);
    expect(result.get(0)?.map((k) => k.term)).toEqual(['alpha', 'zeta']);
  });
});

describe('TF-IDF (scikit-learn defaults over cluster documents)', () => {
  it('matches the hand computation: smooth idf, raw counts, L2 rows', () => {
    const result = keywordExtractors.get('tfidf').create(OPTIONS).extract(DOCS, LABELS);
    const zero = Object.fromEntries((result.get(0) ?? []).map((k) => [k.term, k.score]));
    const one = Object.fromEntries((result.get(1) ?? []).map((k) => [k.term, k.score]));
    expect(zero.apple).toBeCloseTo(0.9255449466274399, 12);
    expect(zero.banana).toBeCloseTo(0.21951095080860833, 12);
    expect(zero.cherry).toBeCloseTo(0.30851498220914664, 12);
    expect(one.banana).toBeCloseTo(0.5797386715376657, 12);
    expect(one.durian).toBeCloseTo(0.8148024746671689, 12);
  });
});

describe('stop words', () => {
  it('leaves out connectives and, by default, every word of the prompt the descriptions answered', () => {
    const words = keywordStopWords({ stopWordsFile: null, extraStopWords: ['Climate Week'], removePromptWords: true }, 'What does this image mean? Its tone?');
    for (const word of ['though', 'so', 'image', 'tone', 'mean', 'climate', 'week', 'the']) expect(words.has(word)).toBe(true);
    expect(words.has('flood')).toBe(false);
    const kept = keywordStopWords({ stopWordsFile: null, extraStopWords: [], removePromptWords: false }, 'What does this image mean?');
    expect(kept.has('image')).toBe(false);
  });

  it('reads a stop-words file that replaces the built-in list, and names the file when it is unusable', () => {
    const dir = mkdtempSync(join(tmpdir(), 'connote-stop-'));
    const file = join(dir, 'stop.txt');
    writeFileSync(file, '# my list\nFlood, river\n\nbanner\n');
    expect([...readStopWordsFile(file)].sort()).toEqual(['banner', 'flood', 'river']);
    const words = keywordStopWords({ stopWordsFile: file, extraStopWords: [], removePromptWords: false }, null);
    expect(words.has('the')).toBe(false);
    writeFileSync(file, '# only a comment\n');
    expect(() => readStopWordsFile(file)).toThrow(`stop-words file ${file} lists no words`);
    expect(() => readStopWordsFile(join(dir, 'missing.txt'))).toThrow(/cannot read stop-words file .*missing\.txt/);
  });

  it('is what the extractors skip', () => {
    const stopWords = new Set(['apple']);
    const result = keywordExtractors.get('ctfidf').create({ ...OPTIONS, stopWords }).extract(DOCS, LABELS);
    expect(result.get(0)?.map((k) => k.term)).toEqual(['cherry', 'banana']);
  });
});

describe('c-TF-IDF model', () => {
  it('weighs new documents with the fitted idf, as BERTopic’s ctfidf_model.transform', () => {
    const model = fitClassTfidf(DOCS, LABELS, { ngramRange: [1, 1] });
    const [row] = model.transform(['cherry cherry kiwi']);
    const cherry = model.vocabulary.indexOf('cherry');
    // tf of cherry is 1 (kiwi is not in the vocabulary), idf ln(1 + 3/1).
    expect([...row.keys()]).toEqual([cherry]);
    expect(row.get(cherry)).toBeCloseTo(Math.log(4), 12);
  });
});

describe('maximal marginal relevance (BERTopic)', () => {
  const keyword = (term: string, score: number) => ({ term, score });
  // a and b are near-duplicates and both close to the topic; c is less relevant but different.
  const candidates = [keyword('a', 0.9), keyword('b', 0.8), keyword('c', 0.7), keyword('d', 0.1)];
  const vectors = [
    [1, 0, 0],
    [0.99, 0.14, 0],
    [0.6, 0, 0.8],
    [0, 1, 0],
  ];
  const topic = [1, 0, 0.3];

  it('with no diversity keeps the terms most similar to the topic', () => {
    expect(maximalMarginalRelevance(candidates, vectors, topic, 0, 2).map((k) => k.term)).toEqual(['a', 'b']);
  });

  it('with diversity swaps a near-duplicate for a different term, keeping c-TF-IDF order and scores', () => {
    // Second pick at diversity 0.5: b scores 0.5*0.95 - 0.5*0.99 < 0, c scores 0.5*0.80 - 0.5*0.60 > 0.
    const picked = maximalMarginalRelevance(candidates, vectors, topic, 0.5, 2);
    expect(picked).toEqual([keyword('a', 0.9), keyword('c', 0.7)]);
  });

  it('returns every candidate when there are no more than asked for, and refuses a diversity outside [0, 1]', () => {
    expect(maximalMarginalRelevance(candidates, vectors, topic, 0.3, 10)).toEqual(candidates);
    expect(() => maximalMarginalRelevance(candidates, vectors, topic, 1.5, 2)).toThrow('diversity must be from 0 to 1');
  });

  it('represents terms by where they occur when no embedder can embed words alone', () => {
    const documentTerms = [new Set(['flood', 'river']), new Set(['flood']), new Set(['banner'])];
    const [flood, banner] = termDocumentVectors(['flood', 'banner'], documentTerms);
    expect([...flood].map((v) => v > 0)).toEqual([true, true, false]);
    expect([...banner].map((v) => v > 0)).toEqual([false, false, true]);
  });
});
