/**
 * Krippendorff's alpha reliability coefficient for nominal, ordinal, interval and ratio data with
 * any number of coders and missing values, in the coincidence-matrix formulation, and its
 * bootstrap distribution.
 *
 * @see Krippendorff, K. (2011). Computing Krippendorff's alpha-reliability. Annenberg School for
 *   Communication departmental paper 43 (sections: reliability data, coincidence matrix, metric
 *   differences, alpha = 1 - D_o / D_e).
 * @see Hayes, A. F. & Krippendorff, K. (2007). Answering the call for a standard reliability
 *   measure for coding data. Communication Methods and Measures 1(1), 77-89 (the bootstrap and q);
 *   Krippendorff, K. (2006, rev. 2011). Algorithm for bootstrapping a distribution of alpha; the
 *   KALPHA macro (A. F. Hayes, v3.0, 2011) that implements it.
 */
import type { Random } from '../../util/random.js';
import {
  DEFAULT_LEVEL,
  bootstrap,
  categoricalSampler,
  drawReplicates,
  resampleIndices,
  shareBelow,
  summarizeReplicates,
  type BootstrapDistribution,
  type BootstrapOptions,
} from './bootstrap.js';
import { compareCategories } from './categories.js';
import { codersByUnits, type AlphaOptions, type CodedValue, type MaybeValue, type ReliabilityData } from './reliability-data.js';
import { UndefinedStatisticError } from '../../types/errors.js';

export * from './reliability-data.js';

/** Level of measurement: decides the difference function delta^2 between two values. */
export type AlphaLevel = 'nominal' | 'ordinal' | 'interval' | 'ratio';
export const ALPHA_LEVELS: readonly AlphaLevel[] = ['nominal', 'ordinal', 'interval', 'ratio'];

/** Observed coincidences o_ck between the distinct values (Krippendorff 2011, section B). */
export interface CoincidenceMatrix {
  /** The distinct pairable values, ascending; row/column c of `counts` is `values[c]`. */
  readonly values: readonly CodedValue[];
  /** o_ck, row-major `values.length` squared, symmetric. */
  readonly counts: Float64Array;
  /** n_c = sum over k of o_ck: how often value c was pairable. */
  readonly marginals: Float64Array;
  /** n.. = number of pairable values (values in units with at least two of them). */
  readonly total: number;
  /** Units that had two or more values. */
  readonly pairableUnits: number;
  /** Sum over pairable units of m_u (m_u - 1) / 2: pairs of values compared. */
  readonly pairs: number;
  /** Rows (coders) of the reliability data. */
  readonly coders: number;
}

export interface AlphaResult {
  readonly alpha: number;
  readonly level: AlphaLevel;
  /** D_o = (1/n) sum o_ck delta^2_ck. */
  readonly observedDisagreement: number;
  /** D_e = 1/(n(n-1)) sum n_c n_k delta^2_ck. */
  readonly expectedDisagreement: number;
  readonly coincidences: CoincidenceMatrix;
}

function isMissing(value: MaybeValue): value is null | undefined {
  return value === null || value === undefined;
}

function checkValue(value: CodedValue, level: AlphaLevel, coder: number, unit: number): void {
  if (level === 'nominal') {
    if (typeof value === 'number' && !Number.isFinite(value)) {
      throw new Error(`coder ${coder}, unit ${unit}: value ${value} is not a finite number`);
    }
    return;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new Error(`coder ${coder}, unit ${unit}: ${level} alpha needs finite numbers, got ${JSON.stringify(value)}`);
  }
  if (level === 'ratio' && value < 0) {
    throw new Error(`coder ${coder}, unit ${unit}: ratio alpha needs values >= 0, got ${value}`);
  }
}

/**
 * Builds the coincidence matrix: within each unit u with m_u >= 2 values, every ordered pair of
 * values from two different coders adds 1/(m_u - 1) to o_ck. Units with fewer than two values
 * are not pairable and drop out, as in Krippendorff (2011).
 */
