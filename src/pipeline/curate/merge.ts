import { loadStoredClustering, type Store } from '../../store/index.js';
import type { StageContext } from '../../types/context.js';
import { saveDerivedClustering, type EditAudit, type EditResult } from './derive.js';

/**
 * New labels after merging `groups`: each group takes its smallest label, every other cluster
 * keeps its own (so "cluster 5" is still cluster 5 in the merged clustering, and names carry
 * over). Throws on a label the clustering lacks, a label in two groups, or a group of one.
 */
export function mergeLabelMap(labels: readonly number[], groups: readonly (readonly number[])[]): Map<number, number> {
  const known = new Set(labels.filter((l) => l >= 0));
  const out = new Map<number, number>([[-1, -1]]);
  for (const label of [...known].sort((a, b) => a - b)) out.set(label, label);
  const grouped = new Set<number>();
  for (const group of groups) {
    if (new Set(group).size < 2) throw new RangeError(`merge group ${group.join('+')} must name at least two different clusters`);
    for (const label of group) {
      if (!known.has(label)) throw new RangeError(`there is no cluster ${label} to merge (clusters: ${[...known].sort((a, b) => a - b).join(', ')})`);
      if (grouped.has(label)) throw new RangeError(`cluster ${label} is in two merge groups`);
      grouped.add(label);
    }
    const head = Math.min(...group);
    for (const label of group) out.set(label, head);
  }
  return out;
}

export interface MergeOptions extends EditAudit {
  /** Clusters to join, e.g. [[3, 4], [7, 8]]. */
  readonly groups: readonly (readonly number[])[];
}

/**
 * `connote merge`: joins named clusters of a stored clustering into one each, as a new clustering
 * whose parent is the old one (which is never changed). Members keep their membership strength;
 * keywords and typical members are computed again; clusters left whole keep their names.
 */
export async function mergeClusters(store: Store, clusteringId: number, options: MergeOptions, ctx?: StageContext): Promise<EditResult> {
  if (options.groups.length === 0) throw new RangeError('name at least one group of clusters to merge, e.g. 3+4');
  const stored = loadStoredClustering(store, clusteringId);
  const labelMap = mergeLabelMap([...stored.labels], options.groups);
  const merged = new Set(options.groups.map((group) => labelMap.get(group[0])!));
  const keepNames = new Set([...labelMap.values()].filter((l) => l >= 0 && !merged.has(l)));
  return saveDerivedClustering(
    store,
    stored,
    {
      edit: 'merge',
      labels: Int32Array.from(stored.labels, (l) => labelMap.get(l)!),
      probabilities: stored.probabilities,
      labelMap,
      keepNames,
      moved: [...stored.labels].filter((l) => labelMap.get(l) !== l).length,
      details: { groups: options.groups.map((g) => [...g]) },
    },
    options,
    ctx,
  );
}
