import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { parsePairsCsv, parseRatingsCsv } from '../../../src/evaluate/coding/pairs-csv.js';
import { allocationOf, planPairs } from '../../../src/evaluate/study/plan.js';

const manifest = parse(readFileSync('examples/climate-demo/manifest.csv', 'utf8'), { columns: true }) as { id: string; source: string }[];
const pilot = {
  pairs: parsePairsCsv(readFileSync('examples/climate-demo/pairs.csv', 'utf8'), 'pairs.csv'),
  ratings: parseRatingsCsv(readFileSync('examples/climate-demo/ratings.csv', 'utf8'), 'ratings.csv'),
  source: 'examples/climate-demo/pairs.csv',
};
// Two clusterings of the bundled images: portraits vs the rest, and the folder each image came from.
const portraits = new Map(manifest.map((row) => [row.id, row.id.startsWith('congress-') ? 0 : 1]));
const folders = [...new Set(manifest.map((row) => row.source.split('/').at(-2)!))];
const byFolder = new Map(manifest.map((row) => [row.id, folders.indexOf(row.source.split('/').at(-2)!)]));

describe('pairs plan on the bundled example', () => {
  const plan = planPairs({
    clusterings: [
      { name: 'folders', clustering: byFolder },
      { name: 'portraits', clustering: portraits },
    ],
    dimension: 'connotative',
    halfWidth: 0.1,
    pilot,
  });

  it('counts the strata of all 5,671 image pairs and takes their spread from the pilot', () => {
    expect(plan.population.totalPairs).toBe((107 * 106) / 2);
    expect(plan.strata.reduce((s, h) => s + h.populationPairs, 0)).toBe(5671);
    expect(plan.pilot!.pairs).toBe(160);
    expect(plan.strata.filter((h) => h.populationPairs > 0).every((h) => h.source !== 'assumed')).toBe(true);
  });

  it('needs fewer pairs stratified than at random for a half-width of 0.1 on the difference (golden)', () => {
    expect(plan.stratified.halfWidth).toBeLessThanOrEqual(0.1);
    expect(plan.stratified.total).toBeLessThan(plan.simpleRandomPairs);
    expect(plan.stratified.total).toBe(plan.stratified.pairs.reduce((s, n) => s + n, 0));
    // Golden numbers: exact strata, pilot sds, Neyman allocation.
    expect({ stratified: plan.stratified.total, simple: plan.simpleRandomPairs }).toEqual({ stratified: 372, simple: 478 });
    expect(Object.values(allocationOf(plan)).reduce((s, n) => s + n, 0)).toBe(plan.stratified.total);
  });

  it('can plan for a fixed number of pairs, and for one clustering alone', () => {
    const fixed = planPairs({ clusterings: [{ name: 'folders', clustering: byFolder }, { name: 'portraits', clustering: portraits }], dimension: 'connotative', halfWidth: 0.1, pilot, total: 300 });
    expect(fixed.stratified.total).toBe(300);
    const one = planPairs({ clusterings: [{ name: 'folders', clustering: byFolder }], dimension: 'denotative', halfWidth: 0.1 });
    expect(one.target).toBe('denotative CQ of folders');
    expect(one.strata.every((h) => h.source === 'assumed')).toBe(true);
    expect(one.figures).toHaveLength(1);
  });
});