export function coincidenceMatrix(data: ReliabilityData, level: AlphaLevel = 'nominal'): CoincidenceMatrix {
  if (!ALPHA_LEVELS.includes(level)) {
    throw new Error(`unknown alpha level '${level}'; choose one of: ${ALPHA_LEVELS.join(', ')}`);
  }
  const coders = data.length;
  if (coders === 0) throw new Error('reliability data has no coders (rows)');
  const units = data[0].length;
  data.forEach((row, coder) => {
    if (row.length !== units) {
      throw new Error(`reliability data is ragged: coder 0 has ${units} units, coder ${coder} has ${row.length}`);
    }
  });

  // The pairable values decide the value domain (values only in single-coded units do not count).
  const distinct = new Map<CodedValue, number>();
  const unitSizes = new Int32Array(units);
  for (let u = 0; u < units; u++) {
    for (let c = 0; c < coders; c++) if (!isMissing(data[c][u])) unitSizes[u]++;
  }
  for (let u = 0; u < units; u++) {
    if (unitSizes[u] < 2) continue;
    for (let c = 0; c < coders; c++) {
      const value = data[c][u];
      if (isMissing(value)) continue;
      checkValue(value, level, c, u);
      distinct.set(value, 0);
    }
  }
  const values = [...distinct.keys()].sort(compareCategories);
  values.forEach((value, index) => distinct.set(value, index));

  const v = values.length;
  const counts = new Float64Array(v * v);
  const unitCounts = new Float64Array(v);
  const present: number[] = [];
  let pairableUnits = 0;
  let pairs = 0;
  for (let u = 0; u < units; u++) {
    const m = unitSizes[u];
    if (m < 2) continue;
    pairableUnits++;
    pairs += (m * (m - 1)) / 2;
    present.length = 0;
    for (let c = 0; c < coders; c++) {
      const value = data[c][u];
      if (isMissing(value)) continue;
      const index = distinct.get(value)!;
      if (unitCounts[index] === 0) present.push(index);
      unitCounts[index]++;
    }
    // n_uc n_uk / (m_u - 1) for c != k, n_uc (n_uc - 1) / (m_u - 1) on the diagonal.
    for (const c of present) {
      for (const k of present) {
        const product = c === k ? unitCounts[c] * (unitCounts[c] - 1) : unitCounts[c] * unitCounts[k];
        counts[c * v + k] += product / (m - 1);
      }
    }
    for (const c of present) unitCounts[c] = 0;
  }

  const marginals = new Float64Array(v);
  let total = 0;
  for (let c = 0; c < v; c++) {
    for (let k = 0; k < v; k++) marginals[c] += counts[c * v + k];
    total += marginals[c];
  }
  return { values, counts, marginals, total, pairableUnits, pairs, coders };
}

/**
 * The squared metric differences delta^2_ck between the matrix's values (Krippendorff 2011,
 * section C): nominal 0/1; ordinal (sum_{g=c..k} n_g - (n_c + n_k)/2)^2 over ranks; interval
 * (c - k)^2; ratio ((c - k)/(c + k))^2.
 */
export function metricDifferences(matrix: CoincidenceMatrix, level: AlphaLevel): Float64Array {
  const { values, marginals } = matrix;
  const v = values.length;
  const delta = new Float64Array(v * v);
  for (let c = 0; c < v; c++) {
    for (let k = c + 1; k < v; k++) {
      let d: number;
      switch (level) {
        case 'nominal':
          d = 1;
          break;
        case 'ordinal': {
          let between = 0;
          for (let g = c; g <= k; g++) between += marginals[g];
          d = (between - (marginals[c] + marginals[k]) / 2) ** 2;
          break;
        }
        case 'interval':
          d = ((values[c] as number) - (values[k] as number)) ** 2;
          break;
        case 'ratio': {
          const a = values[c] as number;
          const b = values[k] as number;
          d = ((a - b) / (a + b)) ** 2;
          break;
        }
      }
      delta[c * v + k] = d;
      delta[k * v + c] = d;
    }
  }
  return delta;
}

/** D_e: the disagreement expected when values are paired by chance, from the marginals. */
function expectedDisagreement(matrix: CoincidenceMatrix, delta: Float64Array): number {
  const { marginals, total: n } = matrix;
  const v = marginals.length;
  let sum = 0;
  for (let c = 0; c < v; c++) for (let k = 0; k < v; k++) sum += marginals[c] * marginals[k] * delta[c * v + k];
  return sum / (n * (n - 1));
}

function assertDefined(matrix: CoincidenceMatrix, expected: number): void {
  if (matrix.pairableUnits === 0) {
    throw new UndefinedStatisticError("Krippendorff's alpha", 'no unit was coded by two or more coders');
  }
  if (matrix.values.length < 2 || !(expected > 0)) {
    throw new UndefinedStatisticError(
      "Krippendorff's alpha",
      `all pairable values are the same (${JSON.stringify(matrix.values[0])}), so there is no variation to agree on`,
    );
  }
}

