import { describe, expect, it } from 'vitest';
import { UndefinedStatisticError } from '../../../src/types/errors.js';
import {
  agreementTable,
  cohenKappa,
  cohenKappaFromRatings,
  fleissKappa,
  fleissTable,
  kappaWeights,
  type KappaWeights,
} from '../../../src/evaluate/statistics/kappa.js';
import { normalQuantile } from '../../../src/evaluate/statistics/normal.js';
import { createRandom } from '../../../src/util/random.js';

// SAS/STAT PROC FREQ "Agreement Study" (skin condition, two dermatologists, 88 patients).
const skinCondition = [
  [10, 4, 1, 0],
  [5, 10, 12, 2],
  [2, 4, 12, 5],
  [0, 2, 6, 13],
];

/**
 * The large-sample variance of kappa by the multinomial delta method, with the gradient taken
 * numerically: Var = (1/n) [sum p_ij g_ij^2 - (sum p_ij g_ij)^2], g = d kappa / d p_ij. Fleiss,
 * Cohen & Everitt (1969) derived their closed form the same way, so the two must agree.
 */
function deltaMethodStandardError(counts: number[][], weights: KappaWeights): number {
  const n = counts.flat().reduce((s, x) => s + x, 0);
  const k = counts.length;
  const w = kappaWeights(weights, k);
  const kappaOf = (p: number[][]): number => {
    const total = p.flat().reduce((s, x) => s + x, 0);
    const rows = p.map((r) => r.reduce((s, x) => s + x, 0) / total);
    const cols = p[0].map((_, j) => p.reduce((s, r) => s + r[j], 0) / total);
    let po = 0;
    let pe = 0;
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) {
      po += (w[i][j] * p[i][j]) / total;
      pe += w[i][j] * rows[i] * cols[j];
    }
    return (po - pe) / (1 - pe);
  };
  const p = counts.map((r) => r.map((x) => x / n));
  const h = 1e-6;
  let mean = 0;
  let square = 0;
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) {
    const up = p.map((r) => [...r]);
    const down = p.map((r) => [...r]);
    up[i][j] += h;
    down[i][j] -= h;
    // The function is homogeneous of degree 0 in p, so the free gradient is the constrained one.
    const g = (kappaOf(up) - kappaOf(down)) / (2 * h);
    mean += p[i][j] * g;
    square += p[i][j] * g * g;
  }
  return Math.sqrt((square - mean * mean) / n);
}

describe("Cohen's kappa: published examples", () => {
  it('Wikipedia: 50 proposals, 20 yes/yes, 15 no/no: p_o 0.7, p_e 0.5, kappa 0.4', () => {
    const result = cohenKappa([
      [20, 5],
      [10, 15],
    ]);
    expect(result.observedAgreement).toBeCloseTo(0.7, 12);
    expect(result.expectedAgreement).toBeCloseTo(0.5, 12);
    expect(result.kappa).toBeCloseTo(0.4, 12);
  });

  it("Wikipedia: equal agreement, different marginals: kappa 0.1304 and 0.2593", () => {
    expect(cohenKappa([[45, 15], [25, 15]]).kappa).toBeCloseTo(0.1304, 4);
    expect(cohenKappa([[25, 35], [5, 35]]).kappa).toBeCloseTo(0.2593, 4);
  });

  it('SAS PROC FREQ skin-condition study: simple kappa 0.3449', () => {
    expect(cohenKappa(skinCondition).kappa).toBeCloseTo(0.3449, 4);
  });
});

