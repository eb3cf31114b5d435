import { stringify } from 'csv-stringify/sync';
import { countByLabel } from '../cluster/counts.js';
import type { AuditEntry, ClusteringRecord, ItemRecord, Store } from '../store/index.js';
import type { NearDuplicateGroupSummary, ReportInput } from './model.js';
import { sizeTag } from './model.js';

const round = (value: number, digits = 6): number => Number(value.toFixed(digits));

/**
 * `assignments.csv`: one row per item (every id, duplicates included): id, file, metadata
 * columns, then cluster, probability and outlier score per minimum cluster size, then the
 * map position, and with `--near-duplicates` the item's group and the group's representative
 * (`duplicate_group`, `near_duplicate_of`; empty for an item in no group, and
 * `near_duplicate_of` empty for the representative itself). Items that could not be clustered
 * have empty cluster cells.
 */
export function assignmentsCsv(input: ReportInput): string {
  const rowOfItem = new Map<string, number>();
  input.rows.forEach((row, index) => row.itemIds.forEach((id) => rowOfItem.set(id, index)));
  const metadataColumns = [...new Set(input.items.flatMap((item) => Object.keys(item.metadata)))].filter(
    (column) => column !== 'id' && column !== 'file',
  );
  const clusterings = input.analysis.clusterings;
  const header = [
    'id',
    'file',
    ...metadataColumns,
    ...clusterings.flatMap((c) => [`cluster_${sizeTag(c.minClusterSize)}`, `probability_${sizeTag(c.minClusterSize)}`, `outlier_score_${sizeTag(c.minClusterSize)}`]),
    'x',
    'y',
    ...(input.nearDuplicateGroups ? ['duplicate_group', 'near_duplicate_of'] : []),
  ];
  const groupOf = nearDuplicateOf(input.nearDuplicateGroups);
  const records = input.items.map((item) => {
    const row = rowOfItem.get(item.id);
    const perClustering = clusterings.flatMap((c) => {
      if (row === undefined) return ['', '', ''];
      const outlier = c.result.outlierScores;
      return [c.result.labels[row], round(c.result.probabilities[row]), outlier ? round(outlier[row]) : ''];
    });
    const layout = input.analysis.layout;
    const position = row === undefined ? ['', ''] : [round(layout.data[row * layout.cols]), round(layout.data[row * layout.cols + 1])];
    const group = groupOf?.get(item.id);
    const duplicates = groupOf ? [group?.group ?? '', group?.representativeId ?? ''] : [];
    return [item.id, item.path, ...metadataColumns.map((column) => item.metadata[column] ?? ''), ...perClustering, ...position, ...duplicates];
  });
  return stringify([header, ...records]);
}

/** Item id -> its near-duplicate group and the representative it copies (null for the representative itself); undefined when grouping was off. */
export function nearDuplicateOf(
  groups: readonly NearDuplicateGroupSummary[] | undefined,
): Map<string, { readonly group: number; readonly representativeId: string | null }> | undefined {
  if (!groups) return undefined;
  return new Map(groups.flatMap((g) => g.memberIds.map((id, i) => [id, { group: g.group, representativeId: i === 0 ? null : g.representativeId }] as const)));
}

/**
 * `duplicates.csv`: one row per item of every near-duplicate group: the group, its size in items
 * and in distinct images, its representative item, the item, its file and image SHA-256, and the
 * Hamming distance of its image's hash to the representative's (0: the representative, or a
 * byte-identical copy of it).
 */
export function duplicatesCsv(groups: readonly NearDuplicateGroupSummary[], items: ReadonlyArray<Pick<ItemRecord, 'id' | 'path' | 'hash'>>): string {
  const byId = new Map(items.map((item) => [item.id, item]));
  return stringify([
    ['group', 'size', 'images', 'representative_id', 'item_id', 'file', 'sha256', 'hamming_distance'],
    ...groups.flatMap((g) =>
      g.memberIds.map((id, i) => [g.group, g.size, g.images, g.representativeId, id, byId.get(id)?.path ?? '', byId.get(id)?.hash ?? '', g.distances[i]]),
    ),
  ]);
}

