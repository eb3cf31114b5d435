import { clusterColour, NOISE_COLOUR } from '../report/palette.js';
import type { ClusterRecord, ClusteringRecord, Store } from '../store/index.js';

/** The JSON shapes the client reads; the client's api.ts declares the same. */
export interface ClusterJson {
  readonly label: number;
  readonly size: number;
  readonly colour: string;
  readonly keywords: ReadonlyArray<{ term: string; score: number }>;
  readonly tfidfKeywords: ReadonlyArray<{ term: string; score: number }>;
  readonly representatives: readonly string[];
}

export interface ClusteringJson {
  readonly id: number;
  readonly runId: string;
  readonly name: string;
  readonly method: string;
  readonly minClusterSize: number | null;
  readonly nClusters: number;
  readonly nNoise: number;
}

export const clusteringJson = (c: ClusteringRecord): ClusteringJson => ({
  id: c.id,
  runId: c.runId,
  name: c.name,
  method: c.method,
  minClusterSize: c.minClusterSize,
  nClusters: c.nClusters,
  nNoise: c.nNoise,
});

export const clusterJson = (c: ClusterRecord): ClusterJson => ({
  label: c.label,
  size: c.size,
  colour: clusterColour(c.label),
  keywords: c.keywords,
  tfidfKeywords: c.tfidfKeywords,
  representatives: c.representatives,
});

/** The colour of noise and of unclustered points, from the report's palette. */
export const NOISE = { label: -1, colour: NOISE_COLOUR } as const;

/** An image's descriptions: one per prompt (connotative, denotative) and describer. */
export function descriptionsJson(store: Store, hash: string): Array<{ prompt: string; describer: string; model: string; status: string; text: string }> {
  return store.descriptions.forImage(hash).map((d) => ({
    prompt: d.promptName ?? 'description',
    describer: d.describer,
    model: d.model,
    status: d.status,
    text: d.text,
  }));
}
