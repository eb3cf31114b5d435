import type Database from 'better-sqlite3';
import { storeState } from './state.js';

/** Marks the start and end of a matched term in a snippet: private-use characters, never markup. */
export const MATCH_START = '\uE000';
export const MATCH_END = '\uE001';

export interface SearchHit {
  readonly itemId: string;
  /** The prompt (connotative, denotative, ...) of the description that matched. */
  readonly prompt: string;
  /** An excerpt with matches between MATCH_START and MATCH_END. */
  readonly snippet: string;
}

export interface SearchResult {
  /** Every matching item (up to the limit), best first: what the map highlights. */
  readonly itemIds: string[];
  /** Excerpts of the best matches. */
  readonly hits: SearchHit[];
  /** True when more items matched than `itemIds` holds. */
  readonly truncated: boolean;
}

/**
 * Turns what a person types into an FTS5 query that cannot be a syntax error: words (letters and
 * digits) become quoted terms that must all occur; a trailing `*` keeps prefix search. Null when
 * nothing searchable is left.
 */
export function toFtsQuery(input: string): string | null {
  const terms = (input.match(/[\p{L}\p{N}_]+\*?/gu) ?? []).slice(0, 32);
  if (terms.length === 0) return null;
  return terms.map((term) => (term.endsWith('*') ? `"${term.slice(0, -1)}"*` : `"${term}"`)).join(' ');
}

/**
 * Full-text search over the descriptions (SQLite FTS5, Porter stemming). The index is derived
 * data: `refresh` rebuilds it when the descriptions changed since it was built, so describing
 * images costs nothing extra and a project made before the index existed is searchable too.
 */
export class DescriptionSearch {
  private readonly state;
  private seenDataVersion = -1;

  constructor(private readonly db: Database.Database) {
    this.state = storeState(db, 'description_search');
  }

  /** Rebuilds the index if the descriptions changed; returns whether it did. Cheap when nothing changed. */
  refresh(): boolean {
    // data_version only moves when another connection commits, so most calls stop here.
    const dataVersion = this.db.pragma('data_version', { simple: true }) as number;
    if (dataVersion === this.seenDataVersion) return false;
    this.seenDataVersion = dataVersion;
    const fingerprint = this.db.prepare(`SELECT COUNT(*) AS n, MAX(created_at) AS latest FROM descriptions WHERE status = 'ok'`).get() as {
      n: number;
      latest: string | null;
    };
    const current = `${fingerprint.n}|${fingerprint.latest ?? ''}`;
    if (this.state.get<string>('fingerprint') === current) return false;
    this.db.transaction(() => {
      this.db.exec('DELETE FROM description_search');
      this.db.exec(
        `INSERT INTO description_search (text, image_hash, item_id, prompt)
         SELECT d.text, d.image_hash, d.item_id, COALESCE(p.name, '') FROM descriptions d LEFT JOIN prompts p ON p.hash = d.prompt_hash
         WHERE d.status = 'ok'`,
      );
      this.state.set('fingerprint', current);
    })();
    return true;
  }

  /** Items whose descriptions contain every word of `query`, best (BM25) first. */
  search(query: string, options: { limit?: number; hits?: number } = {}): SearchResult {
    const fts = toFtsQuery(query);
    if (fts === null) return { itemIds: [], hits: [], truncated: false };
    this.refresh();
    const limit = options.limit ?? 50_000;
    const rows = this.db
      .prepare(
        // A text of the image ('' item) matches every item with those bytes; a per-item text only its item.
        `SELECT i.id AS item_id FROM items i
         JOIN (SELECT image_hash, item_id, MIN(rank) AS best FROM description_search WHERE description_search MATCH ? GROUP BY image_hash, item_id) m
           ON m.image_hash = i.hash AND (m.item_id = '' OR m.item_id = i.id)
         GROUP BY i.id ORDER BY MIN(m.best), i.position, i.id LIMIT ?`,
      )
      .all(fts, limit + 1) as Array<{ item_id: string }>;
    const hitRows = this.db
      .prepare(
        `SELECT m.image_hash, m.prompt, m.snippet,
                CASE WHEN m.item_id != '' THEN m.item_id ELSE (SELECT id FROM items WHERE hash = m.image_hash ORDER BY position, id LIMIT 1) END AS item_id
         FROM (SELECT image_hash, item_id, prompt, snippet(description_search, 0, ?, ?, '…', 24) AS snippet, rank
               FROM description_search WHERE description_search MATCH ? ORDER BY rank LIMIT ?) m`,
      )
      .all(MATCH_START, MATCH_END, fts, options.hits ?? 50) as Array<{ item_id: string | null; prompt: string; snippet: string }>;
    return {
      itemIds: rows.slice(0, limit).map((row) => row.item_id),
      hits: hitRows
        .filter((row): row is { item_id: string; prompt: string; snippet: string } => row.item_id !== null)
        .map((row) => ({ itemId: row.item_id, prompt: row.prompt, snippet: row.snippet })),
      truncated: rows.length > limit,
    };
  }
}
