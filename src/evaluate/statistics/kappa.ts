/**
 * Chance-corrected agreement between raters of categories: Cohen's kappa for two raters
 * (unweighted, or weighted for ordered categories) with its large-sample standard errors, and
 * Fleiss' kappa for any fixed number of raters per subject.
 *
 * @see Cohen, J. (1960). A coefficient of agreement for nominal scales. Educational and
 *   Psychological Measurement 20, 37-46.
 * @see Cohen, J. (1968). Weighted kappa. Psychological Bulletin 70(4), 213-220.
 * @see Fleiss, J. L., Cohen, J. & Everitt, B. S. (1969). Large sample standard errors of kappa and
 *   weighted kappa. Psychological Bulletin 72(5), 323-327 (the variances below, in the form SAS
 *   PROC FREQ documents for its AGREE option).
 * @see Fleiss, J. L. (1971). Measuring nominal scale agreement among many raters. Psychological
 *   Bulletin 76(5), 378-382; Fleiss, J. L., Nee, J. C. M. & Landis, J. R. (1979). Large sample
 *   variance of kappa in the case of different sets of raters. Psychological Bulletin 86(5),
 *   974-977 (the standard error under kappa = 0).
 */
import { DEFAULT_LEVEL } from './bootstrap.js';
import { compareCategories, type Category } from './categories.js';
import { UndefinedStatisticError } from '../../types/errors.js';
import { normalQuantile } from './normal.js';

export type { Category };

/**
 * Agreement weights w_ij in [0, 1], 1 on the diagonal, for k ordered categories:
 * 'none' (identity: plain kappa), 'linear' 1 - |i - j|/(k - 1) (Cicchetti & Allison 1971),
 * 'quadratic' 1 - (i - j)^2/(k - 1)^2 (Fleiss & Cohen 1973), or an explicit k x k matrix.
 */
export type KappaWeights = 'none' | 'linear' | 'quadratic' | readonly (readonly number[])[];

export interface KappaOptions {
  readonly weights?: KappaWeights;
  /** Coverage of the Wald interval kappa +- z SE (default 0.95). */
  readonly level?: number;
}

export interface CohenKappa {
  readonly kappa: number;
  /** p_o: (weighted) share of agreement observed. */
  readonly observedAgreement: number;
  /** p_e: (weighted) share of agreement expected from the raters' marginals alone. */
  readonly expectedAgreement: number;
  /** Rated units in the table. */
  readonly n: number;
  /** Asymptotic standard error (Fleiss, Cohen & Everitt 1969), for intervals. */
  readonly standardError: number;
  /** Standard error under the hypothesis kappa = 0, for the test z = kappa / standardErrorNull. */
  readonly standardErrorNull: number;
  readonly z: number;
  readonly level: number;
  readonly lower: number;
  readonly upper: number;
  /** The agreement weights used, k x k. */
  readonly weights: number[][];
}

/** A square table of counts: rows rater A's category, columns rater B's. */
export interface AgreementTable {
  readonly categories: Category[];
  readonly counts: number[][];
  /** Units left out because one of the raters gave no category. */
  readonly skipped: number;
}

/**
 * Cross-tabulates two raters' categories over the same units (index i of both arrays is one unit).
 * `categories` fixes the order (needed for weighted kappa when a category was never used);
 * by default the used categories in ascending order.
 */
export function agreementTable(
  raterA: readonly (Category | null | undefined)[],
  raterB: readonly (Category | null | undefined)[],
  categories?: readonly Category[],
): AgreementTable {
  if (raterA.length !== raterB.length) {
    throw new Error(`the two raters rated different numbers of units (${raterA.length} and ${raterB.length})`);
  }
  const used = new Set<Category>();
  for (let i = 0; i < raterA.length; i++) {
    const a = raterA[i];
    const b = raterB[i];
    if (a === null || a === undefined || b === null || b === undefined) continue;
    used.add(a);
    used.add(b);
  }
  const order = categories ? [...categories] : [...used].sort(compareCategories);
  const index = new Map(order.map((category, i) => [category, i]));
  if (index.size !== order.length) throw new Error('categories must not repeat');
  for (const category of used) {
    if (!index.has(category)) throw new Error(`category ${JSON.stringify(category)} is not among the categories given`);
  }
  const counts = order.map(() => new Array<number>(order.length).fill(0));
  let skipped = 0;
  for (let i = 0; i < raterA.length; i++) {
    const a = raterA[i];
    const b = raterB[i];
    if (a === null || a === undefined || b === null || b === undefined) {
      skipped++;
      continue;
    }
    counts[index.get(a)!][index.get(b)!]++;
  }
  return { categories: order, counts, skipped };
}

