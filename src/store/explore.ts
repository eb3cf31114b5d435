import type Database from 'better-sqlite3';
import { canonicalJson, sha256 } from '../util/hash.js';
import { ClusteringRepository, type ClusteringRecord } from './clusterings.js';
import type { ItemRecord } from './images.js';

export interface LayoutInfo {
  readonly runId: string;
  readonly method: string;
  readonly points: number;
}

/** A 2-D layout in a fixed item order: ids[i] sits at (xy[2i], xy[2i+1]). */
export interface LayoutPoints {
  readonly ids: string[];
  readonly xy: Float32Array;
}

export interface ClusteringListing extends ClusteringRecord {
  readonly runStartedAt: string;
  /** How people tell runs apart: when it started (UTC, to the minute) and the end of its id. */
  readonly runLabel: string;
  /** Earlier runs with identical settings and input whose same clustering is not listed (0: none). */
  readonly repeats: number;
}

/** `2026-11-25 10:42 · 3f2a`: a run's start and the random end of its id. */
export function runLabel(runId: string, startedAt: string): string {
  return `${startedAt.slice(0, 16).replace('T', ' ')} · ${runId.split('-').pop()}`;
}

/**
 * What makes two runs the same: the resolved settings they ran with, the input they read (one
 * hash over every id and image hash) and the connote version. Runs are reproducible bit for bit,
 * so runs that share this gave the same clusterings.
 */
function runIdentity(config: string, provenance: string | null): string {
  const { out: _out, ...settings } = JSON.parse(config) as Record<string, unknown>;
  const recorded = provenance ? (JSON.parse(provenance) as { input?: { corpusSha256?: string }; connote?: string }) : {};
  return sha256(canonicalJson({ settings, corpus: recorded.input?.corpusSha256 ?? null, connote: recorded.connote ?? null }));
}

export interface ContingencyCell {
  readonly labelA: number;
  readonly labelB: number;
  readonly count: number;
}

export interface MemberPage {
  readonly total: number;
  readonly members: Array<{ itemId: string; probability: number }>;
}

/**
 * The read queries of `connote serve`: layouts in item order, pages of cluster members, where an
 * item went in every clustering, and how two clusterings of the same items cross.
 */
export class ExploreRepository {
  private readonly clusteringRecords: ClusteringRepository;

  constructor(private readonly db: Database.Database) {
    this.clusteringRecords = new ClusteringRepository(db);
  }

  itemCount(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM items').get() as { n: number }).n;
  }

  layouts(): LayoutInfo[] {
    return (
      this.db
        .prepare(
          `SELECT l.run_id, l.method, COUNT(*) AS points FROM layouts l JOIN runs r ON r.id = l.run_id
           GROUP BY l.run_id, l.method ORDER BY r.started_at DESC, l.method`,
        )
        .all() as Array<{ run_id: string; method: string; points: number }>
    ).map((row) => ({ runId: row.run_id, method: row.method, points: row.points }));
  }

  layoutPoints(runId: string, method: string): LayoutPoints {
    const rows = this.db
      .prepare(
        `SELECT l.item_id, l.x, l.y FROM layouts l LEFT JOIN items i ON i.id = l.item_id
         WHERE l.run_id = ? AND l.method = ? ORDER BY i.position, l.item_id`,
      )
      .raw()
      .all(runId, method) as Array<[string, number, number]>;
    const xy = new Float32Array(rows.length * 2);
    const ids = rows.map((row, i) => {
      xy[2 * i] = row[1];
      xy[2 * i + 1] = row[2];
      return row[0];
    });
    return { ids, xy };
  }

  /**
   * Every clustering of every finished run, newest run first. A run repeated with identical
   * settings on the same input made the same clusterings, so only the newest of them is listed
   * (with how many it stands for); edits (merges, reassignments) are always listed.
   */
  clusterings(): ClusteringListing[] {
    const rows = this.db
      .prepare(
        `SELECT c.id, r.id, r.started_at, r.config, r.provenance FROM clusterings c JOIN runs r ON r.id = c.run_id
         WHERE r.status = 'finished' ORDER BY r.started_at DESC, r.rowid DESC, c.method, c.min_cluster_size, c.id`,
      )
      .raw()
      .all() as Array<[number, string, string, string, string | null]>;
    const identities = new Map<string, string>();
    const listed = new Map<string, { repeats: number }>();
    const out: Array<ClusteringRecord & { runStartedAt: string; runLabel: string; repeats: { repeats: number } }> = [];
    for (const [id, runId, startedAt, config, provenance] of rows) {
      const record = this.clusteringRecords.get(id) as ClusteringRecord;
      if (!identities.has(runId)) identities.set(runId, runIdentity(config, provenance));
      const key = record.parentId === null ? `${identities.get(runId)}\n${record.name}` : `edit ${record.id}`;
      const seen = listed.get(key);
      if (seen) {
        seen.repeats++;
        continue;
      }
      const repeats = { repeats: 0 };
      listed.set(key, repeats);
      out.push({ ...record, runStartedAt: startedAt, runLabel: runLabel(runId, startedAt), repeats });
    }
    return out.map((entry) => ({ ...entry, repeats: entry.repeats.repeats }));
  }

