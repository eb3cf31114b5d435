/**
 * A proxy for coded similarity when a corpus already carries labels (a manifest column such as a
 * topic, a campaign or a set of hashtags): each image gets the set of its labels, a pair of images
 * is rated from the Jaccard index J of their sets on the coders' 1..3 scale, and cluster quality
 * is computed over every pair of labelled images, not a sample. It measures agreement with the
 * existing annotation, not with what people see in the images: report it beside, never instead
 * of, coded pairs.
 *
 * Ratings: J >= 0.5 -> 3 (closely related; for one label per image: the same label), 0 < J < 0.5
 * -> 2 (loosely related: some labels shared), J = 0 -> 1 (unrelated). An image without a label is
 * left out.
 */
import { createRandom } from '../../util/random.js';
import { NOISE_LABEL, type Clustering } from '../../types/coding.js';

/** J at or above which a pair rates 3 (closely related); any shared label rates at least 2. */
export const CLOSELY_RELATED_JACCARD = 0.5;
/** Above this many pairs, quality is estimated on a seeded uniform sample of this many pairs. */
export const MAX_EXACT_LABEL_PAIRS = 20_000_000;

/** Separators between several labels in one cell (e.g. `flood; protest` or `a|b`). */
const LABEL_SEPARATOR = /[;|]/;

/** Each item's labels from the named metadata columns: cells split on ';' or '|', trimmed, prefixed by the column. */
export function labelSets(
  items: Iterable<{ readonly id: string; readonly metadata: Readonly<Record<string, string>> }>,
  columns: readonly string[],
): Map<string, string[]> {
  if (columns.length === 0) throw new Error('label-derived similarity needs at least one metadata column');
  const out = new Map<string, string[]>();
  const seenColumns = new Set<string>();
  for (const item of items) {
    const labels = new Set<string>();
    for (const column of columns) {
      const cell = item.metadata[column];
      if (cell === undefined) continue;
      seenColumns.add(column);
      for (const part of cell.split(LABEL_SEPARATOR)) {
        const label = part.trim();
        if (label) labels.add(`${column}=${label}`);
      }
    }
    if (labels.size > 0) out.set(item.id, [...labels].sort());
  }
  const missing = columns.filter((column) => !seenColumns.has(column));
  if (missing.length > 0) throw new Error(`no image has the metadata column(s) ${missing.join(', ')}`);
  return out;
}

/** The 1..3 rating of two label sets (see the module comment). */
export function labelRating(a: readonly string[], b: readonly string[]): number {
  let shared = 0;
  const set = new Set(a);
  for (const label of b) if (set.has(label)) shared++;
  const jaccard = shared / (a.length + b.length - shared);
  return jaccard >= CLOSELY_RELATED_JACCARD ? 3 : jaccard > 0 ? 2 : 1;
}

export interface LabelQuality {
  /** mean rating of same-cluster pairs - mean rating of different-cluster pairs. */
  readonly quality: number;
  readonly meanSame: number;
  readonly meanDifferent: number;
  readonly sameCount: number;
  readonly differentCount: number;
  /** Images with at least one label (the others are left out). */
  readonly labelledImages: number;
  /** 'exact' over every pair, or a seeded sample of `MAX_EXACT_LABEL_PAIRS` pairs. */
  readonly scope: 'exact' | 'sample';
}

/**
 * Cluster quality of `clustering` against label-derived ratings over every pair of labelled
 * images (pairs with a noise image count as different, or are dropped).
 */
export function labelSimilarityQuality(
  clustering: Clustering,
  labels: ReadonlyMap<string, readonly string[]>,
  options: { readonly noise?: 'different' | 'drop'; readonly seed?: number; readonly maxPairs?: number } = {},
): LabelQuality {
  const noise = options.noise ?? 'different';
  const ids = [...clustering.keys()].filter((id) => labels.has(id) && (noise === 'different' || clustering.get(id) !== NOISE_LABEL)).sort();
  const single = ids.every((id) => labels.get(id)!.length === 1);
  const sums = single ? singleLabelSums(ids, clustering, labels) : pairwiseSums(ids, clustering, labels, options);
  return {
    quality: sums.sameCount > 0 && sums.differentCount > 0 ? sums.sameSum / sums.sameCount - sums.differentSum / sums.differentCount : Number.NaN,
    meanSame: sums.sameCount > 0 ? sums.sameSum / sums.sameCount : Number.NaN,
    meanDifferent: sums.differentCount > 0 ? sums.differentSum / sums.differentCount : Number.NaN,
    sameCount: sums.sameCount,
    differentCount: sums.differentCount,
    labelledImages: ids.length,
    scope: sums.scope,
  };
}

interface Sums {
  sameSum: number;
  sameCount: number;
  differentSum: number;
  differentCount: number;
  scope: 'exact' | 'sample';
}

const choose2 = (n: number): number => (n * (n - 1)) / 2;

function countPairs(keys: Iterable<string>): number {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  let pairs = 0;
  for (const count of counts.values()) pairs += choose2(count);
  return pairs;
}

/** One label per image: the rating is 3 or 1, so every sum follows from counts (O(n), exact). */
function singleLabelSums(ids: readonly string[], clustering: Clustering, labels: ReadonlyMap<string, readonly string[]>): Sums {
  const clustered = ids.filter((id) => clustering.get(id) !== NOISE_LABEL);
  const samePairs = countPairs(clustered.map((id) => String(clustering.get(id))));
  const sameLabelSameCluster = countPairs(clustered.map((id) => `${clustering.get(id)}\u0000${labels.get(id)![0]}`));
  const sameLabelAll = countPairs(ids.map((id) => labels.get(id)![0]));
  const differentPairs = choose2(ids.length) - samePairs;
  const sameLabelDifferent = sameLabelAll - sameLabelSameCluster;
  return {
    sameSum: samePairs + 2 * sameLabelSameCluster,
    sameCount: samePairs,
    differentSum: differentPairs + 2 * sameLabelDifferent,
    differentCount: differentPairs,
    scope: 'exact',
  };
}

/** Label sets: every pair rated in turn, or a seeded uniform sample of pairs on a large corpus. */
function pairwiseSums(
  ids: readonly string[],
  clustering: Clustering,
  labels: ReadonlyMap<string, readonly string[]>,
  options: { readonly seed?: number; readonly maxPairs?: number },
): Sums {
  const sums: Sums = { sameSum: 0, sameCount: 0, differentSum: 0, differentCount: 0, scope: 'exact' };
  const add = (a: string, b: string): void => {
    const rating = labelRating(labels.get(a)!, labels.get(b)!);
    const labelA = clustering.get(a)!;
    if (labelA !== NOISE_LABEL && labelA === clustering.get(b)) {
      sums.sameSum += rating;
      sums.sameCount++;
    } else {
      sums.differentSum += rating;
      sums.differentCount++;
    }
  };
  const maxPairs = options.maxPairs ?? MAX_EXACT_LABEL_PAIRS;
  if (choose2(ids.length) <= maxPairs) {
    for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) add(ids[i], ids[j]);
    return sums;
  }
  const random = createRandom(options.seed ?? 42);
  for (let drawn = 0; drawn < maxPairs; ) {
    const i = random.int(ids.length);
    const j = random.int(ids.length);
    if (i === j) continue;
    add(ids[i], ids[j]);
    drawn++;
  }
  return { ...sums, scope: 'sample' };
}
