import type { ClusteringRecord, Store } from '../store/index.js';
import type { ReportInput } from './model.js';
import { sizeTag } from './model.js';
import type { TableColumn } from './parquet.js';
import { nearDuplicateOf, type ClusterSummary } from './tables.js';

/**
 * The columns of assignments.parquet: the same as assignments.csv, typed. id and file are
 * strings, metadata columns strings (null where an item lacks one), cluster_mcsN int32,
 * probability_mcsN and outlier_score_mcsN doubles, x and y doubles; an item that was not
 * clustered (no usable description) has nulls in every clustering column and in x, y. With
 * `--near-duplicates`, duplicate_group (int32) and near_duplicate_of (string) follow, null for an
 * item in no group (near_duplicate_of also for a group's representative).
 */
export function assignmentColumns(input: ReportInput): TableColumn[] {
  const rowOfItem = new Map<string, number>();
  input.rows.forEach((row, index) => row.itemIds.forEach((id) => rowOfItem.set(id, index)));
  const rows = input.items.map((item) => rowOfItem.get(item.id));
  const metadataColumns = [...new Set(input.items.flatMap((item) => Object.keys(item.metadata)))].filter((c) => c !== 'id' && c !== 'file');
  const layout = input.analysis.layout;
  const perRow = (name: string, type: 'int32' | 'double', value: (row: number) => number | null): TableColumn => ({
    name,
    type,
    nullable: true,
    values: rows.map((row) => (row === undefined ? null : value(row))),
  });
  return [
    { name: 'id', type: 'string', nullable: false, values: input.items.map((item) => item.id) },
    { name: 'file', type: 'string', nullable: false, values: input.items.map((item) => item.path) },
    ...metadataColumns.map((column): TableColumn => ({ name: column, type: 'string', nullable: true, values: input.items.map((item) => item.metadata[column] ?? null) })),
    ...input.analysis.clusterings.flatMap((c) => {
      const tag = sizeTag(c.minClusterSize);
      const outliers = c.result.outlierScores;
      return [
        perRow(`cluster_${tag}`, 'int32', (row) => c.result.labels[row]),
        perRow(`probability_${tag}`, 'double', (row) => c.result.probabilities[row]),
        perRow(`outlier_score_${tag}`, 'double', (row) => (outliers ? outliers[row] : null)),
      ];
    }),
    perRow('x', 'double', (row) => layout.data[row * layout.cols]),
    perRow('y', 'double', (row) => layout.data[row * layout.cols + 1]),
    ...nearDuplicateColumns(input),
  ];
}

function nearDuplicateColumns(input: ReportInput): TableColumn[] {
  const groupOf = nearDuplicateOf(input.nearDuplicateGroups);
  if (!groupOf) return [];
  return [
    { name: 'duplicate_group', type: 'int32', nullable: true, values: input.items.map((item) => groupOf.get(item.id)?.group ?? null) },
    { name: 'near_duplicate_of', type: 'string', nullable: true, values: input.items.map((item) => groupOf.get(item.id)?.representativeId ?? null) },
  ];
}

/**
 * The columns of clusters.parquet, one row per cluster per minimum cluster size: min_cluster_size,
 * cluster and size int32; keywords and tfidf_keywords lists of strings with their scores as lists
 * of doubles (keyword_scores, tfidf_scores); representatives a list of item ids; name, description
 * and criteria strings, null until a labeler has named the cluster.
 */
export function clusterColumns(summaries: readonly ClusterSummary[]): TableColumn[] {
  const column = (name: string, type: TableColumn['type'], nullable: boolean, value: (s: ClusterSummary) => unknown): TableColumn => ({
    name,
    type,
    nullable,
    values: summaries.map(value),
  });
  return [
    column('min_cluster_size', 'int32', false, (s) => s.minClusterSize),
    column('cluster', 'int32', false, (s) => s.cluster),
    column('size', 'int32', false, (s) => s.size),
    column('keywords', 'string-list', false, (s) => s.keywords.map((k) => k.term)),
    column('keyword_scores', 'double-list', false, (s) => s.keywords.map((k) => k.score)),
    column('tfidf_keywords', 'string-list', false, (s) => s.tfidfKeywords.map((k) => k.term)),
    column('tfidf_scores', 'double-list', false, (s) => s.tfidfKeywords.map((k) => k.score)),
    column('representatives', 'string-list', false, (s) => [...s.representatives]),
    column('name', 'string', true, (s) => s.name ?? null),
    column('description', 'string', true, (s) => s.description ?? null),
    column('criteria', 'string', true, (s) => s.criteria ?? null),
  ];
}

/** assignments.parquet of one stored clustering (an edit's result): id, file, cluster, probability, outlier_score. */
export function storedAssignmentColumns(store: Store, clustering: ClusteringRecord): TableColumn[] {
  const items = new Map(store.images.listItems().map((item) => [item.id, item]));
  const assignments = store.clusterings
    .assignments(clustering.id)
    .sort((a, b) => (items.get(a.itemId)?.position ?? 0) - (items.get(b.itemId)?.position ?? 0));
  return [
    { name: 'id', type: 'string', nullable: false, values: assignments.map((a) => a.itemId) },
    { name: 'file', type: 'string', nullable: false, values: assignments.map((a) => items.get(a.itemId)?.path ?? '') },
    { name: 'cluster', type: 'int32', nullable: false, values: assignments.map((a) => a.label) },
    { name: 'probability', type: 'double', nullable: false, values: assignments.map((a) => a.probability) },
    { name: 'outlier_score', type: 'double', nullable: true, values: assignments.map((a) => a.outlierScore) },
  ];
}
