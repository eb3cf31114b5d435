import type Database from 'better-sqlite3';
import { blobToFloat32, float32ToBlob } from './codec.js';

/** The embedding cache: one vector per (text hash, embedder key). */
export class EmbeddingRepository {
  constructor(private readonly db: Database.Database) {}

  getMany(textHashes: readonly string[], embedderKey: string): Map<string, Float32Array> {
    const statement = this.db.prepare('SELECT vector FROM embeddings WHERE text_hash = ? AND embedder_key = ?');
    const out = new Map<string, Float32Array>();
    for (const hash of textHashes) {
      const row = statement.get(hash, embedderKey) as { vector: Buffer } | undefined;
      if (row) out.set(hash, blobToFloat32(row.vector));
    }
    return out;
  }

  /** Stores a batch in one transaction: a batch is either fully cached or not at all. */
  putMany(entries: ReadonlyArray<{ textHash: string; vector: Float32Array }>, embedderKey: string): void {
    const insert = this.db.prepare(
      'INSERT OR REPLACE INTO embeddings (text_hash, embedder_key, dims, vector) VALUES (?, ?, ?, ?)',
    );
    this.db.transaction(() => {
      for (const { textHash, vector } of entries) insert.run(textHash, embedderKey, vector.length, float32ToBlob(vector));
    })();
  }
}
