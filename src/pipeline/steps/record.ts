import { countByLabel } from '../../cluster/counts.js';
import type { Store } from '../../store/index.js';
import type { FeatureAnalysis } from '../../types/analysis.js';

/**
 * Records an analysis in the store (for `connote serve` and later evaluation): one clustering
 * per minimum cluster size with per-item assignments and cluster summaries, and the 2-D layout.
 * `itemIdsOfRow` expands each clustered row (a distinct image) to every item that shares it.
 */
export function recordAnalysis(
  store: Store,
  runId: string,
  method: string,
  analysis: FeatureAnalysis,
  itemIdsOfRow: ReadonlyArray<readonly string[]>,
  params: Record<string, unknown>,
): number[] {
  const ids: number[] = [];
  for (const clustering of analysis.clusterings) {
    const { labels, probabilities, outlierScores } = clustering.result;
    const assignments = itemIdsOfRow.flatMap((itemIds, row) =>
      itemIds.map((itemId) => ({
        itemId,
        label: labels[row],
        probability: probabilities[row],
        outlierScore: outlierScores ? outlierScores[row] : null,
      })),
    );
    const itemsPerLabel = countByLabel(labels, (row) => itemIdsOfRow[row].length);
    const clusters = clustering.clusters.map((cluster) => ({
      label: cluster.label,
      size: itemsPerLabel.get(cluster.label) ?? 0,
      keywords: [...cluster.keywords],
      tfidfKeywords: [...cluster.tfidfKeywords],
      representatives: cluster.representatives.map((row) => itemIdsOfRow[row][0]),
    }));
    ids.push(
      store.clusterings.save({
        runId,
        name: `${method}/mcs${clustering.minClusterSize}`,
        method,
        minClusterSize: clustering.minClusterSize,
        params: { ...params, minClusterSize: clustering.minClusterSize },
        assignments,
        clusters,
      }),
    );
  }
  const layout = analysis.layout;
  store.clusterings.saveLayout(
    runId,
    method,
    itemIdsOfRow.flatMap((itemIds, row) =>
      itemIds.map((itemId) => ({ itemId, x: layout.data[row * layout.cols], y: layout.data[row * layout.cols + 1] })),
    ),
  );
  return ids;
}

/** Records one method's analysis of the corpus, with how its features were made and the settings that shaped it. */
export function recordMethodAnalysis(
  session: { readonly store: Store; readonly runId: string },
  config: { readonly reduce: unknown; readonly cluster: unknown },
  rows: ReadonlyArray<{ readonly itemIds: readonly string[] }>,
  features: { readonly method: string; readonly params: Record<string, unknown> },
  analysis: FeatureAnalysis,
): number[] {
  return recordAnalysis(session.store, session.runId, features.method, analysis, rows.map((row) => row.itemIds), {
    ...features.params,
    reduce: config.reduce,
    cluster: config.cluster,
  });
}
