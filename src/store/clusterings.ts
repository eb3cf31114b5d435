import type Database from 'better-sqlite3';
import { now } from './codec.js';
import type { Keyword } from '../types/analysis.js';

export type { Keyword };

export interface ClusteringRecord {
  id: number;
  runId: string;
  name: string;
  method: string;
  minClusterSize: number | null;
  params: Record<string, unknown>;
  nClusters: number;
  nNoise: number;
  /** The clustering this one was derived from by an edit (merge, reassign); null for a run's own. */
  parentId: number | null;
  /** How it was derived from its parent: 'merge', 'reassign'; null for a run's own. */
  edit: string | null;
  createdAt: string;
}

export interface AssignmentRecord {
  itemId: string;
  label: number;
  probability: number;
  outlierScore: number | null;
}

export interface ClusterRecord {
  label: number;
  size: number;
  keywords: Keyword[];
  tfidfKeywords: Keyword[];
  representatives: string[];
  /** Written by a labeler (`connote label`); absent until then. */
  name?: string;
  description?: string;
  criteria?: string;
}

/** A cluster's name, one-sentence description and inclusion criteria, and who wrote them. */
export interface ClusterLabelRecord {
  label: number;
  name: string;
  description: string;
  criteria: string;
  labeler: string;
  model: string;
}

export interface NewClustering {
  runId: string;
  name: string;
  method: string;
  minClusterSize: number | null;
  params: Record<string, unknown>;
  assignments: readonly AssignmentRecord[];
  clusters: readonly ClusterRecord[];
  parentId?: number | null;
  edit?: string | null;
  /** Names carried over from the parent (clusters an edit left as they were). */
  labels?: readonly ClusterLabelRecord[];
}

interface ClusteringRow {
  id: number;
  run_id: string;
  name: string;
  method: string;
  min_cluster_size: number | null;
  params: string;
  n_clusters: number;
  n_noise: number;
  parent_id: number | null;
  edit: string | null;
  created_at: string;
}

const fromRow = (row: ClusteringRow): ClusteringRecord => ({
  id: row.id,
  runId: row.run_id,
  name: row.name,
  method: row.method,
  minClusterSize: row.min_cluster_size,
  params: JSON.parse(row.params) as Record<string, unknown>,
  nClusters: row.n_clusters,
  nNoise: row.n_noise,
  parentId: row.parent_id,
  edit: row.edit,
  createdAt: row.created_at,
});

/** Clusterings, their per-item assignments, per-cluster summaries and the 2-D map layouts. */
export class ClusteringRepository {
  constructor(private readonly db: Database.Database) {}

