import { cohenKappaFromRatings, fleissKappa, fleissTable } from './kappa.js';
import {
  ALPHA_LEVELS,
  bootstrapAlpha,
  krippendorffAlpha,
  reliabilityDataFromRecords,
  type AlphaLevel,
  type CodingRecord,
} from './krippendorff.js';
import { UndefinedStatisticError } from '../../types/errors.js';

export interface AgreementOptions {
  /** The level whose alpha gets a bootstrap interval (others are reported as point values). */
  readonly level: AlphaLevel;
  readonly replicates?: number;
  readonly seed?: number;
}

export interface AgreementReport {
  readonly coders: readonly string[];
  readonly units: number;
  /** Values coded (missing ones left out). */
  readonly values: number;
  readonly level: AlphaLevel;
  readonly alpha: number;
  readonly lower: number;
  readonly upper: number;
  /** Probability that alpha is below common minimums (Hayes & Krippendorff 2007's q). */
  readonly probabilityBelow: ReadonlyArray<{ readonly minimum: number; readonly q: number }>;
  /** Alpha at every level; null where undefined. */
  readonly alphaByLevel: Readonly<Record<AlphaLevel, number | null>>;
  /** Cohen's kappa (unweighted and quadratic) for exactly two coders, Fleiss' kappa for more. */
  readonly kappa:
    | { readonly kind: 'cohen'; readonly kappa: number; readonly quadratic: number; readonly standardError: number }
    | { readonly kind: 'fleiss'; readonly kappa: number }
    | null;
}

/**
 * Inter-coder agreement of long-form codings, as `connote agreement` and `connote evaluate`
 * report it: Krippendorff's alpha with a bootstrap interval at the chosen level, alpha at the
 * other levels, and Cohen's (two coders) or Fleiss' (more, complete data) kappa.
 */
export function agreementReport(records: readonly CodingRecord<number | string>[], options: AgreementOptions): AgreementReport {
  const coded = records.filter((r) => r.value !== null && r.value !== undefined && r.value !== '');
  const { data, coders, units } = reliabilityDataFromRecords(coded);
  const boot = bootstrapAlpha(data, options.level, { replicates: options.replicates ?? 2000, seed: options.seed ?? 42 });
  const alphaByLevel = Object.fromEntries(
    ALPHA_LEVELS.map((level) => {
      if (level !== 'nominal' && data.some((row) => row.some((v) => v !== null && typeof v !== 'number'))) return [level, null];
      try {
        return [level, krippendorffAlpha(data, level).alpha];
      } catch (error) {
        if (error instanceof UndefinedStatisticError) return [level, null];
        throw error;
      }
    }),
  ) as Record<AlphaLevel, number | null>;
  let kappa: AgreementReport['kappa'] = null;
  if (coders.length === 2) {
    const plain = cohenKappaFromRatings(data[0], data[1]);
    const quadratic = cohenKappaFromRatings(data[0], data[1], { weights: 'quadratic' });
    kappa = { kind: 'cohen', kappa: plain.kappa, quadratic: quadratic.kappa, standardError: plain.standardError };
  } else if (coders.length > 2) {
    // Fleiss' kappa needs every coder on every unit: use the units all coders coded.
    const complete = units.map((_, u) => u).filter((u) => data.every((row) => row[u] !== null));
    if (complete.length > 0) {
      const table = fleissTable(data.map((row) => complete.map((u) => row[u])));
      kappa = { kind: 'fleiss', kappa: fleissKappa(table.counts).kappa };
    }
  }
  return {
    coders,
    units: units.length,
    values: coded.length,
    level: options.level,
    alpha: boot.estimate,
    lower: boot.lower,
    upper: boot.upper,
    probabilityBelow: boot.probabilityBelow,
    alphaByLevel,
    kappa,
  };
}
