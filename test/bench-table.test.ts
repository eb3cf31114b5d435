import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkRow, readResults } from '../bench/harness.js';
import { performanceTable, TABLE_END, TABLE_START } from '../bench/table.js';

describe("README's performance table", () => {
  const readme = readFileSync('README.md', 'utf8');
  const results = readResults();

  it('is the rendering of bench/results.json (run npm run docs:bench after npm run bench)', () => {
    const start = readme.indexOf(TABLE_START);
    const end = readme.indexOf(TABLE_END) + TABLE_END.length;
    expect(readme.slice(start, end)).toBe(performanceTable(results.rows));
  });

  it('shows rows, each of whose comparisons is allowed for its kind of peer', () => {
    expect(results.rows.filter((row) => row.readme).length).toBeGreaterThan(5);
    for (const row of results.rows) expect(() => checkRow(row)).not.toThrow();
  });

  it('has no hand-written figures beside the generated table', () => {
    const section = readme.slice(readme.indexOf('## Performance'), readme.indexOf('## Citing'));
    const outside = section.slice(0, section.indexOf(TABLE_START)) + section.slice(section.indexOf(TABLE_END));
    expect(outside.split('\n').filter((line) => line.startsWith('|'))).toEqual([]);
  });

  it('refuses a speed ratio against a peer that is not a real alternative', () => {
    const base = { id: 'x', benchmark: 'x', ours: '1 s', ratio: 0.1 };
    expect(() => checkRow({ ...base, peer: { kind: 'wrong-answers', name: 'p', figure: '2 s', why: 'ARI 0' } })).toThrow(/only against a library/);
    expect(() => checkRow({ ...base, peer: { kind: 'own-variant', name: 'p', figure: '2 s' } })).toThrow(/only against a library/);
    expect(() => checkRow({ ...base, peer: { kind: 'quoted', name: 'p', figure: '2 s' } })).toThrow(/source and date/);
    expect(() => checkRow({ ...base, peer: { kind: 'library', name: 'p', figure: '2 s' } })).not.toThrow();
  });
});