/** The agreement-weight matrix for `k` ordered categories. */
export function kappaWeights(weights: KappaWeights, k: number): number[][] {
  if (typeof weights !== 'string') {
    if (weights.length !== k || weights.some((row) => row.length !== k)) {
      throw new Error(`kappa weights must be a ${k} x ${k} matrix`);
    }
    weights.forEach((row, i) =>
      row.forEach((w, j) => {
        if (!(w >= 0 && w <= 1)) throw new Error(`kappa weight [${i}][${j}] must lie in [0, 1], got ${w}`);
      }),
    );
    return weights.map((row) => [...row]);
  }
  const spread = Math.max(k - 1, 1);
  return Array.from({ length: k }, (_, i) =>
    Array.from({ length: k }, (_, j) => {
      switch (weights) {
        case 'none':
          return i === j ? 1 : 0;
        case 'linear':
          return 1 - Math.abs(i - j) / spread;
        case 'quadratic':
          return 1 - ((i - j) / spread) ** 2;
        default:
          throw new Error(`unknown kappa weights '${weights as string}'; choose none, linear or quadratic`);
      }
    }),
  );
}

function checkedTable(counts: readonly (readonly number[])[]): number {
  const k = counts.length;
  if (k === 0) throw new UndefinedStatisticError("Cohen's kappa", 'the agreement table is empty (no unit was rated by both raters)');
  let n = 0;
  counts.forEach((row, i) => {
    if (row.length !== k) throw new Error(`agreement table must be square: row ${i} has ${row.length} cells, expected ${k}`);
    row.forEach((count, j) => {
      if (!(count >= 0) || !Number.isFinite(count)) throw new Error(`agreement table cell [${i}][${j}] must be a count >= 0, got ${count}`);
      n += count;
    });
  });
  if (n === 0) throw new UndefinedStatisticError("Cohen's kappa", 'no unit was rated by both raters');
  return n;
}

/**
 * Cohen's kappa from a k x k table of counts (rows rater A, columns rater B):
 * kappa = (p_o - p_e) / (1 - p_e) with p_o = sum w_ij p_ij, p_e = sum w_ij p_i. p_.j.
 */
export function cohenKappa(counts: readonly (readonly number[])[], options: KappaOptions = {}): CohenKappa {
  const n = checkedTable(counts);
  const k = counts.length;
  const w = kappaWeights(options.weights ?? 'none', k);
  const p = counts.map((row) => row.map((count) => count / n));
  const rows = p.map((row) => row.reduce((s, x) => s + x, 0));
  const cols = p[0].map((_, j) => p.reduce((s, row) => s + row[j], 0));

  let observed = 0;
  let expected = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      observed += w[i][j] * p[i][j];
      expected += w[i][j] * rows[i] * cols[j];
    }
  }
  if (expected >= 1 - 1e-12) {
    throw new UndefinedStatisticError("Cohen's kappa", 'both raters used a single (same) category, so chance agreement is already perfect');
  }
  const kappa = (observed - expected) / (1 - expected);

  // w-bar_i. = sum_j p_.j w_ij and w-bar_.j = sum_i p_i. w_ij (Fleiss, Cohen & Everitt 1969).
  const rowMeanWeight = w.map((row) => row.reduce((s, wij, j) => s + cols[j] * wij, 0));
  const colMeanWeight = cols.map((_, j) => w.reduce((s, row, i) => s + rows[i] * row[j], 0));
  let spread = 0;
  let spreadNull = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const centred = rowMeanWeight[i] + colMeanWeight[j];
      spread += p[i][j] * (w[i][j] - centred * (1 - kappa)) ** 2;
      spreadNull += rows[i] * cols[j] * (w[i][j] - centred) ** 2;
    }
  }
  const scale = (1 - expected) ** 2 * n;
  const variance = Math.max(0, spread - (kappa - expected * (1 - kappa)) ** 2) / scale;
  const varianceNull = Math.max(0, spreadNull - expected ** 2) / scale;
  const standardError = Math.sqrt(variance);
  const standardErrorNull = Math.sqrt(varianceNull);
  const level = options.level ?? DEFAULT_LEVEL;
  const zLevel = normalQuantile((1 + level) / 2);
  return {
    kappa,
    observedAgreement: observed,
    expectedAgreement: expected,
    n,
    standardError,
    standardErrorNull,
    z: kappa / standardErrorNull,
    level,
    lower: kappa - zLevel * standardError,
    upper: kappa + zLevel * standardError,
    weights: w,
  };
}

/** Cohen's kappa straight from two raters' categories (units where either is missing are skipped). */
export function cohenKappaFromRatings(
  raterA: readonly (Category | null | undefined)[],
  raterB: readonly (Category | null | undefined)[],
  options: KappaOptions & { readonly categories?: readonly Category[] } = {},
): CohenKappa & { readonly table: AgreementTable } {
  const table = agreementTable(raterA, raterB, options.categories);
  return { ...cohenKappa(table.counts, options), table };
}

