import { NOISE_LABEL, type Clustering } from '../../types/coding.js';

export * from '../../types/coding.js';

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
