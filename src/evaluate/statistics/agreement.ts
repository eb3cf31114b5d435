import { UndefinedStatisticError } from '../../types/errors.js';
import type { Category } from './categories.js';
import { cohenKappaFromRatings, fleissKappa, fleissTable } from './kappa.js';
import {
  ALPHA_LEVELS,
  bootstrapAlpha,
  krippendorffAlpha,
  reliabilityDataFromRecords,
  type AlphaLevel,
  type CodingRecord,
  type ReliabilityData,
} from './krippendorff.js';

export interface AgreementOptions {
  /** The level whose alpha gets a bootstrap interval (others are reported as point values). */
  readonly level: AlphaLevel;
  readonly replicates?: number;
  readonly seed?: number;
  /**
   * The scale of a numeric code (e.g. 1..5), checked against the codes. Weighted kappa weighs by
   * distance on the scale, so a category nobody used still counts. Default: every whole number
   * from the smallest to the largest value used, when all are whole numbers; else the values used.
   * (Linear and quadratic kappa do not change with unused categories at the ends, only with gaps.)
   */
  readonly scale?: { readonly min: number; readonly max: number };
}

/** Alpha at one level: a value, undefined by the data (no variation, one coder), or not applicable. */
export type LevelAlpha =
  | { readonly status: 'value'; readonly alpha: number }
  | { readonly status: 'undefined' | 'n/a'; readonly alpha: null; readonly reason: string };

export type AgreementKappa =
  | { readonly kind: 'cohen'; readonly kappa: number; readonly quadratic: number; readonly standardError: number }
  | { readonly kind: 'fleiss'; readonly kappa: number }
  | null;

export interface AgreementReport {
  readonly coders: readonly string[];
  readonly units: number;
  /** Values coded (missing ones left out). */
  readonly values: number;
  readonly level: AlphaLevel;
  /** NaN when alpha is undefined for these data (see `undefinedReason`). */
  readonly alpha: number;
  readonly lower: number;
  readonly upper: number;
  /** Why alpha at `level` has no value (e.g. only one coder), or null. */
  readonly undefinedReason: string | null;
  /** Probability that alpha is below common minimums (Hayes & Krippendorff 2007's q). */
  readonly probabilityBelow: ReadonlyArray<{ readonly minimum: number; readonly q: number }>;
  /** Alpha at every level; null where undefined or where the level does not apply (see `byLevel`). */
  readonly alphaByLevel: Readonly<Record<AlphaLevel, number | null>>;
  readonly byLevel: Readonly<Record<AlphaLevel, LevelAlpha>>;
  /** Cohen's kappa (unweighted and quadratic) for exactly two coders, Fleiss' kappa for more. */
  readonly kappa: AgreementKappa;
}

/** Why `level` cannot be computed on these values (a name at an ordered level, a negative ratio), or null. */
export function levelNotApplicable(data: ReliabilityData, level: AlphaLevel): string | null {
  if (level === 'nominal') return null;
  for (const row of data) {
    for (const value of row) {
      if (value === null || value === undefined) continue;
      if (typeof value !== 'number') return `${level} alpha needs numbers; the codes include ${JSON.stringify(value)}`;
      if (level === 'ratio' && value < 0) return `ratio alpha needs values >= 0 (a true zero); the codes include ${value}`;
    }
  }
  return null;
}

function alphaAtLevel(data: ReliabilityData, level: AlphaLevel): LevelAlpha {
  if (data.length === 0) return { status: 'undefined', alpha: null, reason: 'nothing was coded' };
  const notApplicable = levelNotApplicable(data, level);
  if (notApplicable) return { status: 'n/a', alpha: null, reason: notApplicable };
  try {
    return { status: 'value', alpha: krippendorffAlpha(data, level, { rows: 'coders' }).alpha };
  } catch (error) {
    if (error instanceof UndefinedStatisticError) return { status: 'undefined', alpha: null, reason: error.reason };
    throw error;
  }
}