/**
 * Krippendorff's alpha = 1 - D_o / D_e for `data` (coders x units, null for missing; see
 * `AlphaOptions.rows` for a units x coders table).
 * Throws `UndefinedStatisticError` when no unit has two values or when all pairable values are
 * equal (D_e = 0).
 */
export function krippendorffAlpha(data: ReliabilityData, level: AlphaLevel = 'nominal', options: AlphaOptions = {}): AlphaResult {
  const table = codersByUnits(data, options.rows, 'krippendorffAlpha');
  return alphaFromCoincidences(coincidenceMatrix(table, level), level);
}

/** Alpha from an already built coincidence matrix (built with the same `level`). */
export function alphaFromCoincidences(matrix: CoincidenceMatrix, level: AlphaLevel): AlphaResult {
  const delta = metricDifferences(matrix, level);
  const expected = expectedDisagreement(matrix, delta);
  assertDefined(matrix, expected);
  const v = matrix.values.length;
  let observed = 0;
  for (let i = 0; i < v * v; i++) observed += matrix.counts[i] * delta[i];
  observed /= matrix.total;
  return {
    alpha: 1 - observed / expected,
    level,
    observedDisagreement: observed,
    expectedDisagreement: expected,
    coincidences: matrix,
  };
}

/**
 * How the bootstrap resamples:
 * - 'coincidences' (default): Krippendorff's algorithm as in Hayes & Krippendorff (2007) and the
 *   KALPHA macro: draw M pairs of values from the observed coincidences, keep D_e fixed.
 * - 'units': Efron's nonparametric bootstrap over units (columns), alpha recomputed in full on
 *   each resample. Usually wider; offered because the pair bootstrap treats the pairs of a unit as
 *   independent (Gwet 2015, "Standard error of Krippendorff's alpha").
 */
export type AlphaResampling = 'coincidences' | 'units';

export interface AlphaBootstrapOptions extends BootstrapOptions, AlphaOptions {
  readonly resample?: AlphaResampling;
  /**
   * Pairs of values drawn per replicate when resampling coincidences:
   * - 'pairs' (default): as many as the data has, sum of m_u (m_u - 1) / 2, as Hayes & Krippendorff
   *   (2007) describe ("a random sample of 239 pairs of judgments from the available pairs");
   * - 'kalpha': min(25 Q, (m - 1) n / 2), Q the non-empty cells of the coincidence matrix and m the
   *   number of coders, the cap of the KALPHA macro v3.0, for reproducing its output. The cap does
   *   not grow with the data, so on large studies it gives wider intervals than the data warrant;
   * - a number: that many.
   */
  readonly draws?: 'pairs' | 'kalpha' | number;
  /** Smallest acceptable alphas; q = P(alpha < minimum) is reported for each. */
  readonly minimums?: readonly number[];
}

/** Krippendorff's customary thresholds: 0.8 for firm conclusions, 0.667 for tentative ones. */
export const DEFAULT_ALPHA_MINIMUMS: readonly number[] = [0.9, 0.8, 0.7, 0.667, 0.6, 0.5];

export interface AlphaBootstrap extends BootstrapDistribution {
  readonly resample: AlphaResampling;
  /** Pairs of values drawn per replicate ('coincidences') or units drawn ('units'). */
  readonly drawsPerReplicate: number;
  /** q: the share of bootstrapped alphas below each minimum. */
  readonly probabilityBelow: readonly { readonly minimum: number; readonly q: number }[];
}

/**
 * The bootstrap distribution of alpha with a percentile interval and q = P(alpha < alpha_min).
 * Seeded through `options.seed` / `options.random`.
 */
export function bootstrapAlpha(
  data: ReliabilityData,
  level: AlphaLevel = 'nominal',
  options: AlphaBootstrapOptions = {},
): AlphaBootstrap {
  const resample = options.resample ?? 'coincidences';
  data = codersByUnits(data, options.rows, 'bootstrapAlpha');
  const matrix = coincidenceMatrix(data, level);
  const estimate = alphaFromCoincidences(matrix, level).alpha;
  let distribution: BootstrapDistribution;
  let drawsPerReplicate: number;
  if (resample === 'coincidences') {
    drawsPerReplicate = coincidenceDraws(matrix, options.draws ?? 'pairs');
    const values = drawReplicates(coincidenceReplicate(matrix, level, drawsPerReplicate), options);
    correctUndefinedOnes(values, matrix);
    distribution = summarizeReplicates(estimate, values, options.level ?? DEFAULT_LEVEL);
  } else if (resample === 'units') {
    drawsPerReplicate = data[0].length;
    distribution = bootstrap(estimate, unitsReplicate(data, level), options);
  } else {
    throw new Error(`unknown alpha resampling '${resample as string}'; choose 'coincidences' or 'units'`);
  }
  const minimums = options.minimums ?? DEFAULT_ALPHA_MINIMUMS;
  return {
    ...distribution,
    resample,
    drawsPerReplicate,
    probabilityBelow: minimums.map((minimum) => ({ minimum, q: shareBelow(distribution, minimum) })),
  };
}

