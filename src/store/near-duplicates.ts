import type Database from 'better-sqlite3';
import { now } from './codec.js';

/** One grouping of a project's images into near-duplicates, as a run or `connote duplicates` found it. */
export interface NearDuplicateGroupingRecord {
  readonly id: number;
  /** The run that grouped; null for `connote duplicates`. */
  readonly runId: string | null;
  readonly algorithm: string;
  readonly version: string;
  readonly maxDistance: number;
  /** 'all' or 'representative' in a run; null for `connote duplicates`. */
  readonly analysis: string | null;
  /** Distinct images hashed. */
  readonly images: number;
  readonly createdAt: string;
}

/** One item of a group: which image it shows and how far that image's hash is from the representative's. */
export interface NearDuplicateMemberRecord {
  readonly groupId: number;
  readonly itemId: string;
  readonly imageHash: string;
  readonly representative: boolean;
  readonly distance: number;
}

export type NewNearDuplicateGrouping = Omit<NearDuplicateGroupingRecord, 'id' | 'createdAt'> & {
  /** Group by group, each in its order (the representative item first). */
  readonly members: readonly NearDuplicateMemberRecord[];
};

interface GroupingRow {
  id: number;
  run_id: string | null;
  algorithm: string;
  version: string;
  max_distance: number;
  analysis: string | null;
  images: number;
  created_at: string;
}

const toGrouping = (row: GroupingRow): NearDuplicateGroupingRecord => ({
  id: row.id,
  runId: row.run_id,
  algorithm: row.algorithm,
  version: row.version,
  maxDistance: row.max_distance,
  analysis: row.analysis,
  images: row.images,
  createdAt: row.created_at,
});

/** The near-duplicate groups found in a project, kept per grouping so that the web app shows what a run saw. */
export class NearDuplicateRepository {
  constructor(private readonly db: Database.Database) {}

  save(grouping: NewNearDuplicateGrouping): number {
    return this.db.transaction(() => {
      const { lastInsertRowid } = this.db
        .prepare(
          `INSERT INTO near_duplicate_groupings (run_id, algorithm, version, max_distance, analysis, images, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(grouping.runId, grouping.algorithm, grouping.version, grouping.maxDistance, grouping.analysis, grouping.images, now());
      const id = Number(lastInsertRowid);
      const insert = this.db.prepare(
        `INSERT INTO near_duplicate_members (grouping_id, group_id, item_id, image_hash, position, representative, distance)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      );
      grouping.members.forEach((m, position) => insert.run(id, m.groupId, m.itemId, m.imageHash, position, m.representative ? 1 : 0, m.distance));
      return id;
    })();
  }

  get(id: number): NearDuplicateGroupingRecord | undefined {
    const row = this.db.prepare('SELECT * FROM near_duplicate_groupings WHERE id = ?').get(id) as GroupingRow | undefined;
    return row ? toGrouping(row) : undefined;
  }

  /** The most recent grouping, or that of one run. */
  latest(runId?: string): NearDuplicateGroupingRecord | undefined {
    const row = (runId === undefined
      ? this.db.prepare('SELECT * FROM near_duplicate_groupings ORDER BY id DESC LIMIT 1').get()
      : this.db.prepare('SELECT * FROM near_duplicate_groupings WHERE run_id = ? ORDER BY id DESC LIMIT 1').get(runId)) as GroupingRow | undefined;
    return row ? toGrouping(row) : undefined;
  }

  list(): NearDuplicateGroupingRecord[] {
    return (this.db.prepare('SELECT * FROM near_duplicate_groupings ORDER BY id').all() as GroupingRow[]).map(toGrouping);
  }

  /** Every member of a grouping, group by group, each group in its stored order. */
  members(groupingId: number): NearDuplicateMemberRecord[] {
    const rows = this.db
      .prepare(
        `SELECT group_id, item_id, image_hash, representative, distance FROM near_duplicate_members
         WHERE grouping_id = ? ORDER BY group_id, position`,
      )
      .all(groupingId) as Array<{ group_id: number; item_id: string; image_hash: string; representative: number; distance: number }>;
    return rows.map((r) => ({ groupId: r.group_id, itemId: r.item_id, imageHash: r.image_hash, representative: r.representative === 1, distance: r.distance }));
  }
}
