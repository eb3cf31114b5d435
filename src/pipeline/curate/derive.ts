import type { ClusterLabelRecord, ClusteringRecord, Store, StoredClustering } from '../../store/index.js';
import type { StageContext } from '../../types/context.js';
import { createContext } from '../../types/context.js';
import type { KeywordSettings } from '../../keywords/types.js';
import { DEFAULTS } from '../config.js';
import { stepEnvironment } from '../session.js';
import { summariseClusterings, type KeywordConfig } from '../steps/keywords.js';
import { editor } from './who.js';

/** What an edit produced: the new clustering, and where each old cluster label went. */
export interface EditResult {
  readonly clustering: ClusteringRecord;
  /** Old label -> new label, for every cluster of the parent (noise stays -1). */
  readonly labelMap: ReadonlyMap<number, number>;
  /** Distinct images that joined another cluster (merged away, or moved out of the noise). */
  readonly moved: number;
}

export interface EditAudit {
  readonly who?: string | null;
  readonly memo?: string | null;
}

/** The keyword settings of the run that made a stored clustering (older runs: the defaults). */
export function keywordConfigOf(stored: StoredClustering): KeywordConfig {
  const config = stored.config as { keywords?: Partial<KeywordSettings>; representatives?: number; embedder?: KeywordConfig['embedder']; baseDir?: string };
  return {
    keywords: { ...DEFAULTS.keywords, stopWordsFile: null, extraStopWords: [], ...config.keywords },
    representatives: config.representatives ?? DEFAULTS.representatives,
    embedder: config.embedder,
    baseDir: config.baseDir,
  };
}

/**
 * Saves a clustering derived from `stored` by an edit, never touching the parent: its rows get
 * `labels` and `probabilities`, every cluster is summarised again (keywords with the run's
 * settings, most typical members), names are carried over for clusters the edit left whole, and
 * the edit is appended to the audit log.
 */
export async function saveDerivedClustering(
  store: Store,
  stored: StoredClustering,
  change: {
    readonly edit: 'merge' | 'reassign';
    readonly labels: Int32Array;
    readonly probabilities: Float64Array;
    readonly labelMap: ReadonlyMap<number, number>;
    /** New labels whose cluster is unchanged in meaning (their names are kept). */
    readonly keepNames: ReadonlySet<number>;
    /** Distinct images whose cluster changed. */
    readonly moved: number;
    readonly details: Record<string, unknown>;
  },
  audit: EditAudit,
  ctx: StageContext = createContext(),
): Promise<EditResult> {
  const parent = stored.clustering;
  const nClusters = new Set([...change.labels].filter((l) => l >= 0)).size;
  const result = { labels: change.labels, probabilities: change.probabilities, outlierScores: stored.outlierScores, nClusters };
  const [summary] = await summariseClusterings(
    keywordConfigOf(stored),
    stored.rows.map((row) => row.text),
    [{ minClusterSize: parent.minClusterSize ?? 0, result, seconds: 0 }],
    stepEnvironment(store, ctx),
    stored.promptText,
  );
  const siblings = store.clusterings.children(parent.id).filter((c) => c.edit === change.edit).length;
  const name = `${parent.name}/${change.edit}-${siblings + 1}`;
  const oldNames = new Map(store.clusterings.labels(parent.id).map((l) => [l.label, l]));
  const labels: ClusterLabelRecord[] = [];
  for (const [oldLabel, newLabel] of change.labelMap) {
    const named = oldNames.get(oldLabel);
    if (named && newLabel >= 0 && change.keepNames.has(newLabel)) labels.push({ ...named, label: newLabel });
  }
  const itemsOf = (row: number) => stored.rows[row].itemIds;
  const id = store.clusterings.save({
    runId: parent.runId,
    name,
    method: parent.method,
    minClusterSize: parent.minClusterSize,
    params: { ...parent.params, edit: { [change.edit]: change.details } },
    parentId: parent.id,
    edit: change.edit,
    assignments: stored.rows.flatMap((row, r) =>
      row.itemIds.map((itemId) => ({
        itemId,
        label: change.labels[r],
        probability: change.probabilities[r],
        outlierScore: stored.outlierScores ? stored.outlierScores[r] : null,
      })),
    ),
    clusters: summary.clusters.map((c) => ({
      label: c.label,
      size: countItems(change.labels, c.label, itemsOf),
      keywords: [...c.keywords],
      tfidfKeywords: [...c.tfidfKeywords],
      representatives: c.representatives.map((row) => itemsOf(row)[0]),
    })),
    labels,
  });
  const moved = change.moved;
  store.audit.add({
    who: editor(audit.who),
    action: change.edit,
    clusteringId: parent.id,
    resultClusteringId: id,
    details: { ...change.details, labelMap: Object.fromEntries(change.labelMap), movedImages: moved, clusters: nClusters },
    memo: audit.memo ?? null,
  });
  return { clustering: store.clusterings.get(id)!, labelMap: change.labelMap, moved };
}

function countItems(labels: Int32Array, label: number, itemsOf: (row: number) => readonly string[]): number {
  let n = 0;
  labels.forEach((l, r) => (n += l === label ? itemsOf(r).length : 0));
  return n;
}