/** M, the pairs of values drawn per replicate (see `AlphaBootstrapOptions.draws`). */
function coincidenceDraws(matrix: CoincidenceMatrix, draws: 'pairs' | 'kalpha' | number): number {
  if (draws === 'pairs') return Math.max(1, Math.round(matrix.pairs));
  if (draws === 'kalpha') {
    let nonEmpty = 0;
    for (const count of matrix.counts) if (count > 0) nonEmpty++;
    return Math.max(1, Math.floor(Math.min(25 * nonEmpty, ((matrix.coders - 1) * matrix.total) / 2)));
  }
  if (!Number.isInteger(draws) || draws < 1) throw new Error(`alpha bootstrap draws must be a positive integer, got ${draws}`);
  return draws;
}

/** One replicate: M cells drawn with probabilities o_ck/n (unordered: 2 o_ck/n off the diagonal). */
function coincidenceReplicate(matrix: CoincidenceMatrix, level: AlphaLevel, draws: number): (random: Random) => number {
  const v = matrix.values.length;
  const delta = metricDifferences(matrix, level);
  const expected = expectedDisagreement(matrix, delta);
  assertDefined(matrix, expected);
  const weights: number[] = [];
  const cellDelta: number[] = [];
  for (let c = 0; c < v; c++) {
    for (let k = c; k < v; k++) {
      weights.push((c === k ? 1 : 2) * matrix.counts[c * v + k]);
      cellDelta.push(delta[c * v + k]);
    }
  }
  const drawCell = categoricalSampler(weights);
  const diagonalValues = countDiagonalValues(matrix);
  return (random) => {
    let sum = 0;
    for (let i = 0; i < draws; i++) sum += cellDelta[drawCell(random)];
    const alpha = 1 - sum / (draws * expected);
    if (alpha < -1) return -1;
    // With one value on the diagonal, a sample of perfect matches has no variation: alpha 0, not 1.
    if (alpha === 1 && diagonalValues === 1) return 0;
    return alpha;
  };
}

function countDiagonalValues(matrix: CoincidenceMatrix): number {
  const v = matrix.values.length;
  let count = 0;
  for (let c = 0; c < v; c++) if (matrix.counts[c * v + c] > 0) count++;
  return count;
}

/**
 * Krippendorff's correction of the replicates equal to 1: a resample made only of matches of one
 * value would have no variation (alpha undefined, taken as 0), which the pair draw cannot see.
 * The expected number of such resamples, round(B sum_c (o_cc / n)^pairs), of the alphas equal to 1
 * are set to 0 (KALPHA v3.0).
 */
function correctUndefinedOnes(values: Float64Array, matrix: CoincidenceMatrix): void {
  if (countDiagonalValues(matrix) < 2) return;
  const v = matrix.values.length;
  let probability = 0;
  for (let c = 0; c < v; c++) probability += (matrix.counts[c * v + c] / matrix.total) ** matrix.pairs;
  let toCorrect = Math.round(values.length * probability);
  for (let b = 0; b < values.length && toCorrect > 0; b++) {
    if (values[b] === 1) {
      values[b] = 0;
      toCorrect--;
    }
  }
}

/** One replicate of the units bootstrap: alpha on a resample of the columns, NaN if undefined. */
function unitsReplicate(data: ReliabilityData, level: AlphaLevel): (random: Random) => number {
  const units = data[0].length;
  const indices = new Int32Array(units);
  const resampled = data.map(() => new Array<MaybeValue>(units));
  return (random) => {
    resampleIndices(units, random, units, indices);
    for (let c = 0; c < data.length; c++) for (let u = 0; u < units; u++) resampled[c][u] = data[c][indices[u]];
    try {
      return krippendorffAlpha(resampled, level, { rows: 'coders' }).alpha;
    } catch (error) {
      if (error instanceof UndefinedStatisticError) return Number.NaN;
      throw error;
    }
  };
}
