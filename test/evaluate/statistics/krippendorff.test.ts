import { readFileSync } from 'node:fs';
import { alpha as peerAlpha } from 'krippendorff';
import { describe, expect, it } from 'vitest';
import { UndefinedStatisticError } from '../../../src/types/errors.js';
import {
  bootstrapAlpha,
  coincidenceMatrix,
  krippendorffAlpha,
  reliabilityDataFromRecords,
  type ReliabilityData,
} from '../../../src/evaluate/statistics/krippendorff.js';
import { parsePairsCsv, parseRatingsCsv } from '../../../src/evaluate/coding/pairs-csv.js';
import { SIMILARITY_DIMENSIONS } from '../../../src/evaluate/coding/types.js';
import { createRandom } from '../../../src/util/random.js';

/** A coder's row as printed in the sources: values separated by spaces, '*' for missing. */
const row = (text: string): (number | null)[] => text.split(' ').map((cell) => (cell === '*' ? null : Number(cell)));

// Wikipedia, "Krippendorff's alpha", computational example (3 coders, 15 units).
const wikipedia: ReliabilityData = [
  row('* * * * * 3 4 1 2 1 1 3 3 * 3'),
  row('1 * 2 1 3 3 4 3 * * * * * * *'),
  row('* * 2 1 3 4 4 * 2 1 1 3 3 * 4'),
];

// Krippendorff (2011), "Computing Krippendorff's alpha-reliability", example C (4 coders, 12 units).
const krippendorffC: ReliabilityData = [
  row('1 2 3 3 2 1 4 1 2 * * *'),
  row('1 2 3 3 2 2 4 1 2 5 * 3'),
  row('* 3 3 3 2 3 4 2 2 5 1 *'),
  row('1 2 3 3 2 4 4 1 2 5 1 *'),
];

/**
 * Alpha by the pairwise-disagreement formula, written independently of the coincidence matrix:
 * alpha = 1 - (n - 1) * sum_u [sum_{i != j in u} d(v_i, v_j) / (m_u - 1)] / sum_{i != j over all} d(v_i, v_j).
 */
function pairwiseAlpha(data: ReliabilityData, d: (a: number, b: number) => number): number {
  const units: number[][] = [];
  for (let u = 0; u < data[0].length; u++) {
    const values = data.map((coder) => coder[u]).filter((v): v is number => typeof v === 'number');
    if (values.length >= 2) units.push(values);
  }
  const all = units.flat();
  let within = 0;
  for (const values of units) {
    let sum = 0;
    for (let i = 0; i < values.length; i++) for (let j = 0; j < values.length; j++) if (i !== j) sum += d(values[i], values[j]);
    within += sum / (values.length - 1);
  }
  let total = 0;
  for (let i = 0; i < all.length; i++) for (let j = 0; j < all.length; j++) if (i !== j) total += d(all[i], all[j]);
  return 1 - ((all.length - 1) * within) / total;
}
const nominalDistance = (a: number, b: number): number => (a === b ? 0 : 1);
const intervalDistance = (a: number, b: number): number => (a - b) ** 2;

describe("Krippendorff's alpha: published test vectors", () => {
  it('reproduces the Wikipedia example (nominal 0.691358, interval 0.810845)', () => {
    expect(krippendorffAlpha(wikipedia, 'nominal').alpha).toBeCloseTo(0.691358, 6);
    expect(krippendorffAlpha(wikipedia, 'interval').alpha).toBeCloseTo(0.810845, 6);
  });

  it('reproduces Krippendorff (2011) example C at all four levels', () => {
    expect(krippendorffAlpha(krippendorffC, 'nominal').alpha).toBeCloseTo(0.743, 3);
    expect(krippendorffAlpha(krippendorffC, 'ordinal').alpha).toBeCloseTo(0.815, 3);
    expect(krippendorffAlpha(krippendorffC, 'interval').alpha).toBeCloseTo(0.849, 3);
    expect(krippendorffAlpha(krippendorffC, 'ratio').alpha).toBeCloseTo(0.797, 3);
  });

  it("builds example C's coincidence matrix: n = 40 pairable values, unit 12 (one value) left out", () => {
    const matrix = coincidenceMatrix(krippendorffC, 'nominal');
    expect(matrix.total).toBe(40);
    expect(matrix.pairableUnits).toBe(11);
    expect(matrix.values).toEqual([1, 2, 3, 4, 5]);
    // Krippendorff (2011) prints n_c = 9, 13, 10, 5, 3 for values 1..5.
    expect([...matrix.marginals].map((x) => Math.round(x * 1e9) / 1e9)).toEqual([9, 13, 10, 5, 3]);
  });
});

