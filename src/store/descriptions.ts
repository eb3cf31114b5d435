import type Database from 'better-sqlite3';
import { canonicalJson, hashOf } from '../util/hash.js';
import { now } from './codec.js';

/** Everything that determines a description's text besides the image itself. */
export interface DescriptionKey {
  describer: string;
  model: string;
  promptHash: string;
  params: Record<string, unknown>;
}

export interface StoredDescription {
  imageHash: string;
  status: 'ok' | 'refused' | 'empty';
  text: string;
  inputTokens: number | null;
  outputTokens: number | null;
  costUsd: number | null;
  responseModel: string | null;
}

interface DescriptionRow {
  image_hash: string;
  status: 'ok' | 'refused' | 'empty';
  text: string;
  input_tokens: number | null;
  output_tokens: number | null;
  cost_usd: number | null;
  response_model: string | null;
}

const fromRow = (row: DescriptionRow): StoredDescription => ({
  imageHash: row.image_hash,
  status: row.status,
  text: row.text,
  inputTokens: row.input_tokens,
  outputTokens: row.output_tokens,
  costUsd: row.cost_usd,
  responseModel: row.response_model,
});

/**
 * The description cache. A row is written (and committed) the moment a description arrives,
 * so a crash or Ctrl-C never loses, and never pays twice for, a finished description.
 */
export class DescriptionRepository {
  constructor(private readonly db: Database.Database) {}

  putPrompt(prompt: { hash: string; name: string; version: number; text: string }): void {
    this.db
      .prepare('INSERT OR IGNORE INTO prompts (hash, name, version, text) VALUES (@hash, @name, @version, @text)')
      .run(prompt);
  }

  get(imageHash: string, key: DescriptionKey): StoredDescription | undefined {
    const row = this.db
      .prepare(
        `SELECT image_hash, status, text, input_tokens, output_tokens, cost_usd, response_model FROM descriptions
         WHERE image_hash = ? AND describer = ? AND model = ? AND prompt_hash = ? AND params_hash = ?`,
      )
      .get(imageHash, key.describer, key.model, key.promptHash, hashOf(key.params)) as DescriptionRow | undefined;
    return row ? fromRow(row) : undefined;
  }

  /** All cached descriptions for this key, by image hash. */
  getMany(imageHashes: readonly string[], key: DescriptionKey): Map<string, StoredDescription> {
    const out = new Map<string, StoredDescription>();
    const statement = this.db.prepare(
      `SELECT image_hash, status, text, input_tokens, output_tokens, cost_usd, response_model FROM descriptions
       WHERE image_hash = ? AND describer = ? AND model = ? AND prompt_hash = ? AND params_hash = ?`,
    );
    const paramsHash = hashOf(key.params);
    for (const hash of imageHashes) {
      const row = statement.get(hash, key.describer, key.model, key.promptHash, paramsHash) as DescriptionRow | undefined;
      if (row) out.set(hash, fromRow(row));
    }
    return out;
  }

  put(key: DescriptionKey, description: StoredDescription): void {
    this.db
      .prepare(
        `INSERT INTO descriptions (image_hash, describer, model, prompt_hash, params_hash, status, text,
           input_tokens, output_tokens, cost_usd, response_model, params, created_at)
         VALUES (@imageHash, @describer, @model, @promptHash, @paramsHash, @status, @text,
           @inputTokens, @outputTokens, @costUsd, @responseModel, @params, @createdAt)
         ON CONFLICT DO UPDATE SET status = excluded.status, text = excluded.text,
           input_tokens = excluded.input_tokens, output_tokens = excluded.output_tokens,
           cost_usd = excluded.cost_usd, response_model = excluded.response_model, created_at = excluded.created_at`,
      )
      .run({
        ...description,
        describer: key.describer,
        model: key.model,
        promptHash: key.promptHash,
        paramsHash: hashOf(key.params),
        params: canonicalJson(key.params),
        createdAt: now(),
      });
  }

  /** Descriptions of one image under any describer/prompt (for the web app's image page). */
  forImage(imageHash: string): Array<StoredDescription & { describer: string; model: string; promptName: string | null }> {
    const rows = this.db
      .prepare(
        `SELECT d.image_hash, d.status, d.text, d.input_tokens, d.output_tokens, d.cost_usd, d.response_model,
                d.describer, d.model, p.name AS prompt_name
         FROM descriptions d LEFT JOIN prompts p ON p.hash = d.prompt_hash
         WHERE d.image_hash = ? ORDER BY d.created_at`,
      )
      .all(imageHash) as Array<DescriptionRow & { describer: string; model: string; prompt_name: string | null }>;
    return rows.map((row) => ({ ...fromRow(row), describer: row.describer, model: row.model, promptName: row.prompt_name }));
  }
}
