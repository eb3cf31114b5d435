import type { Context } from 'hono';
import sharp from 'sharp';
import type { WebContext } from './context.js';
import { fail } from './http.js';
import { imageBytes, sendBytes } from './images.js';
import type { WebEnv } from './security.js';

/** Longest side of an image shown to a blind coder. */
const BLIND_SIZE = 1024;

/**
 * An image of a coding task, named by the task (never by item id). In blind mode it is
 * re-encoded, which drops EXIF, captions and every other trace of where it came from, and sent
 * without the content hash as validator.
 */
export async function sendCodingImage(c: Context<WebEnv>, ctx: WebContext, itemId: string): Promise<Response> {
  const item = ctx.store.images.getItem(itemId);
  if (!item) fail(404, 'this image is no longer in the project');
  const bytes = await imageBytes(ctx.store, item, ctx.originals);
  if (!ctx.blind) return sendBytes(c, bytes);
  const clean = await sharp(bytes.data)
    .rotate()
    .resize(BLIND_SIZE, BLIND_SIZE, { fit: 'inside', withoutEnlargement: true })
    .webp({ quality: 85 })
    .toBuffer();
  c.header('Content-Type', 'image/webp');
  c.header('Cache-Control', 'private, max-age=3600');
  return c.body(new Uint8Array(clean));
}
