import type { CorpusRow } from '../types/analysis.js';
import type { ClusteringRecord } from './clusterings.js';
import type { DescriptionKey, StoredDescription } from './descriptions.js';
import type { Store } from './index.js';

/**
 * A stored clustering with what it clustered, rebuilt from the store alone: one row per distinct
 * image and text (in input order, as the run's matrices were), its description and items, and its
 * label, membership probability and outlier score. What an edit (merge, reassign, hierarchy,
 * names) of a finished run starts from.
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
  const texts = store.descriptions.getMany([...new Set(store.images.listItems().map((item) => item.hash))], key);
  const rows = storedRows(store, assignments, texts, clustering.name);
  const labels = new Int32Array(rows.length);
  const probabilities = new Float64Array(rows.length);
  const outliers = new Float64Array(rows.length);
  let anyOutlier = false;
  rows.forEach((row, i) => {
    const first = assignments.get(row.itemIds[0])!;
    labels[i] = first.label;
    probabilities[i] = first.probability;
    if (first.outlierScore !== null) {
      outliers[i] = first.outlierScore;
      anyOutlier = true;
    }
  });
  return {
    clustering,
    rows,
    labels,
    probabilities,
    outlierScores: anyOutlier ? outliers : null,
    promptText,
    config: run?.config ?? {},
  };
}

/**
 * The run's rows again, as the pipeline made them (src/pipeline/steps/describe.ts corpusRows): one
 * per distinct image and text, in input order; an item's own text (a reference description)
 * before its image's shared one.
 */
function storedRows(
  store: Store,
  assignments: ReadonlyMap<string, unknown>,
  texts: ReadonlyMap<string, readonly StoredDescription[]>,
  clusteringName: string,
): CorpusRow[] {
  const items = store.images.listItems().filter((item) => assignments.has(item.id));
  const byImage = new Map<string, typeof items>();
  for (const item of items) byImage.set(item.hash, [...(byImage.get(item.hash) ?? []), item]);
  const rows: CorpusRow[] = [];
  for (const [hash, imageItems] of byImage) {
    const stored = (texts.get(hash) ?? []).filter((d) => d.status === 'ok');
    const shared = stored.find((d) => !d.itemId)?.text;
    const byText = new Map<string, string[]>();
    for (const item of imageItems) {
      const text = stored.find((d) => d.itemId === item.id)?.text ?? shared;
      if (text === undefined) throw new RangeError(`item ${item.id} of clustering ${clusteringName} has no stored description`);
      byText.set(text, [...(byText.get(text) ?? []), item.id]);
    }
    for (const [text, itemIds] of byText) rows.push({ hash, itemIds, text });
  }
  return rows;
}