describe("Cohen's kappa: standard errors and weights", () => {
  it.each(['none', 'linear', 'quadratic'] as const)('%s: asymptotic SE equals the delta-method SE', (weights) => {
    for (const table of [skinCondition, [[20, 5], [10, 15]], [[7, 7, 2, 3], [2, 8, 3, 7], [1, 5, 4, 9], [2, 8, 9, 14]]]) {
      expect(cohenKappa(table, { weights }).standardError).toBeCloseTo(deltaMethodStandardError(table, weights), 7);
    }
  });

  it('the null SE of plain kappa matches the closed form sqrt([p_e + p_e^2 - sum p_i. p_.i (p_i. + p_.i)] / ((1 - p_e)^2 n))', () => {
    const n = 88;
    const rows = skinCondition.map((r) => r.reduce((s, x) => s + x, 0) / n);
    const cols = skinCondition[0].map((_, j) => skinCondition.reduce((s, r) => s + r[j], 0) / n);
    const pe = rows.reduce((s, r, i) => s + r * cols[i], 0);
    const skew = rows.reduce((s, r, i) => s + r * cols[i] * (r + cols[i]), 0);
    const expected = Math.sqrt((pe + pe * pe - skew) / ((1 - pe) ** 2 * n));
    expect(cohenKappa(skinCondition).standardErrorNull).toBeCloseTo(expected, 12);
  });

  it('quadratic weighted kappa equals the concordance form 2 s_xy / (s_x^2 + s_y^2 + (mean_x - mean_y)^2) (Cohen 1968)', () => {
    const xs: number[] = [];
    const ys: number[] = [];
    skinCondition.forEach((r, i) => r.forEach((count, j) => {
      for (let c = 0; c < count; c++) {
        xs.push(i);
        ys.push(j);
      }
    }));
    const n = xs.length;
    const mx = xs.reduce((s, x) => s + x, 0) / n;
    const my = ys.reduce((s, y) => s + y, 0) / n;
    const sxy = xs.reduce((s, x, i) => s + (x - mx) * (ys[i] - my), 0) / n;
    const sxx = xs.reduce((s, x) => s + (x - mx) ** 2, 0) / n;
    const syy = ys.reduce((s, y) => s + (y - my) ** 2, 0) / n;
    const concordance = (2 * sxy) / (sxx + syy + (mx - my) ** 2);
    expect(cohenKappa(skinCondition, { weights: 'quadratic' }).kappa).toBeCloseTo(concordance, 12);
  });

  it('with two categories, linear and quadratic weights give plain kappa', () => {
    const table = [[20, 5], [10, 15]];
    const plain = cohenKappa(table).kappa;
    expect(cohenKappa(table, { weights: 'linear' }).kappa).toBeCloseTo(plain, 12);
    expect(cohenKappa(table, { weights: 'quadratic' }).kappa).toBeCloseTo(plain, 12);
  });

  it('builds linear and quadratic agreement weights', () => {
    expect(kappaWeights('linear', 3)).toEqual([[1, 0.5, 0], [0.5, 1, 0.5], [0, 0.5, 1]]);
    expect(kappaWeights('quadratic', 3)).toEqual([[1, 0.75, 0], [0.75, 1, 0.75], [0, 0.75, 1]]);
    expect(() => kappaWeights([[1, 2], [0, 1]], 2)).toThrow(/must lie in \[0, 1\]/);
  });

  it('gives a Wald interval kappa +- z SE', () => {
    const result = cohenKappa(skinCondition, { level: 0.9 });
    const z = normalQuantile(0.95);
    expect(result.lower).toBeCloseTo(result.kappa - z * result.standardError, 12);
    expect(result.upper).toBeCloseTo(result.kappa + z * result.standardError, 12);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 6);
  });
});

describe("Cohen's kappa from ratings", () => {
  it('cross-tabulates two raters, skipping units either left blank', () => {
    const table = agreementTable([1, 2, 3, null, 2], [1, 3, 3, 2, undefined]);
    expect(table.categories).toEqual([1, 2, 3]);
    expect(table.counts).toEqual([[1, 0, 0], [0, 0, 1], [0, 0, 1]]);
    expect(table.skipped).toBe(2);
  });

  it('uses the given category order, so weights see unused categories', () => {
    const result = cohenKappaFromRatings(['low', 'high', 'high'], ['low', 'mid', 'high'], {
      categories: ['low', 'mid', 'high'],
      weights: 'linear',
    });
    expect(result.table.categories).toEqual(['low', 'mid', 'high']);
    expect(result.n).toBe(3);
    expect(() => agreementTable(['x'], ['y'], ['x'])).toThrow(/category "y" is not among/);
  });

  it('throws a typed error when chance agreement is already perfect', () => {
    expect(() => cohenKappa([[5, 0], [0, 0]])).toThrow(UndefinedStatisticError);
    expect(() => cohenKappa([[0, 0], [0, 0]])).toThrow(/no unit was rated by both/);
  });
});

