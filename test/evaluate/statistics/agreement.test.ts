import { describe, expect, it } from 'vitest';
import { agreementReport, scaleCategories } from '../../../src/evaluate/statistics/agreement.js';
import { cohenKappaFromRatings } from '../../../src/evaluate/statistics/kappa.js';
import { krippendorffAlpha } from '../../../src/evaluate/statistics/krippendorff.js';

/** Long records from two coders' parallel codes. */
function records(a: readonly (number | string | null)[], b: readonly (number | string | null)[]) {
  return [
    ...a.map((value, u) => ({ unit: `u${u}`, coder: 'a', value })),
    ...b.map((value, u) => ({ unit: `u${u}`, coder: 'b', value })),
  ];
}

/**
 * Quadratic-weighted kappa written out from Cohen (1968) with disagreement weights
 * (x_i - x_j)^2 on the values themselves: kappa_w = 1 - sum v o / sum v e.
 */
function quadraticKappaOnValues(a: readonly number[], b: readonly number[]): number {
  const n = a.length;
  let observed = 0;
  for (let u = 0; u < n; u++) observed += (a[u] - b[u]) ** 2;
  let expected = 0;
  for (const x of a) for (const y of b) expected += (x - y) ** 2;
  return 1 - observed / n / (expected / (n * n));
}

describe('agreementReport: levels that do not fit the codes', () => {
  // A -2..2 scale (e.g. strongly disagree .. strongly agree), coded at the interval level.
  const a = [-2, 0, 2, -1, 1, 2, -2, 0];
  const b = [-2, 1, 2, -2, 1, 2, -1, 0];

  it('reports ratio alpha as n/a on a scale with negative values, instead of failing', () => {
    const report = agreementReport(records(a, b), { level: 'interval', replicates: 200 });
    expect(report.alpha).toBeCloseTo(krippendorffAlpha([a, b], 'interval').alpha, 12);
    expect(report.byLevel.ratio).toMatchObject({ status: 'n/a', alpha: null });
    expect(report.byLevel.ratio.status === 'n/a' && report.byLevel.ratio.reason).toMatch(/values >= 0/);
    expect(report.alphaByLevel.ratio).toBeNull();
    expect(report.byLevel.ordinal.status).toBe('value');
  });

  it('names the problem when the chosen level itself does not apply', () => {
    expect(() => agreementReport(records(a, b), { level: 'ratio', replicates: 200 })).toThrow(/ratio level: ratio alpha needs values >= 0.*choose another level/);
  });

  it('still gives ordinal and interval alpha for numeric codes at the nominal level', () => {
    const report = agreementReport(records(a, b), { level: 'nominal', replicates: 200 });
    expect(report.alpha).toBeCloseTo(krippendorffAlpha([a, b], 'nominal').alpha, 12);
    expect(report.alphaByLevel.ordinal).toBeCloseTo(krippendorffAlpha([a, b], 'ordinal').alpha, 12);
    expect(report.alphaByLevel.interval).toBeCloseTo(krippendorffAlpha([a, b], 'interval').alpha, 12);
  });

  it('marks the ordered levels n/a for named codes', () => {
    const report = agreementReport(records(['x', 'y', 'x', 'z'], ['x', 'y', 'y', 'z']), { level: 'nominal', replicates: 200 });
    expect(report.byLevel.interval.status).toBe('n/a');
    expect(Number.isFinite(report.alpha)).toBe(true);
  });
});

describe('agreementReport: weighted kappa over the whole scale', () => {
  // A 1-5 scale on which nobody used 2.
  const a = [1, 1, 3, 3, 4, 5, 5, 4, 3, 1];
  const b = [1, 3, 3, 4, 4, 5, 4, 4, 1, 1];

  it('weighs by distance on the scale, not by the rank among the values used', () => {
    const report = agreementReport(records(a, b), { level: 'ordinal', replicates: 200 });
    expect(report.kappa?.kind).toBe('cohen');
    const quadratic = report.kappa?.kind === 'cohen' ? report.kappa.quadratic : NaN;
    expect(quadratic).toBeCloseTo(quadraticKappaOnValues(a, b), 12);
    // Ranks among the used values (1, 3, 4, 5) put 1 and 3 next to each other: a different kappa.
    const byRank = cohenKappaFromRatings(a, b, { weights: 'quadratic' }).kappa;
    expect(Math.abs(quadratic - byRank)).toBeGreaterThan(0.01);
  });

  it('uses a declared scale when its ends were not used', () => {
    expect(scaleCategories([[2, 3], [3, 4]], { min: 1, max: 5 })).toEqual([1, 2, 3, 4, 5]);
    expect(scaleCategories([[2, 3], [3, 4]])).toEqual([2, 3, 4]);
    expect(scaleCategories([['a', 'b']])).toBeUndefined();
    expect(() => scaleCategories([[2, 7]], { min: 1, max: 5 })).toThrow(/code 7 is not on the scale 1..5/);
  });
});

describe('agreementReport with one coder', () => {
  it('reports alpha as undefined with the reason, instead of throwing', () => {
    const report = agreementReport(
      [1, 2, 3, 2].map((value, u) => ({ unit: `u${u}`, coder: 'solo', value })),
      { level: 'ordinal', replicates: 200 },
    );
    expect(report.coders).toEqual(['solo']);
    expect(Number.isNaN(report.alpha)).toBe(true);
    expect(report.undefinedReason).toMatch(/no unit was coded by two or more coders/);
    expect(report.byLevel.nominal.status).toBe('undefined');
    expect(report.kappa).toBeNull();
  });
});

describe('krippendorffAlpha: orientation of the table', () => {
  const codersByUnits = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2],
    [1, 2, 3, 3, 2, 2, 4, 1, 2],
    [2, 3, 3, 3, 2, 3, 4, 2, 2],
  ];
  const unitsByCoders = codersByUnits[0].map((_, u) => codersByUnits.map((row) => row[u]));

  it('refuses a units x coders table instead of returning a wrong alpha', () => {
    expect(() => krippendorffAlpha(unitsByCoders, 'ordinal')).toThrow(/9 rows and 3 columns, but rows must be coders.*rows: 'units'/);
  });

  it("reads it when told the rows are units, and lets more coders than units through when told so", () => {
    const alpha = krippendorffAlpha(codersByUnits, 'ordinal').alpha;
    expect(krippendorffAlpha(unitsByCoders, 'ordinal', { rows: 'units' }).alpha).toBeCloseTo(alpha, 12);
    const manyCoders = [[1, 2], [1, 2], [1, 3], [2, 2]];
    expect(() => krippendorffAlpha(manyCoders, 'interval')).toThrow(/rows must be coders/);
    expect(Number.isFinite(krippendorffAlpha(manyCoders, 'interval', { rows: 'coders' }).alpha)).toBe(true);
  });
});
