import { clusterColour, NOISE_COLOUR } from '../report/palette.js';
import type { ClusterRecord, ClusteringRecord, Store } from '../store/index.js';
import type { ClusteringSummary, ClusterSummary, Description } from './contract.js';

export const clusteringJson = (c: ClusteringRecord): ClusteringSummary => ({
  id: c.id,
  runId: c.runId,
  name: c.name,
  method: c.method,
  minClusterSize: c.minClusterSize,
  nClusters: c.nClusters,
  nNoise: c.nNoise,
  parentId: c.parentId,
  edit: c.edit,
});

export const clusterJson = (c: ClusterRecord): ClusterSummary => ({
  label: c.label,
  size: c.size,
  colour: clusterColour(c.label),
  keywords: c.keywords,
  tfidfKeywords: c.tfidfKeywords,
  representatives: c.representatives,
  ...(c.name === undefined ? {} : { name: c.name, description: c.description ?? '', criteria: c.criteria ?? '' }),
});

/** The colour of noise and of unclustered points, from the report's palette. */
export const NOISE = { label: -1, colour: NOISE_COLOUR } as const;

/** An item's descriptions: one per prompt (connotative, denotative) and describer, its own where it has one. */
export function descriptionsJson(store: Store, item: { readonly hash: string; readonly id: string }): Description[] {
  return store.descriptions.forImage(item.hash, item.id).map((d) => ({
    prompt: d.promptName ?? 'description',
    describer: d.describer,
    model: d.model,
    status: d.status,
    text: d.text,
  }));
}
