import type Database from 'better-sqlite3';
import { now } from './codec.js';

export interface ImageRecord {
  hash: string;
  format: string;
  width: number;
  height: number;
  bytes: number;
}

export interface ItemRecord {
  id: string;
  hash: string;
  path: string;
  metadata: Record<string, string>;
  position: number;
}

interface ItemRow {
  id: string;
  hash: string;
  path: string;
  metadata: string;
  position: number;
}

const toItem = (row: ItemRow): ItemRecord => ({ ...row, metadata: JSON.parse(row.metadata) as Record<string, string> });

/** Distinct images (by content hash), their thumbnails, and the user's items that point at them. */
export class ImageRepository {
  constructor(private readonly db: Database.Database) {}

  hasImage(hash: string): boolean {
    return this.db.prepare('SELECT 1 FROM images WHERE hash = ?').get(hash) !== undefined;
  }

  getImage(hash: string): ImageRecord | undefined {
    return this.db.prepare('SELECT hash, format, width, height, bytes FROM images WHERE hash = ?').get(hash) as
      | ImageRecord
      | undefined;
  }

  putImage(image: ImageRecord, thumbnail: { data: Buffer; type: string } | null): void {
    this.db
      .prepare(
        `INSERT INTO images (hash, format, width, height, bytes, thumbnail, thumbnail_type, created_at)
         VALUES (@hash, @format, @width, @height, @bytes, @thumbnail, @thumbnailType, @createdAt)
         ON CONFLICT(hash) DO UPDATE SET thumbnail = COALESCE(excluded.thumbnail, images.thumbnail),
           thumbnail_type = COALESCE(excluded.thumbnail_type, images.thumbnail_type)`,
      )
      .run({ ...image, thumbnail: thumbnail?.data ?? null, thumbnailType: thumbnail?.type ?? null, createdAt: now() });
  }

  thumbnail(hash: string): { data: Buffer; type: string } | undefined {
    const row = this.db.prepare('SELECT thumbnail, thumbnail_type FROM images WHERE hash = ?').get(hash) as
      | { thumbnail: Buffer | null; thumbnail_type: string | null }
      | undefined;
    if (!row?.thumbnail || !row.thumbnail_type) return undefined;
    return { data: row.thumbnail, type: row.thumbnail_type };
  }

  putItems(items: readonly ItemRecord[]): void {
    const insert = this.db.prepare(
      `INSERT INTO items (id, hash, path, metadata, position, updated_at)
       VALUES (@id, @hash, @path, @metadata, @position, @updatedAt)
       ON CONFLICT(id) DO UPDATE SET hash = excluded.hash, path = excluded.path,
         metadata = excluded.metadata, position = excluded.position, updated_at = excluded.updated_at`,
    );
    const updatedAt = now();
    this.db.transaction(() => {
      for (const item of items) insert.run({ ...item, metadata: JSON.stringify(item.metadata), updatedAt });
    })();
  }

  getItem(id: string): ItemRecord | undefined {
    const row = this.db.prepare('SELECT id, hash, path, metadata, position FROM items WHERE id = ?').get(id) as
      | ItemRow
      | undefined;
    return row ? toItem(row) : undefined;
  }

  listItems(): ItemRecord[] {
    const rows = this.db.prepare('SELECT id, hash, path, metadata, position FROM items ORDER BY position, id').all() as ItemRow[];
    return rows.map(toItem);
  }
}
