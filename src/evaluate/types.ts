/**
 * The records of a validation study with human coders (Arminio et al. 2025, following Grimmer &
 * King 2011): pairs of images, coders' similarity ratings of them, and the clusterings judged.
 */

/** The two similarity judgements a coder makes about a pair of images. */
export type SimilarityDimension = 'denotative' | 'connotative';
export const SIMILARITY_DIMENSIONS: readonly SimilarityDimension[] = ['denotative', 'connotative'];

/** Grimmer & King's three-point scale: 1 unrelated, 2 loosely related, 3 closely related. */
export const SIMILARITY_SCALE = { min: 1, max: 3 } as const;

/** Two images shown side by side to coders. */
export interface ImagePair {
  readonly pairId: string;
  readonly imageA: string;
  readonly imageB: string;
}

/** One coder's ratings of one pair; null where the coder gave none on that dimension. */
export interface PairRating {
  readonly pairId: string;
  readonly coder: string;
  readonly denotative: number | null;
  readonly connotative: number | null;
}

/** Cluster label per item id; `NOISE_LABEL` marks an item no cluster took. */
export type Clustering = ReadonlyMap<string, number>;
export const NOISE_LABEL = -1;

/** Several clusterings of the same images by name, e.g. { connotative, denotative, cnn }. */
export type NamedClusterings = Readonly<Record<string, Clustering>>;

/** Item ids per cluster label, noise left out; ids sorted, so draws from them are reproducible. */
export function membersByCluster(clustering: Clustering): Map<number, string[]> {
  const members = new Map<number, string[]>();
  for (const id of [...clustering.keys()].sort()) {
    const label = clustering.get(id)!;
    if (label === NOISE_LABEL) continue;
    const list = members.get(label);
    if (list) list.push(id);
    else members.set(label, [id]);
  }
  return members;
}

/** A clustering as a map from the parallel arrays the cluster stage produces. */
export function clusteringFromLabels(itemIds: readonly string[], labels: ArrayLike<number>): Map<string, number> {
  if (itemIds.length !== labels.length) {
    throw new Error(`${itemIds.length} item ids but ${labels.length} labels`);
  }
  const clustering = new Map<string, number>();
  itemIds.forEach((id, i) => {
    if (clustering.has(id)) throw new Error(`item id '${id}' appears twice`);
    clustering.set(id, labels[i]);
  });
  return clustering;
}
