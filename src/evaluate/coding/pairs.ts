/**
 * Sampling the image pairs coders rate, in the design of Grimmer & King (2011) as used by Arminio
 * et al. (2025): a mix of pairs the clustering puts together, pairs it puts apart and pairs with a
 * noise point, drawn from one or more clusterings so each can be scored on the same ratings.
 *
 * Every image appears in at most k pairs, so that a few images cannot dominate the ratings (and the
 * coders' fatigue); no pair appears twice; which image is shown left is a coin toss; the final order
 * is shuffled and pair ids are numbered after shuffling, so neither order nor id tells the stratum.
 * Blind mode also replaces image ids (which are often file names that say what an image shows) by
 * neutral ones, with a private key to map back.
 */
import { shuffleInPlace, type Random } from '../../util/random.js';
import { seededRandom } from '../statistics/bootstrap.js';
import { NOISE_LABEL, membersByCluster, type Clustering, type ImagePair, type NamedClusterings } from './types.js';

/** Why a pair was sampled: both in one cluster, in two clusters, or at least one a noise point. */
export type PairStratum = 'within' | 'between' | 'noise';
export const PAIR_STRATA: readonly PairStratum[] = ['within', 'between', 'noise'];

export interface SampledPair extends ImagePair {
  readonly stratum: PairStratum;
  /** Name of the clustering whose stratum the pair was drawn for. */
  readonly clustering: string;
}

export interface PairSamplingOptions {
  /** Pairs wanted in all. */
  readonly count: number;
  /** Relative shares of the strata (normalised; default within 0.5, between 0.4, noise 0.1). */
  readonly proportions?: Readonly<Partial<Record<PairStratum, number>>>;
  /** Most pairs any one image may appear in (default 5). Smaller spreads ratings over more images. */
  readonly maxPairsPerImage?: number;
  /** Seed (default 42), or a generator to draw from. */
  readonly seed?: number;
  readonly random?: Random;
  /** Also produce the blinded pairs and their key (see `blindPairs`). */
  readonly blind?: boolean;
  /** Prefix of pair ids (default 'p'): p001, p002, ... */
  readonly pairIdPrefix?: string;
  /** Tries to fill one slot before giving up on it (default 2000). */
  readonly attemptsPerPair?: number;
}

export interface PairSample {
  /** The pairs in shuffled order, ids numbered in that order. */
  readonly pairs: SampledPair[];
  /** Pairs asked for and drawn, per stratum and clustering: a shortfall means the pool ran dry. */
  readonly requested: Readonly<Record<string, Readonly<Record<PairStratum, number>>>>;
  readonly drawn: Readonly<Record<string, Readonly<Record<PairStratum, number>>>>;
  /** Present when `blind` was asked for. */
  readonly blind?: BlindedPairs;
}

/** Maps neutral image ids back to the real ones; keep it away from the coders. */
export interface BlindingKey {
  readonly images: Readonly<Record<string, string>>;
}

export interface BlindedPairs {
  /** What coders see: the same pair ids, neutral image ids. */
  readonly pairs: ImagePair[];
  readonly key: BlindingKey;
}

const DEFAULT_PROPORTIONS: Record<PairStratum, number> = { within: 0.5, between: 0.4, noise: 0.1 };

/** Splits `total` into parts proportional to `weights` by largest remainder (Hamilton), ties to the first. */
function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  const exact = weights.map((w) => (sum > 0 ? (total * w) / sum : 0));
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((s, x) => s + x, 0);
  const byRemainder = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((p, q) => q.r - p.r || p.i - q.i);
  for (const { i } of byRemainder) {
    if (left <= 0) break;
    if (weights[i] > 0) {
      parts[i]++;
      left--;
    }
  }
  return parts;
}

/** What a clustering offers to draw from. */
interface Pools {
  readonly clustered: string[];
  readonly noise: string[];
  readonly all: string[];
  readonly members: Map<number, string[]>;
  /** Clustered images whose cluster has a second member. */
  readonly pairable: string[];
}

function poolsOf(clustering: Clustering): Pools {
  const members = membersByCluster(clustering);
  const all = [...clustering.keys()].sort();
  const noise = all.filter((id) => clustering.get(id) === NOISE_LABEL);
  const clustered = all.filter((id) => clustering.get(id) !== NOISE_LABEL);
  const pairable = clustered.filter((id) => members.get(clustering.get(id)!)!.length >= 2);
  return { clustered, noise, all, members, pairable };
}

const pick = <T>(items: readonly T[], random: Random): T => items[random.int(items.length)];

function pairKey(a: string, b: string): string {
  return a < b ? JSON.stringify([a, b]) : JSON.stringify([b, a]);
}

/** One candidate pair for `stratum` under `clustering`, or null when the draw does not fit it. */
function candidate(stratum: PairStratum, clustering: Clustering, pools: Pools, random: Random): [string, string] | null {
  switch (stratum) {
    case 'within': {
      if (pools.pairable.length === 0) return null;
      const a = pick(pools.pairable, random);
      const b = pick(pools.members.get(clustering.get(a)!)!, random);
      return [a, b];
    }
    case 'between': {
      if (pools.clustered.length < 2) return null;
      const a = pick(pools.clustered, random);
      const b = pick(pools.clustered, random);
      return clustering.get(a) === clustering.get(b) ? null : [a, b];
    }
    case 'noise': {
      if (pools.noise.length === 0 || pools.all.length < 2) return null;
      return [pick(pools.noise, random), pick(pools.all, random)];
    }
  }
}