  save(clustering: NewClustering): number {
    return this.db.transaction(() => {
      const nNoise = clustering.assignments.filter((a) => a.label < 0).length;
      const info = this.db
        .prepare(
          `INSERT INTO clusterings (run_id, name, method, min_cluster_size, params, n_clusters, n_noise, created_at, parent_id, edit)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          clustering.runId,
          clustering.name,
          clustering.method,
          clustering.minClusterSize,
          JSON.stringify(clustering.params),
          clustering.clusters.length,
          nNoise,
          now(),
          clustering.parentId ?? null,
          clustering.edit ?? null,
        );
      const id = Number(info.lastInsertRowid);
      const insertAssignment = this.db.prepare(
        'INSERT INTO assignments (clustering_id, item_id, label, probability, outlier_score) VALUES (?, ?, ?, ?, ?)',
      );
      for (const a of clustering.assignments) insertAssignment.run(id, a.itemId, a.label, a.probability, a.outlierScore);
      const insertCluster = this.db.prepare(
        'INSERT INTO clusters (clustering_id, label, size, keywords, tfidf_keywords, representatives) VALUES (?, ?, ?, ?, ?, ?)',
      );
      for (const c of clustering.clusters) {
        insertCluster.run(
          id,
          c.label,
          c.size,
          JSON.stringify(c.keywords),
          JSON.stringify(c.tfidfKeywords),
          JSON.stringify(c.representatives),
        );
      }
      if (clustering.labels) this.saveLabels(id, clustering.labels);
      return id;
    })();
  }

  /** Names clusters of a clustering (replacing earlier names of the same clusters). */
  saveLabels(clusteringId: number, labels: readonly ClusterLabelRecord[]): void {
    const insert = this.db.prepare(
      `INSERT INTO cluster_labels (clustering_id, label, name, description, criteria, labeler, model, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (clustering_id, label) DO UPDATE SET name = excluded.name, description = excluded.description,
         criteria = excluded.criteria, labeler = excluded.labeler, model = excluded.model, created_at = excluded.created_at`,
    );
    const at = now();
    this.db.transaction(() => {
      for (const l of labels) insert.run(clusteringId, l.label, l.name, l.description, l.criteria, l.labeler, l.model, at);
    })();
  }

  /** The names of a clustering's clusters, by label order. */
  labels(clusteringId: number): ClusterLabelRecord[] {
    return this.db
      .prepare('SELECT label, name, description, criteria, labeler, model FROM cluster_labels WHERE clustering_id = ? ORDER BY label')
      .all(clusteringId) as ClusterLabelRecord[];
  }

  /** Clusterings derived from `clusteringId` by an edit, oldest first. */
  children(clusteringId: number): ClusteringRecord[] {
    return (this.db.prepare('SELECT * FROM clusterings WHERE parent_id = ? ORDER BY id').all(clusteringId) as ClusteringRow[]).map(fromRow);
  }

  get(id: number): ClusteringRecord | undefined {
    const row = this.db.prepare('SELECT * FROM clusterings WHERE id = ?').get(id) as ClusteringRow | undefined;
    return row ? fromRow(row) : undefined;
  }

  /** The clustering of `runId` called `name` (e.g. descriptions/mcs5, descriptions/mcs5/merge-1). */
  byName(runId: string, name: string): ClusteringRecord | undefined {
    const row = this.db.prepare('SELECT * FROM clusterings WHERE run_id = ? AND name = ? ORDER BY id DESC LIMIT 1').get(runId, name) as
      | ClusteringRow
      | undefined;
    return row ? fromRow(row) : undefined;
  }

  forRun(runId: string): ClusteringRecord[] {
    return (
      this.db.prepare('SELECT * FROM clusterings WHERE run_id = ? ORDER BY method, min_cluster_size, id').all(runId) as ClusteringRow[]
    ).map(fromRow);
  }

  assignments(clusteringId: number): AssignmentRecord[] {
    return (
      this.db
        .prepare('SELECT item_id, label, probability, outlier_score FROM assignments WHERE clustering_id = ?')
        .all(clusteringId) as Array<{ item_id: string; label: number; probability: number; outlier_score: number | null }>
    ).map((row) => ({ itemId: row.item_id, label: row.label, probability: row.probability, outlierScore: row.outlier_score }));
  }

  clusters(clusteringId: number): ClusterRecord[] {
    return (
      this.db
        .prepare(
          `SELECT c.label, c.size, c.keywords, c.tfidf_keywords, c.representatives, l.name, l.description, l.criteria
           FROM clusters c LEFT JOIN cluster_labels l ON l.clustering_id = c.clustering_id AND l.label = c.label
           WHERE c.clustering_id = ? ORDER BY c.label`,
        )
        .all(clusteringId) as Array<{
        label: number;
        size: number;
        keywords: string;
        tfidf_keywords: string;
        representatives: string;
        name: string | null;
        description: string | null;
        criteria: string | null;
      }>
    ).map((row) => ({
      label: row.label,
      size: row.size,
      keywords: JSON.parse(row.keywords) as Keyword[],
      tfidfKeywords: JSON.parse(row.tfidf_keywords) as Keyword[],
      representatives: JSON.parse(row.representatives) as string[],
      ...(row.name === null ? {} : { name: row.name, description: row.description ?? '', criteria: row.criteria ?? '' }),
    }));
  }

  saveLayout(runId: string, method: string, points: ReadonlyArray<{ itemId: string; x: number; y: number }>): void {
    const insert = this.db.prepare('INSERT OR REPLACE INTO layouts (run_id, method, item_id, x, y) VALUES (?, ?, ?, ?, ?)');
    this.db.transaction(() => {
      for (const p of points) insert.run(runId, method, p.itemId, p.x, p.y);
    })();
  }

  layout(runId: string, method: string): Array<{ itemId: string; x: number; y: number }> {
    return (
      this.db.prepare('SELECT item_id, x, y FROM layouts WHERE run_id = ? AND method = ?').all(runId, method) as Array<{
        item_id: string;
        x: number;
        y: number;
      }>
    ).map((row) => ({ itemId: row.item_id, x: row.x, y: row.y }));
  }
}
