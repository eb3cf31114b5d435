/**
 * Seeded percentile bootstrap, shared by every statistic in `src/evaluate/` so that there is one
 * resampling loop, one interval rule and one way to seed it.
 *
 * Interval: the percentile method (Efron & Tibshirani 1993, "An Introduction to the Bootstrap",
 * ch. 13): the ends are the (1 - level)/2 and (1 + level)/2 quantiles of the replicates, with
 * quantiles interpolated linearly between order statistics (Hyndman & Fan 1996, definition 7, the
 * default of R's `quantile` and NumPy's `percentile`).
 *
 * A replicate may be undefined (a resample with no same-cluster pair, or with no variation for
 * alpha): the statistic then returns NaN, the replicate is counted in `undefinedReplicates` and
 * left out of the interval, so a caller can see how often that happened instead of getting a
 * silently biased interval.
 */
import { createRandom, type Random } from '../../util/random.js';

export interface BootstrapOptions {
  /** Number of resamples; more gives steadier interval ends (default 5000). */
  readonly replicates?: number;
  /** Coverage of the percentile interval, in (0, 1) (default 0.95). */
  readonly level?: number;
  /** Seed of the resampling stream (default 42); ignored when `random` is given. */
  readonly seed?: number;
  /** A generator to draw from instead of a fresh seeded one (e.g. `ctx.random.fork()`). */
  readonly random?: Random;
}

export const DEFAULT_REPLICATES = 5000;
export const DEFAULT_LEVEL = 0.95;
export const DEFAULT_SEED = 42;

export interface BootstrapDistribution {
  /** The statistic on the original data. */
  readonly estimate: number;
  /** The defined (finite) replicate values, ascending. */
  readonly replicates: Float64Array;
  /** Replicates on which the statistic was undefined (NaN), left out of everything below. */
  readonly undefinedReplicates: number;
  readonly level: number;
  /** Percentile interval; NaN when no replicate was defined. */
  readonly lower: number;
  readonly upper: number;
  /** Standard deviation of the defined replicates (n - 1 denominator). */
  readonly standardError: number;
}

/** A bootstrap distribution without its replicate values: what a report prints. */
export interface BootstrapInterval {
  readonly estimate: number;
  readonly level: number;
  readonly lower: number;
  readonly upper: number;
  readonly standardError: number;
  /** Replicates drawn in all, and how many of them left the statistic undefined. */
  readonly replicates: number;
  readonly undefinedReplicates: number;
}

export function intervalOf(distribution: BootstrapDistribution): BootstrapInterval {
  const { estimate, level, lower, upper, standardError, undefinedReplicates } = distribution;
  const replicates = distribution.replicates.length + undefinedReplicates;
  return { estimate, level, lower, upper, standardError, replicates, undefinedReplicates };
}

/** The generator to draw from: the one given, or a fresh one from the seed (default 42). */
export function seededRandom(options: { readonly seed?: number; readonly random?: Random }): Random {
  return options.random ?? createRandom(options.seed ?? DEFAULT_SEED);
}

function checkedReplicates(options: BootstrapOptions): number {
  const replicates = options.replicates ?? DEFAULT_REPLICATES;
  if (!Number.isInteger(replicates) || replicates < 1) {
    throw new Error(`bootstrap replicates must be a positive integer, got ${replicates}`);
  }
  return replicates;
}

function checkedLevel(level: number): number {
  if (!(level > 0 && level < 1)) throw new Error(`bootstrap level must lie in (0, 1), got ${level}`);
  return level;
}

/**
 * Runs `statistic` once per replicate, each time with the same generator (so the whole run is
 * one reproducible stream), and returns the raw values in draw order, NaN where undefined.
 */
export function drawReplicates(statistic: (random: Random) => number, options: BootstrapOptions = {}): Float64Array {
  const replicates = checkedReplicates(options);
  const random = seededRandom(options);
  const values = new Float64Array(replicates);
  for (let b = 0; b < replicates; b++) values[b] = statistic(random);
  return values;
}