/** The categories weighted kappa weighs over: the whole numeric scale, not only the values used. */
export function scaleCategories(data: ReliabilityData, scale?: { readonly min: number; readonly max: number }): Category[] | undefined {
  const used = data.flat().filter((v): v is Category => v !== null && v !== undefined);
  if (used.some((v) => typeof v !== 'number')) return undefined;
  const numbers = used as number[];
  if (scale) {
    if (!(Number.isInteger(scale.min) && Number.isInteger(scale.max) && scale.min < scale.max)) {
      throw new Error(`a scale needs whole numbers min < max, got ${scale.min}..${scale.max}`);
    }
    const outside = numbers.find((v) => !Number.isInteger(v) || v < scale.min || v > scale.max);
    if (outside !== undefined) throw new Error(`code ${outside} is not on the scale ${scale.min}..${scale.max}`);
    return Array.from({ length: scale.max - scale.min + 1 }, (_, i) => scale.min + i);
  }
  if (numbers.length === 0 || !numbers.every(Number.isInteger)) return undefined;
  let min = Infinity;
  let max = -Infinity;
  for (const v of numbers) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  // A scale of more than 1000 steps is not a rating scale; weigh by the values used.
  if (max - min > 1000) return undefined;
  return Array.from({ length: max - min + 1 }, (_, i) => min + i);
}

function kappaOf(data: ReliabilityData, coders: number, categories: Category[] | undefined): AgreementKappa {
  try {
    if (coders === 2) {
      const plain = cohenKappaFromRatings(data[0], data[1], { categories });
      const quadratic = cohenKappaFromRatings(data[0], data[1], { weights: 'quadratic', categories });
      return { kind: 'cohen', kappa: plain.kappa, quadratic: quadratic.kappa, standardError: plain.standardError };
    }
    if (coders > 2) {
      // Fleiss' kappa needs every coder on every unit: use the units all coders coded.
      const complete = data[0].map((_, u) => u).filter((u) => data.every((row) => row[u] !== null && row[u] !== undefined));
      if (complete.length === 0) return null;
      const table = fleissTable(data.map((row) => complete.map((u) => row[u])));
      return { kind: 'fleiss', kappa: fleissKappa(table.counts).kappa };
    }
  } catch (error) {
    if (error instanceof UndefinedStatisticError) return null;
    throw error;
  }
  return null;
}

/**
 * Inter-coder agreement of long-form codings, as `connote agreement` and `connote evaluate`
 * report it: Krippendorff's alpha with a bootstrap interval at the chosen level, alpha at the
 * other levels (n/a where a level does not fit the codes), and Cohen's (two coders) or Fleiss'
 * (more, complete data) kappa. Data on which alpha is undefined (one coder, no variation) give
 * NaN with the reason, never an exception: a study with one coder still gets its quality table.
 */
export function agreementReport(records: readonly CodingRecord<number | string>[], options: AgreementOptions): AgreementReport {
  const coded = records.filter((r) => r.value !== null && r.value !== undefined && r.value !== '');
  const { data, coders, units } = reliabilityDataFromRecords(coded);
  const chosenNotApplicable = levelNotApplicable(data, options.level);
  if (chosenNotApplicable) throw new Error(`agreement at the ${options.level} level: ${chosenNotApplicable}; choose another level`);
  const byLevel = Object.fromEntries(ALPHA_LEVELS.map((level) => [level, alphaAtLevel(data, level)])) as Record<AlphaLevel, LevelAlpha>;
  const chosen = byLevel[options.level];
  let interval = { alpha: Number.NaN, lower: Number.NaN, upper: Number.NaN, probabilityBelow: [] as AgreementReport['probabilityBelow'] };
  if (chosen.status === 'value') {
    const boot = bootstrapAlpha(data, options.level, { replicates: options.replicates ?? 2000, seed: options.seed ?? 42, rows: 'coders' });
    interval = { alpha: boot.estimate, lower: boot.lower, upper: boot.upper, probabilityBelow: boot.probabilityBelow };
  }
  return {
    coders,
    units: units.length,
    values: coded.length,
    level: options.level,
    ...interval,
    undefinedReason: chosen.status === 'value' ? null : chosen.reason,
    alphaByLevel: Object.fromEntries(ALPHA_LEVELS.map((level) => [level, byLevel[level].alpha])) as Record<AlphaLevel, number | null>,
    byLevel,
    kappa: kappaOf(data, coders.length, scaleCategories(data, options.scale)),
  };
}