describe("Krippendorff's alpha: properties", () => {
  it('agrees with the pairwise-disagreement formula on both published examples', () => {
    for (const data of [wikipedia, krippendorffC]) {
      expect(krippendorffAlpha(data, 'nominal').alpha).toBeCloseTo(pairwiseAlpha(data, nominalDistance), 12);
      expect(krippendorffAlpha(data, 'interval').alpha).toBeCloseTo(pairwiseAlpha(data, intervalDistance), 12);
    }
  });

  it('agrees with an independent package (krippendorff on npm) on random data with missing values', () => {
    const random = createRandom(31);
    for (let trial = 0; trial < 5; trial++) {
      const data = Array.from({ length: 4 }, () =>
        Array.from({ length: 60 }, () => (random.next() < 0.25 ? null : random.int(5) + 1)),
      );
      const peerData = data.map((coder) => coder.map((value) => value ?? undefined));
      expect(krippendorffAlpha(data, 'nominal').alpha).toBeCloseTo(peerAlpha(peerData), 12);
      expect(krippendorffAlpha(data, 'interval').alpha).toBeCloseTo(peerAlpha(peerData, intervalDistance), 12);
    }
  });

  it('is 1 for perfect agreement and does not depend on the order of coders or units', () => {
    expect(krippendorffAlpha([row('1 2 3 1'), row('1 2 3 1')], 'nominal').alpha).toBe(1);
    const reversedUnits = krippendorffC.map((coder) => [...coder].reverse());
    const reversedCoders = [...krippendorffC].reverse();
    for (const level of ['nominal', 'ordinal', 'interval', 'ratio'] as const) {
      const alpha = krippendorffAlpha(krippendorffC, level).alpha;
      expect(krippendorffAlpha(reversedUnits, level).alpha).toBeCloseTo(alpha, 12);
      expect(krippendorffAlpha(reversedCoders, level).alpha).toBeCloseTo(alpha, 12);
    }
  });

  it('treats nominal values as names (strings work) and interval alpha as invariant to shifts', () => {
    const names = krippendorffC.map((coder) => coder.map((v) => (v === null ? null : `v${v}`)));
    expect(krippendorffAlpha(names, 'nominal').alpha).toBeCloseTo(krippendorffAlpha(krippendorffC, 'nominal').alpha, 12);
    const shifted = krippendorffC.map((coder) => coder.map((v) => (v === null ? null : (v as number) * 2 + 10)));
    expect(krippendorffAlpha(shifted, 'interval').alpha).toBeCloseTo(krippendorffAlpha(krippendorffC, 'interval').alpha, 12);
  });

  it('throws a clear, typed error where alpha is undefined', () => {
    expect(() => krippendorffAlpha([row('2 2 *'), row('2 2 2')], 'nominal')).toThrow(UndefinedStatisticError);
    expect(() => krippendorffAlpha([row('2 2 *'), row('2 2 2')], 'nominal')).toThrow(/all pairable values are the same/);
    expect(() => krippendorffAlpha([row('1 * 3'), row('* 2 *')], 'interval')).toThrow(/no unit was coded by two or more coders/);
  });

  it('rejects values that do not fit the level, and ragged data', () => {
    expect(() => krippendorffAlpha([['a', 'b'], ['a', 'a']], 'interval')).toThrow(/needs finite numbers/);
    expect(() => krippendorffAlpha([row('1 -2'), row('1 2')], 'ratio')).toThrow(/values >= 0/);
    expect(() => krippendorffAlpha([row('1 2'), row('1')], 'nominal')).toThrow(/ragged/);
  });
});

describe('reliabilityDataFromRecords', () => {
  it('builds the coders x units matrix from long records, missing as null', () => {
    const { data, coders, units } = reliabilityDataFromRecords([
      { unit: 'u1', coder: 'A', value: 1 },
      { unit: 'u1', coder: 'B', value: 2 },
      { unit: 'u2', coder: 'B', value: null },
      { unit: 'u3', coder: 'A', value: 3 },
    ]);
    expect(coders).toEqual(['A', 'B']);
    expect(units).toEqual(['u1', 'u2', 'u3']);
    expect(data).toEqual([
      [1, null, 3],
      [2, null, null],
    ]);
  });

  it('refuses two values by one coder for one unit', () => {
    expect(() =>
      reliabilityDataFromRecords([
        { unit: 'u1', coder: 'A', value: 1 },
        { unit: 'u1', coder: 'A', value: 2 },
      ]),
    ).toThrow(/coder 'A' coded unit 'u1' more than once/);
  });
});

