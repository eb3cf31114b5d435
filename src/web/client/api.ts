/** How the client fetches the server's JSON (shapes in ../contract.ts, shared with the server). */
import type { MatchEndMarker, MatchStartMarker } from '../contract.js';

export type * from '../contract.js';

/** The start and end markers of a match in a search snippet (src/store/search.ts). */
export const MATCH_START: MatchStartMarker = '\uE000';
export const MATCH_END: MatchEndMarker = '\uE001';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function check(response: Response): Promise<Response> {
  if (response.ok) return response;
  let message = `${response.status} ${response.statusText}`;
  try {
    const body = (await response.json()) as { error?: string };
    if (body.error) message = body.error;
  } catch {
    // Not JSON: keep the status line.
  }
  throw new ApiError(response.status, message);
}

export async function getJson<T>(url: string): Promise<T> {
  return (await (await check(await fetch(url, { credentials: 'same-origin' }))).json()) as T;
}

export async function getBinary(url: string): Promise<ArrayBuffer> {
  return (await check(await fetch(url, { credentials: 'same-origin' }))).arrayBuffer();
}

export async function postJson<T>(url: string, body: unknown): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return (await (await check(response)).json()) as T;
}

/** POSTs JSON and returns the answer as a file (a CSV export). */
export async function postForBlob(url: string, body: unknown): Promise<Blob> {
  const response = await fetch(url, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return (await check(response)).blob();
}

export const itemPath = (id: string): string => `/api/items/${encodeURIComponent(id)}`;
export const thumbnailUrl = (id: string): string => `${itemPath(id)}/thumbnail`;
export const imageUrl = (id: string): string => `${itemPath(id)}/image`;
