import type Database from 'better-sqlite3';
import { now } from './codec.js';

export interface RunRecord {
  id: string;
  startedAt: string;
  finishedAt: string | null;
  status: 'running' | 'finished' | 'failed' | 'interrupted';
  config: Record<string, unknown>;
  provenance: Record<string, unknown> | null;
}

interface RunRow {
  id: string;
  started_at: string;
  finished_at: string | null;
  status: RunRecord['status'];
  config: string;
  provenance: string | null;
}

const fromRow = (row: RunRow): RunRecord => ({
  id: row.id,
  startedAt: row.started_at,
  finishedAt: row.finished_at,
  status: row.status,
  config: JSON.parse(row.config) as Record<string, unknown>,
  provenance: row.provenance ? (JSON.parse(row.provenance) as Record<string, unknown>) : null,
});

export class RunRepository {
  constructor(private readonly db: Database.Database) {}

  start(id: string, config: Record<string, unknown>): void {
    this.db
      .prepare(`INSERT INTO runs (id, started_at, status, config) VALUES (?, ?, 'running', ?)`)
      .run(id, now(), JSON.stringify(config));
  }

  finish(id: string, status: RunRecord['status'], provenance: Record<string, unknown>): void {
    this.db
      .prepare('UPDATE runs SET finished_at = ?, status = ?, provenance = ? WHERE id = ?')
      .run(now(), status, JSON.stringify(provenance), id);
  }

  get(id: string): RunRecord | undefined {
    const row = this.db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as RunRow | undefined;
    return row ? fromRow(row) : undefined;
  }

  /** The most recent finished run: what `connote serve` shows by default. */
  latestFinished(): RunRecord | undefined {
    const row = this.db
      .prepare(`SELECT * FROM runs WHERE status = 'finished' ORDER BY finished_at DESC, rowid DESC LIMIT 1`)
      .get() as RunRow | undefined;
    return row ? fromRow(row) : undefined;
  }

  list(): RunRecord[] {
    return (this.db.prepare('SELECT * FROM runs ORDER BY started_at').all() as RunRow[]).map(fromRow);
  }
}
