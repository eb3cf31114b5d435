import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';


/** A client error with a message safe to show (it never echoes markup: JSON only). */
export function fail(status: 400 | 401 | 403 | 404 | 409 | 413 | 415, message: string): never {
  throw new HTTPException(status, { message });
}

/**
 * Answers with JSON whose shape is a type of the contract (src/web/contract.ts): naming the type
 * at every route lets the compiler hold the server to what the client reads.
 */
export function reply<T>(c: Context, body: T, status: 200 | 201 = 200): Response {
  return c.json(body as object, status);
}

/** A whole number from a path or query parameter, within [min, max]. */
export function integer(value: string | undefined, name: string, range: { min?: number; max?: number; fallback?: number } = {}): number {
  if (value === undefined || value === '') {
    if (range.fallback !== undefined) return range.fallback;
    fail(400, `${name} is required`);
  }
  if (!/^-?\d{1,15}$/.test(value)) fail(400, `${name} must be a whole number`);
  const n = Number(value);
  if ((range.min !== undefined && n < range.min) || (range.max !== undefined && n > range.max)) {
    fail(400, `${name} must be between ${range.min ?? '-∞'} and ${range.max ?? '∞'}`);
  }
  return n;
}

/** A JSON object body; anything else (wrong type, malformed JSON, an array) is a 400 or 415. */
export async function jsonBody(c: Context): Promise<Record<string, unknown>> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) fail(415, 'send JSON (Content-Type: application/json)');
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    fail(400, 'the body is not valid JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) fail(400, 'the body must be a JSON object');
  return body as Record<string, unknown>;
}

/** Coder names appear in exported CSV files and on screen: a short, plain word. */
export const CODER_PATTERN = /^[\p{L}\p{N}_.@-]{1,64}$/u;

export function coderName(value: unknown): string {
  if (typeof value !== 'string' || !CODER_PATTERN.test(value)) {
    fail(400, 'coder must be 1 to 64 letters, digits or . _ @ -');
  }
  return value;
}

/** A CSV download. */
export function csvResponse(c: Context, body: string, fileName: string): Response {
  c.header('Content-Type', 'text/csv; charset=utf-8');
  c.header('Content-Disposition', `attachment; filename="${fileName.replace(/[^\w.-]/g, '_')}"`);
  return c.body(body);
}

/** Binary typed-array payloads (little-endian, as every browser and Node platform is). */
export function binaryResponse(c: Context, data: ArrayBufferView): Response {
  c.header('Content-Type', 'application/octet-stream');
  c.header('Cache-Control', 'no-cache');
  return c.body(new Uint8Array(data.buffer as ArrayBuffer, data.byteOffset, data.byteLength));
}
