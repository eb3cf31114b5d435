/**
 * How much a clustering owes to its random seed: the spread of any figure over seeds, the
 * adjusted Rand index between the seeds' clusterings, and the share of image pairs that every
 * seed keeps together.
 */
import { NOISE_LABEL } from '../../types/coding.js';
import { adjustedRandIndex } from './ari.js';

export interface MeanSd {
  readonly mean: number;
  /** Sample standard deviation (n - 1); NaN for fewer than two values. */
  readonly sd: number;
  readonly min: number;
  readonly max: number;
  /** Finite values summarised (NaN values are left out and counted in `undefined`). */
  readonly n: number;
  readonly undefined: number;
}

export function meanSd(values: readonly number[]): MeanSd {
  const finite = values.filter(Number.isFinite);
  const n = finite.length;
  const mean = n > 0 ? finite.reduce((s, v) => s + v, 0) / n : Number.NaN;
  const sd = n > 1 ? Math.sqrt(finite.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1)) : Number.NaN;
  return {
    mean,
    sd,
    min: n > 0 ? Math.min(...finite) : Number.NaN,
    max: n > 0 ? Math.max(...finite) : Number.NaN,
    n,
    undefined: values.length - n,
  };
}

export interface SeedAgreement {
  /** ARI over every pair of seeds (noise counts as one group, as in scikit-learn). */
  readonly ari: MeanSd;
  /**
   * Of the image pairs that at least one seed puts in one cluster (noise never joins), the share
   * that every seed puts in one cluster. 1: the seeds agree on every grouping; NaN when no seed
   * groups anything, or with more than `MAX_COASSIGNMENT_SEEDS` seeds.
   */
  readonly keptTogether: number;
}

/** Inclusion-exclusion over subsets of seeds costs 2^seeds passes over the images. */
export const MAX_COASSIGNMENT_SEEDS = 12;

/** Agreement between clusterings of the same images under different seeds (labels per image). */
export function seedAgreement(labelings: readonly ArrayLike<number>[]): SeedAgreement {
  if (labelings.length < 2) throw new Error(`seed agreement needs at least two clusterings, got ${labelings.length}`);
  const n = labelings[0].length;
  labelings.forEach((labels, s) => {
    if (labels.length !== n) throw new Error(`clustering ${s} has ${labels.length} labels, clustering 0 has ${n}`);
  });
  const aris: number[] = [];
  for (let s = 0; s < labelings.length; s++) {
    for (let t = s + 1; t < labelings.length; t++) aris.push(adjustedRandIndex(labelings[s], labelings[t]));
  }
  return { ari: meanSd(aris), keptTogether: keptTogetherShare(labelings) };
}

/** Pairs of images that share a cluster in every clustering of `subset` (noise never shares). */
function pairsTogetherInAll(labelings: readonly ArrayLike<number>[], subset: readonly number[]): number {
  const counts = new Map<string, number>();
  const n = labelings[0].length;
  outer: for (let i = 0; i < n; i++) {
    let key = '';
    for (const s of subset) {
      const label = labelings[s][i];
      if (label === NOISE_LABEL) continue outer;
      key += `${label},`;
    }
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  let pairs = 0;
  for (const count of counts.values()) pairs += (count * (count - 1)) / 2;
  return pairs;
}

function keptTogetherShare(labelings: readonly ArrayLike<number>[]): number {
  const seeds = labelings.length;
  if (seeds > MAX_COASSIGNMENT_SEEDS) return Number.NaN;
  const all = pairsTogetherInAll(
    labelings,
    labelings.map((_, s) => s),
  );
  // |A_1 u ... u A_S| = sum over non-empty subsets T of (-1)^(|T|+1) |intersection over T|.
  let union = 0;
  for (let mask = 1; mask < 1 << seeds; mask++) {
    const subset: number[] = [];
    for (let s = 0; s < seeds; s++) if (mask & (1 << s)) subset.push(s);
    union += (subset.length % 2 === 1 ? 1 : -1) * pairsTogetherInAll(labelings, subset);
  }
  return union > 0 ? all / union : Number.NaN;
}