export interface FleissKappa {
  readonly kappa: number;
  /** P-bar: mean agreement within subjects. */
  readonly observedAgreement: number;
  /** P-bar_e = sum_j p_j^2. */
  readonly expectedAgreement: number;
  /** p_j: share of all assignments that went to category j. */
  readonly categoryShares: number[];
  readonly subjects: number;
  readonly ratersPerSubject: number;
  /** Standard error under kappa = 0 (Fleiss, Nee & Landis 1979), for z = kappa / SE. */
  readonly standardErrorNull: number;
  readonly z: number;
}

/**
 * Fleiss' kappa from a subjects x categories table: n_ij raters put subject i in category j; every
 * subject must have the same number of raters n >= 2.
 */
export function fleissKappa(counts: readonly (readonly number[])[]): FleissKappa {
  const subjects = counts.length;
  if (subjects === 0) throw new UndefinedStatisticError("Fleiss' kappa", 'there are no subjects');
  const k = counts[0].length;
  const raters = counts[0].reduce((s, x) => s + x, 0);
  counts.forEach((row, i) => {
    if (row.length !== k) throw new Error(`subject ${i} has ${row.length} category counts, expected ${k}`);
    row.forEach((count, j) => {
      if (!Number.isInteger(count) || count < 0) throw new Error(`subject ${i}, category ${j}: count must be an integer >= 0, got ${count}`);
    });
    const total = row.reduce((s, x) => s + x, 0);
    if (total !== raters) {
      throw new Error(`Fleiss' kappa needs the same number of raters per subject: subject 0 has ${raters}, subject ${i} has ${total}`);
    }
  });
  if (raters < 2) throw new UndefinedStatisticError("Fleiss' kappa", 'each subject needs at least two ratings');

  const shares = new Array<number>(k).fill(0);
  let observed = 0;
  for (const row of counts) {
    let agreeing = 0;
    row.forEach((count, j) => {
      shares[j] += count;
      agreeing += count * (count - 1);
    });
    observed += agreeing / (raters * (raters - 1));
  }
  observed /= subjects;
  for (let j = 0; j < k; j++) shares[j] /= subjects * raters;
  const expected = shares.reduce((s, pj) => s + pj * pj, 0);
  if (expected >= 1 - 1e-12) {
    throw new UndefinedStatisticError("Fleiss' kappa", 'all ratings fell in one category, so chance agreement is already perfect');
  }
  const kappa = (observed - expected) / (1 - expected);

  const pq = shares.reduce((s, pj) => s + pj * (1 - pj), 0);
  const skew = shares.reduce((s, pj) => s + pj * (1 - pj) * (1 - 2 * pj), 0);
  const standardErrorNull =
    (Math.SQRT2 / (pq * Math.sqrt(subjects * raters * (raters - 1)))) * Math.sqrt(Math.max(0, pq * pq - skew));
  return {
    kappa,
    observedAgreement: observed,
    expectedAgreement: expected,
    categoryShares: shares,
    subjects,
    ratersPerSubject: raters,
    standardErrorNull,
    z: kappa / standardErrorNull,
  };
}

/**
 * The subjects x categories table for Fleiss' kappa from raters x subjects categories. Subjects that
 * not every rater rated are left out (Fleiss' kappa needs a fixed number of raters) and counted.
 */
export function fleissTable(
  ratings: readonly (readonly (Category | null | undefined)[])[],
  categories?: readonly Category[],
): { readonly categories: Category[]; readonly counts: number[][]; readonly skipped: number } {
  if (ratings.length === 0) throw new Error('no raters');
  const subjects = ratings[0].length;
  ratings.forEach((row, r) => {
    if (row.length !== subjects) throw new Error(`rater ${r} rated ${row.length} subjects, rater 0 rated ${subjects}`);
  });
  const complete: number[] = [];
  for (let s = 0; s < subjects; s++) {
    if (ratings.every((row) => row[s] !== null && row[s] !== undefined)) complete.push(s);
  }
  const used = new Set<Category>();
  for (const s of complete) for (const row of ratings) used.add(row[s] as Category);
  const order = categories ? [...categories] : [...used].sort(compareCategories);
  const index = new Map(order.map((category, i) => [category, i]));
  for (const category of used) {
    if (!index.has(category)) throw new Error(`category ${JSON.stringify(category)} is not among the categories given`);
  }
  const counts = complete.map((s) => {
    const row = new Array<number>(order.length).fill(0);
    for (const rater of ratings) row[index.get(rater[s] as Category)!]++;
    return row;
  });
  return { categories: order, counts, skipped: subjects - complete.length };
}
