import { describe, expect, it } from 'vitest';
import { keywordExtractors, terms } from '../../src/keywords/index.js';

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
