/**
 * Drawing a stratified design of image pairs (see evaluate/statistics/pair-design.ts): in each
 * stratum, pairs are drawn with equal chances and without replacement, so that a stratum's pairs
 * stand for it with weight N_h / n_h and `connote evaluate` can weight the ratings back to all
 * image pairs. Unlike `samplePairs`, there is no per-image cap: a cap would make some pairs of a
 * stratum likelier than others and bias the reweighted estimate. Strata are small integer
 * problems, drawn exactly: a cluster with probability proportional to its number of pairs and
 * then two of its members, or two images at random, kept when the pair has the stratum's relation
 * under every clustering.
 */
import { shuffleInPlace, type Random } from '../../util/random.js';
import { categoricalSampler, seededRandom } from '../statistics/bootstrap.js';
import { pairPopulation, stratumOfPair, type PairPopulation, type PopulationStratum } from '../statistics/pair-design.js';
import { NOISE_LABEL, type Clustering, type ImagePair } from './types.js';

export interface DesignPair extends ImagePair {
  /** The design stratum, e.g. 'same/different' or 'noise'. */
  readonly designStratum: string;
  /** Image pairs of the population this pair stands for: N_h / n_h. */
  readonly weight: number;
}

export interface StratifiedSample {
  readonly pairs: DesignPair[];
  readonly population: PairPopulation;
  /** Pairs asked for and drawn per stratum (a shortfall: the stratum ran out of tries). */
  readonly requested: Readonly<Record<string, number>>;
  readonly drawn: Readonly<Record<string, number>>;
}

export interface StratifiedSamplingOptions {
  readonly seed?: number;
  readonly random?: Random;
  /** Prefix of pair ids (default 'p'). */
  readonly pairIdPrefix?: string;
  /** Tries per pair before a stratum counts as exhausted (default 20,000). */
  readonly attemptsPerPair?: number;
}

/**
 * Draws `allocation[stratum]` pairs from each stratum of all image pairs under `clusterings`,
 * numbered in shuffled order (the id does not reveal the stratum), left and right by a coin toss.
 */
export function sampleStratifiedPairs(
  clusterings: readonly Clustering[],
  allocation: Readonly<Record<string, number>>,
  options: StratifiedSamplingOptions = {},
): StratifiedSample {
  const population = pairPopulation(clusterings);
  const random = seededRandom(options);
  const attempts = options.attemptsPerPair ?? 20_000;
  const names = new Set(population.strata.map((h) => h.name));
  for (const [name, count] of Object.entries(allocation)) {
    if (!names.has(name)) throw new Error(`unknown stratum '${name}'; the strata are ${[...names].join(', ')}`);
    if (!Number.isInteger(count) || count < 0) throw new Error(`pairs for stratum '${name}' must be a whole number >= 0, got ${count}`);
  }
  const draw = drawers(clusterings, population.items);
  const taken = new Set<string>();
  const drawn: Record<string, number> = {};
  const chosen: Omit<DesignPair, 'pairId' | 'weight'>[] = [];
  for (const stratum of population.strata) {
    const wanted = Math.min(allocation[stratum.name] ?? 0, stratum.pairs);
    drawn[stratum.name] = 0;
    for (let n = 0; n < wanted; n++) {
      const pair = drawInStratum(stratum, clusterings, draw, taken, random, attempts);
      if (!pair) break;
      const [left, right] = random.next() < 0.5 ? pair : [pair[1], pair[0]];
      chosen.push({ imageA: left, imageB: right, designStratum: stratum.name });
      drawn[stratum.name]++;
    }
  }
  shuffleInPlace(chosen, random);
  const prefix = options.pairIdPrefix ?? 'p';
  const width = Math.max(3, String(chosen.length).length);
  const sizes = new Map(population.strata.map((h) => [h.name, h.pairs]));
  const pairs = chosen.map((pair, i) => ({
    pairId: `${prefix}${String(i + 1).padStart(width, '0')}`,
    ...pair,
    weight: sizes.get(pair.designStratum)! / drawn[pair.designStratum],
  }));
  return { pairs, population, requested: { ...allocation }, drawn };
}

/**
 * Proposals, each uniform over a superset of some strata: rejecting the pairs of other strata
 * leaves a uniform draw from the stratum wanted.
 */
interface Drawers {
  /** Two distinct images no clustering calls noise. */
  readonly cleanPair: (random: Random) => [string, string] | null;
  /** A pair sharing a cluster in clustering k. */
  readonly samePair: (k: number, random: Random) => [string, string] | null;
  /** A pair with at least one image that clustering k calls noise. */
  readonly noisePair: (k: number, random: Random) => [string, string] | null;
}

function two(list: readonly string[], random: Random): [string, string] | null {
  if (list.length < 2) return null;
  const i = random.int(list.length);
  let j = random.int(list.length - 1);
  if (j >= i) j++;
  return [list[i], list[j]];
}

function drawers(clusterings: readonly Clustering[], items: readonly string[]): Drawers {
  const clean = items.filter((id) => clusterings.every((c) => c.get(id) !== NOISE_LABEL));
  const perClustering = clusterings.map((clustering) => {
    const members = new Map<number, string[]>();
    const noisy: string[] = [];
    const clustered: string[] = [];
    for (const id of items) {
      const label = clustering.get(id)!;
      if (label === NOISE_LABEL) {
        noisy.push(id);
        continue;
      }
      clustered.push(id);
      const list = members.get(label);
      if (list) list.push(id);
      else members.set(label, [id]);
    }
    const lists = [...members.values()].filter((list) => list.length >= 2);
    const pick = lists.length > 0 ? categoricalSampler(lists.map((list) => (list.length * (list.length - 1)) / 2)) : null;
    return { lists, pick, noisy, clustered };
  });
  return {
    cleanPair: (random) => two(clean, random),
    samePair: (k, random) => {
      const { lists, pick } = perClustering[k];
      return pick ? two(lists[pick(random)], random) : null;
    },
    noisePair: (k, random) => {
      const { noisy, clustered } = perClustering[k];
      const oneNoisy = noisy.length * clustered.length;
      const bothNoisy = (noisy.length * (noisy.length - 1)) / 2;
      if (oneNoisy + bothNoisy === 0) return null;
      if (random.next() * (oneNoisy + bothNoisy) < bothNoisy) return two(noisy, random);
      return [noisy[random.int(noisy.length)], clustered[random.int(clustered.length)]];
    },
  };
}

function drawInStratum(
  stratum: PopulationStratum,
  clusterings: readonly Clustering[],
  draw: Drawers,
  taken: Set<string>,
  random: Random,
  attempts: number,
): [string, string] | null {
  const sameIn = stratum.relations.indexOf('same');
  const noiseIn = stratum.relations.indexOf('noise');
  const propose = (): [string, string] | null =>
    sameIn >= 0 ? draw.samePair(sameIn, random) : noiseIn >= 0 ? draw.noisePair(noiseIn, random) : draw.cleanPair(random);
  for (let attempt = 0; attempt < attempts; attempt++) {
    const pair = propose();
    if (!pair) return null;
    const [a, b] = pair;
    const key = a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
    if (taken.has(key) || stratumOfPair(clusterings, a, b) !== stratum.name) continue;
    taken.add(key);
    return pair;
  }
  return null;
}