export interface ClusterSummary {
  readonly minClusterSize: number;
  readonly cluster: number;
  readonly size: number;
  readonly keywords: ReadonlyArray<{ term: string; score: number }>;
  readonly tfidfKeywords: ReadonlyArray<{ term: string; score: number }>;
  readonly representatives: readonly string[];
  /** Written by a labeler (`connote label`, `run --label`); absent until then. */
  readonly name?: string;
  readonly description?: string;
  readonly criteria?: string;
}

const named = (cluster: { name?: string; description?: string; criteria?: string }) =>
  cluster.name === undefined ? {} : { name: cluster.name, description: cluster.description ?? '', criteria: cluster.criteria ?? '' };

/** Cluster summaries of every clustering, sizes counted over items. */
export function clusterSummaries(input: ReportInput): ClusterSummary[] {
  return input.analysis.clusterings.flatMap((clustering) => {
    const itemsPerLabel = countByLabel(clustering.result.labels, (row) => input.rows[row].itemIds.length);
    return clustering.clusters.map((cluster) => ({
      minClusterSize: clustering.minClusterSize,
      cluster: cluster.label,
      size: itemsPerLabel.get(cluster.label) ?? 0,
      keywords: cluster.keywords.map((k) => ({ term: k.term, score: round(k.score) })),
      tfidfKeywords: cluster.tfidfKeywords.map((k) => ({ term: k.term, score: round(k.score) })),
      representatives: cluster.representatives.map((row) => input.rows[row].itemIds[0]),
      ...named(cluster),
    }));
  });
}

/** The same summaries read back from the store (after `connote label` named clusters of a finished run). */
export function storedClusterSummaries(store: Store, clusterings: readonly ClusteringRecord[]): ClusterSummary[] {
  return clusterings.flatMap((clustering) =>
    store.clusterings.clusters(clustering.id).map((cluster) => ({
      minClusterSize: clustering.minClusterSize ?? 0,
      cluster: cluster.label,
      size: cluster.size,
      keywords: cluster.keywords.map((k) => ({ term: k.term, score: round(k.score) })),
      tfidfKeywords: cluster.tfidfKeywords.map((k) => ({ term: k.term, score: round(k.score) })),
      representatives: cluster.representatives,
      ...named(cluster),
    })),
  );
}

/** `clusters.csv`: one row per cluster per minimum cluster size; names (when written) come last. */
export function clustersCsv(summaries: readonly ClusterSummary[]): string {
  return stringify([
    ['min_cluster_size', 'cluster', 'size', 'keywords', 'tfidf_keywords', 'representatives', 'name', 'description', 'criteria'],
    ...summaries.map((s) => [
      s.minClusterSize,
      s.cluster,
      s.size,
      s.keywords.map((k) => k.term).join('; '),
      s.tfidfKeywords.map((k) => k.term).join('; '),
      s.representatives.join('; '),
      s.name ?? '',
      s.description ?? '',
      s.criteria ?? '',
    ]),
  ]);
}

/** `audit.csv`: every edit of the project's clusterings, oldest first (details as JSON). */
export function auditCsv(entries: readonly AuditEntry[]): string {
  return stringify([
    ['id', 'at', 'who', 'action', 'clustering_id', 'result_clustering_id', 'memo', 'details'],
    ...entries.map((e) => [e.id, e.at, e.who, e.action, e.clusteringId ?? '', e.resultClusteringId ?? '', e.memo ?? '', JSON.stringify(e.details)]),
  ]);
}

/** `assignments.csv` of one stored clustering (an edit's result): id, file, cluster, probability, outlier score. */
export function storedAssignmentsCsv(store: Store, clustering: ClusteringRecord): string {
  const items = new Map(store.images.listItems().map((item) => [item.id, item]));
  return stringify([
    ['id', 'file', 'cluster', 'probability', 'outlier_score'],
    ...store.clusterings
      .assignments(clustering.id)
      .sort((a, b) => (items.get(a.itemId)?.position ?? 0) - (items.get(b.itemId)?.position ?? 0))
      .map((a) => [a.itemId, items.get(a.itemId)?.path ?? '', a.label, round(a.probability), a.outlierScore === null ? '' : round(a.outlierScore)]),
  ]);
}
