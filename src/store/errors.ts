import type Database from 'better-sqlite3';
import { now } from './codec.js';

export interface ErrorRecord {
  runId: string | null;
  stage: string;
  itemId: string | null;
  path: string | null;
  message: string;
}

/** Per-item problems (a corrupt file, a refused request): recorded, reported, never fatal. */
export class ErrorRepository {
  constructor(private readonly db: Database.Database) {}

  add(error: ErrorRecord): void {
    this.db
      .prepare('INSERT INTO errors (run_id, stage, item_id, path, message, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(error.runId, error.stage, error.itemId, error.path, error.message, now());
  }

  forRun(runId: string): ErrorRecord[] {
    return (
      this.db
        .prepare('SELECT run_id, stage, item_id, path, message FROM errors WHERE run_id = ? ORDER BY id')
        .all(runId) as Array<{ run_id: string | null; stage: string; item_id: string | null; path: string | null; message: string }>
    ).map((row) => ({ runId: row.run_id, stage: row.stage, itemId: row.item_id, path: row.path, message: row.message }));
  }
}