describe("Fleiss' kappa", () => {
  // Wikipedia, "Fleiss' kappa", worked example: 10 subjects, 14 raters, 5 categories.
  const wikipedia = [
    [0, 0, 0, 0, 14],
    [0, 2, 6, 4, 2],
    [0, 0, 3, 5, 6],
    [0, 3, 9, 2, 0],
    [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0],
    [3, 2, 6, 3, 0],
    [2, 5, 3, 2, 2],
    [6, 5, 2, 1, 0],
    [0, 2, 2, 3, 7],
  ];

  it('reproduces the Wikipedia example: P-bar 0.378, P-bar_e 0.213, kappa 0.210', () => {
    const result = fleissKappa(wikipedia);
    expect(result.observedAgreement).toBeCloseTo(0.378, 3);
    expect(result.expectedAgreement).toBeCloseTo(0.213, 3);
    expect(result.kappa).toBeCloseTo(0.21, 3);
    expect(result.categoryShares.map((p) => Math.round(p * 1000) / 1000)).toEqual([0.143, 0.2, 0.279, 0.15, 0.229]);
  });

  it("with two raters equals Scott's pi computed from the pooled marginals", () => {
    const a = [1, 2, 2, 3, 1, 1, 2, 3, 3, 2, 1, 2];
    const b = [1, 2, 3, 3, 1, 2, 2, 3, 1, 2, 1, 1];
    const table = fleissTable([a, b]);
    const observed = a.filter((x, i) => x === b[i]).length / a.length;
    const pooled = [1, 2, 3].map((c) => (a.filter((x) => x === c).length + b.filter((x) => x === c).length) / (2 * a.length));
    const expected = pooled.reduce((s, p) => s + p * p, 0);
    expect(fleissKappa(table.counts).kappa).toBeCloseTo((observed - expected) / (1 - expected), 12);
  });

  it('leaves out subjects not every rater rated, and refuses unequal rater counts', () => {
    const table = fleissTable([
      ['x', 'y', null],
      ['x', 'x', 'y'],
    ]);
    expect(table.skipped).toBe(1);
    expect(table.counts).toEqual([[2, 0], [1, 1]]);
    expect(() => fleissKappa([[2, 0], [1, 2]])).toThrow(/same number of raters per subject/);
  });

  it('its null standard error matches the spread of kappa over simulated chance ratings', () => {
    const random = createRandom(21);
    const shares = [0.5, 0.3, 0.2];
    const draw = (): number => {
      const u = random.next();
      return u < shares[0] ? 0 : u < shares[0] + shares[1] ? 1 : 2;
    };
    const kappas: number[] = [];
    let formula = 0;
    for (let sim = 0; sim < 1500; sim++) {
      const counts = Array.from({ length: 200 }, () => {
        const row = [0, 0, 0];
        for (let r = 0; r < 5; r++) row[draw()]++;
        return row;
      });
      const result = fleissKappa(counts);
      kappas.push(result.kappa);
      formula += result.standardErrorNull / 1500;
    }
    const mean = kappas.reduce((s, x) => s + x, 0) / kappas.length;
    const spread = Math.sqrt(kappas.reduce((s, x) => s + (x - mean) ** 2, 0) / (kappas.length - 1));
    expect(spread / formula).toBeGreaterThan(0.9);
    expect(spread / formula).toBeLessThan(1.1);
  });

  it('has a positive null standard error and z = kappa / SE', () => {
    const result = fleissKappa(wikipedia);
    expect(result.standardErrorNull).toBeGreaterThan(0);
    expect(result.z).toBeCloseTo(result.kappa / result.standardErrorNull, 12);
  });
});
