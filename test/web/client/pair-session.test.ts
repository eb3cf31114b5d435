import { describe, expect, it } from 'vitest';
import { PairSession } from '../../../src/web/client/coding/pair-session.js';
import { StudySession } from '../../../src/web/client/coding/study-session.js';

const pairs = (n: number) => Array.from({ length: n }, (_, i) => ({ pairId: `p${i + 1}`, rating: null }));

describe('PairSession (keyboard pair coding)', () => {
  it('asks denotative then connotative for each pair and returns every judgement to save', () => {
    const session = new PairSession(pairs(2));
    expect([session.pairId, session.step]).toEqual(['p1', 'denotative']);
    expect(session.press(2)).toEqual({ pairId: 'p1', dimension: 'denotative', value: 2 });
    expect(session.step).toBe('connotative');
    expect(session.press(3)).toEqual({ pairId: 'p1', dimension: 'connotative', value: 3 });
    expect([session.pairId, session.step, session.rated]).toEqual(['p2', 'denotative', 1]);
    session.press(1);
    session.press(1);
    expect(session.done).toBe(true);
    expect(session.rated).toBe(2);
    expect(session.press(2)).toBeNull();
    expect(session.press(4)).toBeNull();
  });

  it('goes back one judgement at a time with Backspace, and a new key replaces the old value', () => {
    const session = new PairSession(pairs(3));
    session.press(1);
    session.press(2);
    session.press(3);
    expect([session.pairId, session.step]).toEqual(['p2', 'connotative']);
    expect(session.back()).toBe(true);
    expect([session.pairId, session.step]).toEqual(['p2', 'denotative']);
    expect(session.back()).toBe(true);
    expect([session.pairId, session.step]).toEqual(['p1', 'connotative']);
    expect(session.valuesOf('p1')).toEqual({ denotative: 1, connotative: 2 });
    expect(session.press(3)).toEqual({ pairId: 'p1', dimension: 'connotative', value: 3 });
    // Back on the pair that was interrupted, where it was left.
    expect([session.pairId, session.step]).toEqual(['p2', 'connotative']);
    session.back();
    session.back();
    session.back();
    expect([session.pairId, session.step]).toEqual(['p1', 'denotative']);
    expect(session.back()).toBe(false);
  });

  it('resumes at the first unfinished judgement after a reload', () => {
    const session = new PairSession([
      { pairId: 'p1', rating: { denotative: 1, connotative: 2 } },
      { pairId: 'p2', rating: { denotative: 3, connotative: null } },
      { pairId: 'p3', rating: null },
    ]);
    expect([session.pairId, session.step, session.rated]).toEqual(['p2', 'connotative', 1]);
    const finished = new PairSession([{ pairId: 'p1', rating: { denotative: 1, connotative: 2 } }]);
    expect(finished.done).toBe(true);
    expect(finished.back()).toBe(true);
    expect([finished.pairId, finished.step]).toEqual(['p1', 'connotative']);
  });

  it('comes back to a pair left half done once the rest are finished', () => {
    const session = new PairSession([
      { pairId: 'p1', rating: { denotative: 2, connotative: null } },
      { pairId: 'p2', rating: null },
    ]);
    expect([session.pairId, session.step]).toEqual(['p1', 'connotative']);
    session.back();
    session.press(2);
    expect(session.step).toBe('connotative');
    session.back();
    expect(session.back()).toBe(false);
  });
});

describe('StudySession (keyboard interpretability coding)', () => {
  const tasks = ['t1', 't2', 't3'].map((taskId) => ({ taskId, options: ['1', '2', '3', '4'].map((optionId) => ({ optionId })) }));

  it('picks by position or cursor, skips with null, and resumes at the first open task', () => {
    const session = new StudySession(tasks, { t1: '3' });
    expect(session.index).toBe(1);
    session.moveCursor(-1);
    expect(session.cursor).toBe(3);
    expect(session.choose()).toEqual({ taskId: 't2', choice: '4' });
    expect(session.choose(null)).toEqual({ taskId: 't3', choice: null });
    expect(session.done).toBe(true);
    expect(session.answeredCount).toBe(3);
    expect(session.back()).toBe(true);
    expect(session.index).toBe(2);
    expect(session.back()).toBe(true);
    expect(session.cursor).toBe(3);
    expect(session.choose(9)).toBeNull();
    expect(session.choose(0)).toEqual({ taskId: 't2', choice: '1' });
  });
});