  /** Labels of `clusteringId` for `ids`, in their order; `missing` where the item was not clustered. */
  labelsFor(clusteringId: number, ids: readonly string[], missing: number): Int32Array {
    const byItem = new Map(
      this.db.prepare('SELECT item_id, label FROM assignments WHERE clustering_id = ?').raw().all(clusteringId) as Array<[string, number]>,
    );
    const labels = new Int32Array(ids.length);
    ids.forEach((id, i) => (labels[i] = byItem.get(id) ?? missing));
    return labels;
  }

  /** Members of one cluster (-1: noise), most typical first. */
  members(clusteringId: number, label: number, offset: number, limit: number): MemberPage {
    const total = (
      this.db.prepare('SELECT COUNT(*) AS n FROM assignments WHERE clustering_id = ? AND label = ?').get(clusteringId, label) as { n: number }
    ).n;
    const members = (
      this.db
        .prepare(
          `SELECT a.item_id, a.probability FROM assignments a LEFT JOIN items i ON i.id = a.item_id
           WHERE a.clustering_id = ? AND a.label = ? ORDER BY a.probability DESC, i.position, a.item_id LIMIT ? OFFSET ?`,
        )
        .all(clusteringId, label, limit, offset) as Array<{ item_id: string; probability: number }>
    ).map((row) => ({ itemId: row.item_id, probability: row.probability }));
    return { total, members };
  }

  /** The cluster of one item in every clustering that has it. */
  itemAssignments(itemId: string): Array<{ clusteringId: number; label: number; probability: number; outlierScore: number | null }> {
    return (
      this.db
        .prepare(
          `SELECT a.clustering_id, a.label, a.probability, a.outlier_score FROM assignments a
           JOIN clusterings c ON c.id = a.clustering_id WHERE a.item_id = ? ORDER BY a.clustering_id`,
        )
        .all(itemId) as Array<{ clustering_id: number; label: number; probability: number; outlier_score: number | null }>
    ).map((row) => ({ clusteringId: row.clustering_id, label: row.label, probability: row.probability, outlierScore: row.outlier_score }));
  }

  /** Items by id, in the order asked, unknown ids left out. */
  items(ids: readonly string[]): ItemRecord[] {
    const statement = this.db.prepare('SELECT id, hash, path, metadata, position FROM items WHERE id = ?');
    const out: ItemRecord[] = [];
    for (const id of ids) {
      const row = statement.get(id) as { id: string; hash: string; path: string; metadata: string; position: number } | undefined;
      if (row) out.push({ ...row, metadata: JSON.parse(row.metadata) as Record<string, string> });
    }
    return out;
  }

  /** Metadata column names over all items (first-seen order). */
  metadataColumns(): string[] {
    const columns = new Set<string>();
    for (const [metadata] of this.db.prepare('SELECT DISTINCT metadata FROM items').raw().iterate() as Iterable<[string]>) {
      for (const key of Object.keys(JSON.parse(metadata) as Record<string, string>)) columns.add(key);
    }
    return [...columns];
  }

  /** How the items clustered by both `a` and `b` spread over their clusters. */
  contingency(a: number, b: number): ContingencyCell[] {
    return (
      this.db
        .prepare(
          `SELECT x.label AS label_a, y.label AS label_b, COUNT(*) AS n
           FROM assignments x JOIN assignments y ON y.item_id = x.item_id AND y.clustering_id = ?
           WHERE x.clustering_id = ? GROUP BY x.label, y.label ORDER BY x.label, y.label`,
        )
        .all(b, a) as Array<{ label_a: number; label_b: number; n: number }>
    ).map((row) => ({ labelA: row.label_a, labelB: row.label_b, count: row.n }));
  }

  /** Items in cluster `labelA` of `a` and cluster `labelB` of `b`. */
  crossMembers(a: number, labelA: number, b: number, labelB: number, offset: number, limit: number): MemberPage {
    const where = `FROM assignments x JOIN assignments y ON y.item_id = x.item_id AND y.clustering_id = @b AND y.label = @labelB
                   WHERE x.clustering_id = @a AND x.label = @labelA`;
    const params = { a, labelA, b, labelB };
    const total = (this.db.prepare(`SELECT COUNT(*) AS n ${where}`).get(params) as { n: number }).n;
    const members = (
      this.db
        .prepare(`SELECT x.item_id, x.probability ${where} ORDER BY x.probability DESC, x.item_id LIMIT @limit OFFSET @offset`)
        .all({ ...params, limit, offset }) as Array<{ item_id: string; probability: number }>
    ).map((row) => ({ itemId: row.item_id, probability: row.probability }));
    return { total, members };
  }
}