/** Sorts the defined values and computes the percentile interval and standard error. */
export function summarizeReplicates(
  estimate: number,
  values: ArrayLike<number>,
  level: number = DEFAULT_LEVEL,
): BootstrapDistribution {
  checkedLevel(level);
  const defined: number[] = [];
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) defined.push(values[i]);
  const sorted = Float64Array.from(defined).sort();
  const { lower, upper } = percentileInterval(sorted, level);
  return {
    estimate,
    replicates: sorted,
    undefinedReplicates: values.length - sorted.length,
    level,
    lower,
    upper,
    standardError: standardDeviation(sorted),
  };
}

/**
 * The percentile bootstrap of `statistic`: `statistic(random)` draws one resample with `random`
 * (typically through `resampleIndices`) and returns the statistic on it, NaN when undefined.
 */
export function bootstrap(
  estimate: number,
  statistic: (random: Random) => number,
  options: BootstrapOptions = {},
): BootstrapDistribution {
  return summarizeReplicates(estimate, drawReplicates(statistic, options), options.level ?? DEFAULT_LEVEL);
}

/** `size` indices drawn uniformly with replacement from [0, n), written into `out` when given. */
export function resampleIndices(n: number, random: Random, size: number = n, out?: Int32Array): Int32Array {
  if (n < 1) throw new Error(`cannot resample from an empty set`);
  const indices = out ?? new Int32Array(size);
  for (let i = 0; i < size; i++) indices[i] = random.int(n);
  return indices;
}

/**
 * A sampler of category indices with probabilities proportional to `weights` (non-negative, not
 * all zero), by binary search over the cumulative weights: O(log k) a draw.
 */
export function categoricalSampler(weights: ArrayLike<number>): (random: Random) => number {
  const cumulative = new Float64Array(weights.length);
  let total = 0;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i];
    if (!(w >= 0) || !Number.isFinite(w)) throw new Error(`sampling weight ${i} must be finite and >= 0, got ${w}`);
    total += w;
    cumulative[i] = total;
  }
  if (!(total > 0)) throw new Error('sampling weights must not all be zero');
  return (random) => {
    const target = random.next() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid] > target) hi = mid;
      else lo = mid + 1;
    }
    // Skip zero-weight categories that share the boundary (only reachable through rounding).
    while (weights[lo] === 0 && lo < cumulative.length - 1) lo++;
    return lo;
  };
}

/** Quantile `probability` of ascending `sorted` values, linear between order statistics (type 7). */
export function quantileOfSorted(sorted: ArrayLike<number>, probability: number): number {
  if (!(probability >= 0 && probability <= 1)) throw new Error(`probability must lie in [0, 1], got ${probability}`);
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const position = (n - 1) * probability;
  const below = Math.floor(position);
  const above = Math.min(below + 1, n - 1);
  return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
}

/** The central `level` percentile interval of ascending `sorted` values. */
export function percentileInterval(sorted: ArrayLike<number>, level: number): { lower: number; upper: number } {
  checkedLevel(level);
  const tail = (1 - level) / 2;
  return { lower: quantileOfSorted(sorted, tail), upper: quantileOfSorted(sorted, 1 - tail) };
}

/** Share of the defined replicates strictly below `threshold` (e.g. Krippendorff's q for alpha_min). */
export function shareBelow(distribution: BootstrapDistribution, threshold: number): number {
  const sorted = distribution.replicates;
  if (sorted.length === 0) return Number.NaN;
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < threshold) lo = mid + 1;
    else hi = mid;
  }
  return lo / sorted.length;
}

function standardDeviation(values: ArrayLike<number>): number {
  const n = values.length;
  if (n < 2) return Number.NaN;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i];
  mean /= n;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += (values[i] - mean) ** 2;
  return Math.sqrt(sum / (n - 1));
}
