import type Database from 'better-sqlite3';
import type { StageState } from '../types/context.js';
import { now } from './codec.js';

/** Persistent key-value state for stages that resume across processes (e.g. a submitted batch id). */
export function storeState(db: Database.Database, namespace = ''): StageState {
  const prefix = namespace ? `${namespace}:` : '';
  return {
    get: <T>(key: string) => {
      const row = db.prepare('SELECT value FROM state WHERE key = ?').get(prefix + key) as { value: string } | undefined;
      return row ? (JSON.parse(row.value) as T) : undefined;
    },
    set: (key, value) => {
      db.prepare('INSERT OR REPLACE INTO state (key, value, updated_at) VALUES (?, ?, ?)').run(
        prefix + key,
        JSON.stringify(value),
        now(),
      );
    },
    delete: (key) => {
      db.prepare('DELETE FROM state WHERE key = ?').run(prefix + key);
    },
  };
}
