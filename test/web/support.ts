import type { Hono } from 'hono';
import { createApp, type AppOptions } from '../../src/web/app.js';
import { loadClientAssets, type StaticAsset } from '../../src/web/client-assets.js';
import type { Store } from '../../src/store/index.js';

let assets: Map<string, StaticAsset> | undefined;

/** The client's files, transpiled once per test file (as `connote serve` does from sources). */
export function clientAssets(): Map<string, StaticAsset> {
  assets ??= loadClientAssets();
  return assets;
}

export function appFor(store: Store, options: AppOptions = {}): Hono<never> {
  return createApp(store, { clientAssets: clientAssets(), ...options }) as unknown as Hono<never>;
}

/** A JSON POST as the app's own pages send it. */
export function post(app: Hono<never>, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return Promise.resolve(
    app.request(path, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) }),
  );
}

export async function json<T = any>(response: Response | Promise<Response>): Promise<T> {
  return (await (await response).json()) as T;
}

export const SECURITY_HEADERS = ['content-security-policy', 'x-content-type-options', 'x-frame-options', 'referrer-policy'];

export function expectSecurityHeaders(response: Response): void {
  const csp = response.headers.get('content-security-policy') ?? '';
  if (!csp.includes("default-src 'self'") || !csp.includes("frame-ancestors 'none'") || !csp.includes("img-src 'self' data: blob:")) {
    throw new Error(`weak or missing CSP on ${response.url}: '${csp}'`);
  }
  if (/unsafe-inline|unsafe-eval/.test(csp)) throw new Error(`CSP allows inline code: ${csp}`);
  if (response.headers.get('x-content-type-options') !== 'nosniff') throw new Error('missing X-Content-Type-Options: nosniff');
}
