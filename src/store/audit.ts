import type Database from 'better-sqlite3';
import { now } from './codec.js';

/** Who changed what, when and why: one entry per edit of a project's clusterings. */
export interface AuditEntry {
  readonly id: number;
  readonly at: string;
  readonly who: string;
  /** label, merge, reassign, hierarchy */
  readonly action: string;
  readonly clusteringId: number | null;
  readonly resultClusteringId: number | null;
  readonly details: Record<string, unknown>;
  readonly memo: string | null;
}

export type NewAuditEntry = Omit<AuditEntry, 'id' | 'at' | 'memo' | 'resultClusteringId'> & {
  readonly memo?: string | null;
  readonly resultClusteringId?: number | null;
};

interface AuditRow {
  id: number;
  at: string;
  who: string;
  action: string;
  clustering_id: number | null;
  result_clustering_id: number | null;
  details: string;
  memo: string | null;
}

/**
 * The audit log. Entries are only ever appended: an edit never rewrites history, and the log is
 * exported with the results (audit.csv, audit.json) so whoever receives them can see every change.
 */
export class AuditRepository {
  constructor(private readonly db: Database.Database) {}

  add(entry: NewAuditEntry): AuditEntry {
    const at = now();
    const info = this.db
      .prepare('INSERT INTO audit_log (at, who, action, clustering_id, result_clustering_id, details, memo) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(at, entry.who, entry.action, entry.clusteringId, entry.resultClusteringId ?? null, JSON.stringify(entry.details), entry.memo ?? null);
    return { ...entry, id: Number(info.lastInsertRowid), at, memo: entry.memo ?? null, resultClusteringId: entry.resultClusteringId ?? null };
  }

  /** Every entry, oldest first; only those touching `clusteringId` (as input or result) when given. */
  list(clusteringId?: number): AuditEntry[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM audit_log WHERE @id IS NULL OR clustering_id = @id OR result_clustering_id = @id ORDER BY id`,
      )
      .all({ id: clusteringId ?? null }) as AuditRow[];
    return rows.map((row) => ({
      id: row.id,
      at: row.at,
      who: row.who,
      action: row.action,
      clusteringId: row.clustering_id,
      resultClusteringId: row.result_clustering_id,
      details: JSON.parse(row.details) as Record<string, unknown>,
      memo: row.memo,
    }));
  }
}
