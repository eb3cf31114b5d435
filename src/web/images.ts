import { readFile, stat } from 'node:fs/promises';
import type { Context } from 'hono';
import type { ItemRecord, Store } from '../store/index.js';
import { fail } from './http.js';

/** Formats a browser shows, by sharp's format name; others (TIFF, HEIF) fall back to the thumbnail. */
const BROWSER_TYPES: Readonly<Record<string, string>> = {
  jpeg: 'image/jpeg',
  jpg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  avif: 'image/avif',
};

export interface ImageBytes {
  readonly data: Buffer;
  readonly type: string;
  readonly etag: string;
}

function thumbnailOf(store: Store, item: ItemRecord): ImageBytes {
  const thumbnail = store.images.thumbnail(item.hash);
  if (!thumbnail) fail(404, 'this image has no thumbnail');
  return { data: thumbnail.data, type: thumbnail.type, etag: `"t-${item.hash}"` };
}

/**
 * The original file, found through the store by item id (never through anything a request
 * names), when it is still on disk with the size it had when it was read; else the thumbnail.
 */
export async function imageBytes(store: Store, item: ItemRecord, originals: boolean): Promise<ImageBytes> {
  const image = store.images.getImage(item.hash);
  const type = image ? BROWSER_TYPES[image.format] : undefined;
  if (!originals || !image || !type) return thumbnailOf(store, item);
  try {
    const info = await stat(item.path);
    if (!info.isFile() || info.size !== image.bytes) return thumbnailOf(store, item);
    return { data: await readFile(item.path), type, etag: `"o-${item.hash}"` };
  } catch {
    return thumbnailOf(store, item);
  }
}

/** Sends image bytes with a validator, answering 304 when the browser already has them. */
export function sendBytes(c: Context, bytes: ImageBytes): Response {
  c.header('ETag', bytes.etag);
  c.header('Cache-Control', 'private, max-age=3600');
  if (c.req.header('if-none-match') === bytes.etag) return c.body(null, 304);
  c.header('Content-Type', bytes.type);
  return c.body(new Uint8Array(bytes.data));
}

export const sendThumbnail = (c: Context, store: Store, item: ItemRecord): Response => sendBytes(c, thumbnailOf(store, item));

export async function sendImage(c: Context, store: Store, item: ItemRecord, originals: boolean): Promise<Response> {
  return sendBytes(c, await imageBytes(store, item, originals));
}
