import type Database from 'better-sqlite3';
import { now } from './codec.js';

/** What determines an image's perceptual hash, besides the image. */
export interface ImageHashKey {
  readonly algorithm: string;
  readonly version: string;
}

/**
 * The perceptual-hash cache: each image's hash by image hash, algorithm and version (which names
 * the sharp and libvips that scaled it), stored as hexadecimal. A rerun hashes nothing.
 */
export class ImageHashRepository {
  constructor(private readonly db: Database.Database) {}

  getMany(imageHashes: readonly string[], key: ImageHashKey): Map<string, bigint> {
    const statement = this.db.prepare('SELECT value FROM image_hashes WHERE image_hash = ? AND algorithm = ? AND version = ?');
    const out = new Map<string, bigint>();
    for (const hash of imageHashes) {
      const row = statement.get(hash, key.algorithm, key.version) as { value: string } | undefined;
      if (row) out.set(hash, BigInt(`0x${row.value}`));
    }
    return out;
  }

  putMany(hashes: ReadonlyArray<{ readonly imageHash: string; readonly value: bigint }>, key: ImageHashKey & { readonly bits: number }): void {
    if (hashes.length === 0) return;
    const insert = this.db.prepare(
      `INSERT INTO image_hashes (image_hash, algorithm, version, bits, value, created_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT DO UPDATE SET bits = excluded.bits, value = excluded.value, created_at = excluded.created_at`,
    );
    const createdAt = now();
    const digits = Math.ceil(key.bits / 4);
    this.db.transaction(() => {
      for (const { imageHash, value } of hashes) insert.run(imageHash, key.algorithm, key.version, key.bits, value.toString(16).padStart(digits, '0'), createdAt);
    })();
  }

  count(key?: ImageHashKey): number {
    const row = (key
      ? this.db.prepare('SELECT COUNT(*) AS n FROM image_hashes WHERE algorithm = ? AND version = ?').get(key.algorithm, key.version)
      : this.db.prepare('SELECT COUNT(*) AS n FROM image_hashes').get()) as { n: number };
    return row.n;
  }
}