describe('bootstrapAlpha', () => {
  it('is reproducible from its seed and brackets the estimate', () => {
    const first = bootstrapAlpha(krippendorffC, 'nominal', { seed: 3, replicates: 2000 });
    const second = bootstrapAlpha(krippendorffC, 'nominal', { seed: 3, replicates: 2000 });
    expect(second.lower).toBe(first.lower);
    expect(second.upper).toBe(first.upper);
    expect(first.lower).toBeLessThan(first.estimate);
    expect(first.upper).toBeGreaterThan(first.estimate);
    expect(first.estimate).toBeCloseTo(0.743, 3);
  });

  it('draws as many pairs as the data has by default, or KALPHA v3.0\'s min(25 Q, (m - 1) n / 2)', () => {
    // Example C: units 2-9 have 4 values (6 pairs each), units 1 and 10 have 3 (3 each), unit 11 has 2.
    expect(bootstrapAlpha(krippendorffC, 'nominal', { replicates: 10 }).drawsPerReplicate).toBe(55);
    // 4 coders, n = 40: (m - 1) n / 2 = 60 < 25 Q.
    expect(bootstrapAlpha(krippendorffC, 'nominal', { replicates: 10, draws: 'kalpha' }).drawsPerReplicate).toBe(60);
    expect(bootstrapAlpha(krippendorffC, 'nominal', { replicates: 10, draws: 7 }).drawsPerReplicate).toBe(7);
  });

  it('with two coders and every unit paired, matches the spread of the units bootstrap', () => {
    const random = createRandom(12);
    const truth = Array.from({ length: 300 }, () => random.int(3) + 1);
    const coder = (): number[] => truth.map((value) => (random.next() < 0.75 ? value : random.int(3) + 1));
    const data = [coder(), coder()];
    const pairsDraw = bootstrapAlpha(data, 'nominal', { seed: 1, replicates: 3000 });
    const unitsDraw = bootstrapAlpha(data, 'nominal', { seed: 1, replicates: 3000, resample: 'units' });
    expect(pairsDraw.standardError / unitsDraw.standardError).toBeGreaterThan(0.85);
    expect(pairsDraw.standardError / unitsDraw.standardError).toBeLessThan(1.15);
  });

  it('reports q = P(alpha < minimum), rising with the minimum', () => {
    const result = bootstrapAlpha(krippendorffC, 'ordinal', { seed: 5, replicates: 4000, minimums: [0.5, 0.667, 0.8, 0.9] });
    const qs = result.probabilityBelow.map((entry) => entry.q);
    expect(result.probabilityBelow.map((entry) => entry.minimum)).toEqual([0.5, 0.667, 0.8, 0.9]);
    for (let i = 1; i < qs.length; i++) expect(qs[i]).toBeGreaterThanOrEqual(qs[i - 1]);
    expect(qs[0]).toBeGreaterThanOrEqual(0);
    expect(qs[3]).toBeLessThanOrEqual(1);
    // Replicates never fall below -1 (Krippendorff's algorithm clamps there).
    expect(result.replicates[0]).toBeGreaterThanOrEqual(-1);
  });

  it('can resample units instead, counting resamples where alpha is undefined', () => {
    const result = bootstrapAlpha(krippendorffC, 'interval', { seed: 9, replicates: 1000, resample: 'units' });
    expect(result.resample).toBe('units');
    expect(result.drawsPerReplicate).toBe(12);
    expect(result.replicates.length + result.undefinedReplicates).toBe(1000);
    expect(result.lower).toBeLessThan(result.upper);
  });
});

describe('alpha on the climate-demo ratings (160 pairs, two coders)', () => {
  const pairs = parsePairsCsv(readFileSync('examples/climate-demo/pairs.csv', 'utf8'), 'pairs.csv');
  const ratings = parseRatingsCsv(readFileSync('examples/climate-demo/ratings.csv', 'utf8'), 'ratings.csv', {
    pairIds: pairs.map((pair) => pair.pairId),
  });

  it.each(SIMILARITY_DIMENSIONS)('%s: alpha is finite, in [-1, 1], and equals the pairwise formula', (dimension) => {
    const { data, coders, units } = reliabilityDataFromRecords(
      ratings.map((rating) => ({ unit: rating.pairId, coder: rating.coder, value: rating[dimension] })),
    );
    expect(coders).toHaveLength(2);
    expect(units).toHaveLength(160);
    for (const [level, distance] of [
      ['nominal', nominalDistance],
      ['interval', intervalDistance],
    ] as const) {
      const { alpha } = krippendorffAlpha(data, level);
      expect(Number.isFinite(alpha)).toBe(true);
      expect(alpha).toBeGreaterThanOrEqual(-1);
      expect(alpha).toBeLessThanOrEqual(1);
      expect(alpha).toBeCloseTo(pairwiseAlpha(data, distance), 12);
    }
  });

  it('gives the values recorded for the bundled ratings', () => {
    const alphaOf = (dimension: 'denotative' | 'connotative', level: 'nominal' | 'interval'): number =>
      krippendorffAlpha(
        reliabilityDataFromRecords(ratings.map((r) => ({ unit: r.pairId, coder: r.coder, value: r[dimension] }))).data,
        level,
      ).alpha;
    // Golden values, confirmed by the independent pairwise formula above.
    expect(alphaOf('denotative', 'nominal')).toBeCloseTo(0.840467, 6);
    expect(alphaOf('denotative', 'interval')).toBeCloseTo(0.925343, 6);
    expect(alphaOf('connotative', 'nominal')).toBeCloseTo(0.912675, 6);
    expect(alphaOf('connotative', 'interval')).toBeCloseTo(0.949835, 6);
  });
});
