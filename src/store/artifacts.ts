import type Database from 'better-sqlite3';
import type { Matrix } from '../util/matrix.js';
import { blobToFloat64, float64ToBlob, now } from './codec.js';

/** Cached matrices (reductions, layouts, image features) keyed by a hash of what produced them. */
export class ArtifactRepository {
  constructor(private readonly db: Database.Database) {}

  getMatrix(key: string): Matrix | undefined {
    const row = this.db.prepare('SELECT rows, cols, data FROM artifacts WHERE key = ?').get(key) as
      | { rows: number; cols: number; data: Buffer }
      | undefined;
    return row ? { rows: row.rows, cols: row.cols, data: blobToFloat64(row.data) } : undefined;
  }

  /** Every stored matrix of one kind (without its data), newest first. */
  listKind(kind: string): Array<{ key: string; rows: number; cols: number; meta: Record<string, unknown> }> {
    return (
      this.db.prepare('SELECT key, rows, cols, meta FROM artifacts WHERE kind = ? ORDER BY created_at DESC').all(kind) as Array<{
        key: string;
        rows: number;
        cols: number;
        meta: string;
      }>
    ).map((row) => ({ ...row, meta: JSON.parse(row.meta) as Record<string, unknown> }));
  }

  putMatrix(key: string, kind: string, matrix: Matrix, meta: Record<string, unknown> = {}): void {
    this.db
      .prepare(
        `INSERT OR REPLACE INTO artifacts (key, kind, rows, cols, data, meta, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(key, kind, matrix.rows, matrix.cols, float64ToBlob(matrix.data), JSON.stringify(meta), now());
  }
}
