import type Database from 'better-sqlite3';
import type { Keyword } from '../types/analysis.js';
import { now } from './codec.js';

/**
 * One node of a cluster hierarchy. Leaves are the clustering's clusters (`label` set, no
 * children); every other node joins two nodes at a `distance`, the root joining everything.
 */
export interface HierarchyNode {
  readonly id: number;
  /** The cluster a leaf stands for; null for an inner node. */
  readonly label: number | null;
  /** Two node ids for an inner node, none for a leaf. */
  readonly children: readonly number[];
  /** Where the children were joined (0 for a leaf): cosine distance of their c-TF-IDF vectors, averaged. */
  readonly distance: number;
  /** Items under the node. */
  readonly size: number;
  /** Every cluster label under the node. */
  readonly labels: readonly number[];
  /** What the node's members have in common, by c-TF-IDF of their joined descriptions. */
  readonly keywords: readonly Keyword[];
}

/** A tree over the clusters of one clustering, as JSON for the report and the web app. */
export interface ClusterHierarchy {
  readonly clusteringId: number;
  /** How it was built, e.g. `ctfidf-average` (average linkage on c-TF-IDF cosine distances). */
  readonly method: string;
  /** Id of the root node (the last node); -1 when the clustering has no cluster. */
  readonly root: number;
  /** Leaves first (in label order), then inner nodes in the order they were joined. */
  readonly nodes: readonly HierarchyNode[];
}

/** Stored hierarchies, one per clustering and method (rebuilding one replaces it). */
export class HierarchyRepository {
  constructor(private readonly db: Database.Database) {}

  save(hierarchy: ClusterHierarchy): void {
    this.db
      .prepare(
        `INSERT INTO cluster_hierarchies (clustering_id, method, tree, created_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (clustering_id, method) DO UPDATE SET tree = excluded.tree, created_at = excluded.created_at`,
      )
      .run(hierarchy.clusteringId, hierarchy.method, JSON.stringify(hierarchy), now());
  }

  get(clusteringId: number, method: string): ClusterHierarchy | undefined {
    const row = this.db.prepare('SELECT tree FROM cluster_hierarchies WHERE clustering_id = ? AND method = ?').get(clusteringId, method) as
      | { tree: string }
      | undefined;
    return row ? (JSON.parse(row.tree) as ClusterHierarchy) : undefined;
  }
}
