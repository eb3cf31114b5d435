import type Database from 'better-sqlite3';
import { canonicalJson, hashOf } from '../util/hash.js';
import { now } from './codec.js';

/** What determines the text an OCR engine reads in an image, besides the image. */
export interface ImageTextKey {
  readonly engine: string;
  readonly version: string;
  readonly params: Record<string, unknown>;
}

export interface StoredImageText {
  readonly text: string;
  readonly confidence: number | null;
}

/**
 * The OCR cache: what an engine read in an image, by image hash, engine, engine version and
 * settings. Written the moment each image is read, so a stopped run reads nothing twice.
 */
export class ImageTextRepository {
  constructor(private readonly db: Database.Database) {}

  getMany(imageHashes: readonly string[], key: ImageTextKey): Map<string, StoredImageText> {
    const statement = this.db.prepare('SELECT text, confidence FROM image_texts WHERE image_hash = ? AND engine = ? AND version = ? AND params_hash = ?');
    const paramsHash = hashOf(key.params);
    const out = new Map<string, StoredImageText>();
    for (const hash of imageHashes) {
      const row = statement.get(hash, key.engine, key.version, paramsHash) as StoredImageText | undefined;
      if (row) out.set(hash, { text: row.text, confidence: row.confidence });
    }
    return out;
  }

  put(imageHash: string, key: ImageTextKey, read: StoredImageText): void {
    this.db
      .prepare(
        `INSERT INTO image_texts (image_hash, engine, version, params_hash, params, text, confidence, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT DO UPDATE SET text = excluded.text, confidence = excluded.confidence, created_at = excluded.created_at`,
      )
      .run(imageHash, key.engine, key.version, hashOf(key.params), canonicalJson(key.params), read.text, read.confidence, now());
  }

  /** Every engine's reading of one image, newest first: what the image page shows. */
  forImage(imageHash: string): Array<StoredImageText & { readonly engine: string; readonly version: string }> {
    return this.db
      .prepare('SELECT engine, version, text, confidence FROM image_texts WHERE image_hash = ? ORDER BY created_at DESC')
      .all(imageHash) as Array<StoredImageText & { engine: string; version: string }>;
  }
}