/**
 * Draws `options.count` pairs from `clusterings` in the given stratum proportions, each stratum's
 * share split evenly over the clusterings. Slots are filled in shuffled order so that the per-image
 * cap does not starve whichever stratum comes last. Where a pool runs dry, `drawn` falls short of
 * `requested` rather than breaking the cap or repeating pairs.
 */
export function samplePairs(clusterings: NamedClusterings, options: PairSamplingOptions): PairSample {
  const names = Object.keys(clusterings).sort();
  if (names.length === 0) throw new Error('samplePairs needs at least one clustering');
  const { count } = options;
  if (!Number.isInteger(count) || count < 1) throw new Error(`pair count must be a positive integer, got ${count}`);
  const cap = options.maxPairsPerImage ?? 5;
  if (!Number.isInteger(cap) || cap < 1) throw new Error(`maxPairsPerImage must be a positive integer, got ${cap}`);
  const proportions = { ...DEFAULT_PROPORTIONS, ...options.proportions };
  for (const stratum of PAIR_STRATA) {
    const share = proportions[stratum];
    if (!(share >= 0) || !Number.isFinite(share)) throw new Error(`proportion of '${stratum}' pairs must be >= 0, got ${share}`);
  }
  if (PAIR_STRATA.every((s) => proportions[s] === 0)) throw new Error('pair proportions must not all be zero');
  const random = seededRandom(options);
  const attempts = options.attemptsPerPair ?? 2000;

  const requested: Record<string, Record<PairStratum, number>> = {};
  const drawn: Record<string, Record<PairStratum, number>> = {};
  for (const name of names) {
    requested[name] = { within: 0, between: 0, noise: 0 };
    drawn[name] = { within: 0, between: 0, noise: 0 };
  }
  const perStratum = apportion(
    count,
    PAIR_STRATA.map((s) => proportions[s]),
  );
  const slots: { stratum: PairStratum; name: string }[] = [];
  PAIR_STRATA.forEach((stratum, s) => {
    const perClustering = apportion(perStratum[s], names.map(() => 1));
    names.forEach((name, c) => {
      requested[name][stratum] = perClustering[c];
      for (let i = 0; i < perClustering[c]; i++) slots.push({ stratum, name });
    });
  });
  shuffleInPlace(slots, random);

  const pools = new Map(names.map((name) => [name, poolsOf(clusterings[name])]));
  const uses = new Map<string, number>();
  const taken = new Set<string>();
  const pairs: Omit<SampledPair, 'pairId'>[] = [];
  for (const { stratum, name } of slots) {
    for (let attempt = 0; attempt < attempts; attempt++) {
      const drawnPair = candidate(stratum, clusterings[name], pools.get(name)!, random);
      if (!drawnPair) continue;
      const [a, b] = drawnPair;
      if (a === b || (uses.get(a) ?? 0) >= cap || (uses.get(b) ?? 0) >= cap || taken.has(pairKey(a, b))) continue;
      taken.add(pairKey(a, b));
      uses.set(a, (uses.get(a) ?? 0) + 1);
      uses.set(b, (uses.get(b) ?? 0) + 1);
      const [left, right] = random.next() < 0.5 ? [a, b] : [b, a];
      pairs.push({ imageA: left, imageB: right, stratum, clustering: name });
      drawn[name][stratum]++;
      break;
    }
  }
  shuffleInPlace(pairs, random);
  const prefix = options.pairIdPrefix ?? 'p';
  const width = Math.max(3, String(pairs.length).length);
  const numbered: SampledPair[] = pairs.map((pair, i) => ({ pairId: `${prefix}${String(i + 1).padStart(width, '0')}`, ...pair }));
  return {
    pairs: numbered,
    requested,
    drawn,
    ...(options.blind ? { blind: blindPairs(numbered, { random }) } : {}),
  };
}

/**
 * Replaces image ids by neutral ones (img0001, ...) numbered in a random order, so neither the name
 * nor the number says anything about the image; pair ids are kept. Only `pairId`, `imageA` and
 * `imageB` survive, so strata do not leak into what coders see.
 */
export function blindPairs(
  pairs: readonly ImagePair[],
  options: { readonly seed?: number; readonly random?: Random; readonly imageIdPrefix?: string } = {},
): BlindedPairs {
  const random = seededRandom(options);
  const images = [...new Set(pairs.flatMap((pair) => [pair.imageA, pair.imageB]))].sort();
  shuffleInPlace(images, random);
  const width = Math.max(4, String(images.length).length);
  const prefix = options.imageIdPrefix ?? 'img';
  const blindIdOf = new Map(images.map((id, i) => [id, `${prefix}${String(i + 1).padStart(width, '0')}`]));
  const key: Record<string, string> = {};
  for (const [id, blindId] of blindIdOf) key[blindId] = id;
  return {
    pairs: pairs.map((pair) => ({ pairId: pair.pairId, imageA: blindIdOf.get(pair.imageA)!, imageB: blindIdOf.get(pair.imageB)! })),
    key: { images: key },
  };
}

/** Maps blinded pairs back to the real image ids; an id missing from the key is an error. */
export function unblindPairs(pairs: readonly ImagePair[], key: BlindingKey): ImagePair[] {
  const real = (id: string, pairId: string): string => {
    const original = Object.hasOwn(key.images, id) ? key.images[id] : undefined;
    if (original === undefined) throw new Error(`pair '${pairId}': image '${id}' is not in the blinding key`);
    return original;
  };
  return pairs.map((pair) => ({ pairId: pair.pairId, imageA: real(pair.imageA, pair.pairId), imageB: real(pair.imageB, pair.pairId) }));
}
