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

/**
 * 'ok' is a usable description; 'refused', 'empty' and 'unreadable' (a paid answer that is not a
 * chat completion connote can read) are answers too: stored, never used, never requested again.
 */
export type DescriptionStatus = 'ok' | 'refused' | 'empty' | 'unreadable';

export interface StoredDescription {
  imageHash: string;
  /**
   * The one item this text belongs to (reference descriptions, which people wrote per item), or
   * null for the image's description, shared by every item with these bytes.
   */
  itemId?: string | null;
  status: DescriptionStatus;
  text: string;
  inputTokens: number | null;
  outputTokens: number | null;
  costUsd: number | null;
  responseModel: string | null;
}

interface DescriptionRow {
  image_hash: string;
  item_id: string;
  status: DescriptionStatus;
  text: string;
  input_tokens: number | null;
  output_tokens: number | null;
  cost_usd: number | null;
  response_model: string | null;
}

const COLUMNS = 'image_hash, item_id, status, text, input_tokens, output_tokens, cost_usd, response_model';

const fromRow = (row: DescriptionRow): StoredDescription => ({
  imageHash: row.image_hash,
  itemId: row.item_id === '' ? null : row.item_id,
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

  /** The image's own description for this key (not the per-item ones). */
  get(imageHash: string, key: DescriptionKey): StoredDescription | undefined {
    return this.rowsFor(imageHash, key).find((row) => row.itemId === null);
  }

  /** Every cached description for this key by image hash: the image's own and any per-item ones. */
  getMany(imageHashes: readonly string[], key: DescriptionKey): Map<string, StoredDescription[]> {
    const out = new Map<string, StoredDescription[]>();
    const statement = this.select();
    const paramsHash = hashOf(key.params);
    for (const hash of imageHashes) {
      const rows = statement.all(hash, key.describer, key.model, key.promptHash, paramsHash) as DescriptionRow[];
      if (rows.length > 0) out.set(hash, rows.map(fromRow));
    }
    return out;
  }

  private rowsFor(imageHash: string, key: DescriptionKey): StoredDescription[] {
    return (this.select().all(imageHash, key.describer, key.model, key.promptHash, hashOf(key.params)) as DescriptionRow[]).map(fromRow);
  }

  private select() {
    return this.db.prepare(
      `SELECT ${COLUMNS} FROM descriptions
       WHERE image_hash = ? AND describer = ? AND model = ? AND prompt_hash = ? AND params_hash = ? ORDER BY item_id`,
    );
  }

  /**
   * Stores a description (replacing one under the same key). With `keepExisting`, a description
   * already stored under the key wins: an answer arriving late (a resumed batch) never replaces
   * the text earlier runs used.
   */
  put(key: DescriptionKey, description: StoredDescription, options: { keepExisting?: boolean } = {}): void {
    const conflict = options.keepExisting
      ? 'ON CONFLICT DO NOTHING'
      : `ON CONFLICT DO UPDATE SET status = excluded.status, text = excluded.text,
           input_tokens = excluded.input_tokens, output_tokens = excluded.output_tokens,
           cost_usd = excluded.cost_usd, response_model = excluded.response_model, created_at = excluded.created_at`;
    this.db
      .prepare(
        `INSERT INTO descriptions (image_hash, item_id, describer, model, prompt_hash, params_hash, status, text,
           input_tokens, output_tokens, cost_usd, response_model, params, created_at)
         VALUES (@imageHash, @itemId, @describer, @model, @promptHash, @paramsHash, @status, @text,
           @inputTokens, @outputTokens, @costUsd, @responseModel, @params, @createdAt)
         ${conflict}`,
      )
      .run({
        ...description,
        itemId: description.itemId ?? '',
        describer: key.describer,
        model: key.model,
        promptHash: key.promptHash,
        paramsHash: hashOf(key.params),
        params: canonicalJson(key.params),
        createdAt: now(),
      });
  }

  /**
   * Descriptions of one image under any describer/prompt (for the web app's image page). With
   * `itemId`, per-item descriptions of other items with the same bytes are left out.
   */
  forImage(
    imageHash: string,
    itemId?: string,
  ): Array<StoredDescription & { describer: string; model: string; promptName: string | null }> {
    const rows = this.db
      .prepare(
        `SELECT d.image_hash, d.item_id, d.status, d.text, d.input_tokens, d.output_tokens, d.cost_usd, d.response_model,
                d.describer, d.model, p.name AS prompt_name
         FROM descriptions d LEFT JOIN prompts p ON p.hash = d.prompt_hash
         WHERE d.image_hash = ? AND (? IS NULL OR d.item_id = '' OR d.item_id = ?) ORDER BY d.created_at, d.item_id`,
      )
      .all(imageHash, itemId ?? null, itemId ?? null) as Array<DescriptionRow & { describer: string; model: string; prompt_name: string | null }>;
    return rows.map((row) => ({ ...fromRow(row), describer: row.describer, model: row.model, promptName: row.prompt_name }));
  }
}
