import type Database from 'better-sqlite3';
import { now } from './codec.js';

/** One cached answer of a labeler: what a model wrote for one request, and what it cost. */
export interface CachedLabelAnswer {
  readonly kind: 'name' | 'distinguish';
  readonly labeler: string;
  readonly model: string;
  readonly promptHash: string;
  readonly answer: unknown;
  readonly inputTokens: number | null;
  readonly outputTokens: number | null;
  readonly costUsd: number | null;
  readonly responseModel: string | null;
}

interface CacheRow {
  kind: 'name' | 'distinguish';
  labeler: string;
  model: string;
  prompt_hash: string;
  answer: string;
  input_tokens: number | null;
  output_tokens: number | null;
  cost_usd: number | null;
  response_model: string | null;
}

/**
 * The labeler's cache, keyed by a hash of everything that shapes an answer (labeler, model,
 * parameters, prompt text and the cluster's keywords and sampled descriptions). Each answer is
 * committed as it arrives, so a rerun, or a crash halfway, never pays for a name twice.
 */
export class LabelCacheRepository {
  constructor(private readonly db: Database.Database) {}

  get(key: string): CachedLabelAnswer | undefined {
    const row = this.db.prepare('SELECT * FROM label_cache WHERE key = ?').get(key) as CacheRow | undefined;
    if (!row) return undefined;
    return {
      kind: row.kind,
      labeler: row.labeler,
      model: row.model,
      promptHash: row.prompt_hash,
      answer: JSON.parse(row.answer) as unknown,
      inputTokens: row.input_tokens,
      outputTokens: row.output_tokens,
      costUsd: row.cost_usd,
      responseModel: row.response_model,
    };
  }

  has(key: string): boolean {
    return this.db.prepare('SELECT 1 FROM label_cache WHERE key = ?').get(key) !== undefined;
  }

  put(key: string, entry: CachedLabelAnswer): void {
    this.db
      .prepare(
        `INSERT OR REPLACE INTO label_cache (key, kind, labeler, model, prompt_hash, answer, input_tokens, output_tokens, cost_usd, response_model, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        key,
        entry.kind,
        entry.labeler,
        entry.model,
        entry.promptHash,
        JSON.stringify(entry.answer),
        entry.inputTokens,
        entry.outputTokens,
        entry.costUsd,
        entry.responseModel,
        now(),
      );
  }

  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM label_cache').get() as { n: number }).n;
  }
}
