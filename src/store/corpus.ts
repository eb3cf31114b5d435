import type { CorpusRow } from '../types/analysis.js';
import type { ClusteringRecord } from './clusterings.js';
import type { DescriptionKey } from './descriptions.js';
import type { Store } from './index.js';

/**
 * A stored clustering with what it clustered, rebuilt from the store alone: one row per distinct
 * image (in input order, as the run's matrices were), its description and items, and its label,
 * membership probability and outlier score. What an edit (merge, reassign, hierarchy, names) of a
 * finished run starts from.
 */
export interface StoredClustering {
  readonly clustering: ClusteringRecord;
  readonly rows: readonly CorpusRow[];
  readonly labels: Int32Array;
  readonly probabilities: Float64Array;
  readonly outlierScores: Float64Array | null;
  /** The prompt the descriptions answered (its words are left out of keywords), if recorded. */
  readonly promptText: string | null;
  /** The run's resolved configuration. */
  readonly config: Record<string, unknown>;
}

interface RunProvenance {
  readonly describer?: { describer: string; model: string; params: Record<string, unknown> };
  readonly prompt?: { sha256?: string; text?: string };
}

/** Which cached descriptions a run used: its describer's signature and its prompt's hash. */
export function runDescriptionKey(store: Store, runId: string): { key: DescriptionKey; promptText: string | null } {
  const run = store.runs.get(runId);
  if (!run) throw new RangeError(`no run ${runId}`);
  const provenance = (run.provenance ?? {}) as RunProvenance;
  if (!provenance.describer || !provenance.prompt?.sha256) {
    throw new RangeError(`run ${runId} did not finish (status ${run.status}), so the descriptions it clustered are not recorded`);
  }
  const { describer, model, params } = provenance.describer;
  return { key: { describer, model, promptHash: provenance.prompt.sha256, params }, promptText: provenance.prompt.text ?? null };
}

/** Loads a clustering and its corpus from the store (see StoredClustering). */
export function loadStoredClustering(store: Store, clusteringId: number): StoredClustering {
  const clustering = store.clusterings.get(clusteringId);
  if (!clustering) throw new RangeError(`no clustering ${clusteringId}`);
  const run = store.runs.get(clustering.runId);
  const { key, promptText } = runDescriptionKey(store, clustering.runId);
  const assignments = new Map(store.clusterings.assignments(clusteringId).map((a) => [a.itemId, a]));
  const rowOfHash = new Map<string, number>();
  const rows: Array<{ hash: string; itemIds: string[] }> = [];
  for (const item of store.images.listItems()) {
    if (!assignments.has(item.id)) continue;
    let row = rowOfHash.get(item.hash);
    if (row === undefined) {
      row = rows.length;
      rowOfHash.set(item.hash, row);
      rows.push({ hash: item.hash, itemIds: [] });
    }
    rows[row].itemIds.push(item.id);
  }
  const texts = store.descriptions.getMany(
    rows.map((row) => row.hash),
    key,
  );
  const labels = new Int32Array(rows.length);
  const probabilities = new Float64Array(rows.length);
  const outliers = new Float64Array(rows.length);
  let anyOutlier = false;
  const corpusRows = rows.map((row, i) => {
    const first = assignments.get(row.itemIds[0])!;
    labels[i] = first.label;
    probabilities[i] = first.probability;
    if (first.outlierScore !== null) {
      outliers[i] = first.outlierScore;
      anyOutlier = true;
    }
    const text = texts.get(row.hash);
    if (!text || text.status !== 'ok') throw new RangeError(`item ${row.itemIds[0]} of clustering ${clustering.name} has no stored description`);
    return { hash: row.hash, itemIds: row.itemIds, text: text.text };
  });
  return {
    clustering,
    rows: corpusRows,
    labels,
    probabilities,
    outlierScores: anyOutlier ? outliers : null,
    promptText,
    config: run?.config ?? {},
  };
}
