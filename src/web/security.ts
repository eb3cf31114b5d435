import type { MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { TokenChecker } from './auth.js';
import { fail } from './http.js';

/** What the middleware below puts on the request context. */
export type WebEnv = { Variables: { coder: string | undefined } };

/**
 * No inline script or style, nothing from elsewhere: descriptions were written by a model that
 * read text inside images, so the page must not run anything that found its way into the data.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const securityHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  c.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('X-Frame-Options', 'DENY');
  c.header('Referrer-Policy', 'no-referrer');
  c.header('Cross-Origin-Opener-Policy', 'same-origin');
  c.header('Cross-Origin-Resource-Policy', 'same-origin');
  c.header('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
  if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-store');
};

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]', '::1'];

/**
 * Refuses requests whose Host is not one this server answers to: a web page elsewhere cannot
 * then reach a server on 127.0.0.1 through a DNS name that resolves there (DNS rebinding).
 */
export function hostGuard(allowedHosts: readonly string[] | 'any'): MiddlewareHandler {
  const allowed = allowedHosts === 'any' ? null : new Set([...LOOPBACK_NAMES, ...allowedHosts].map((h) => h.toLowerCase()));
  return async (c, next) => {
    if (allowed) {
      const host = new URL(c.req.url).hostname.toLowerCase();
      if (!allowed.has(host)) fail(403, `this server does not answer to host '${host}'; use http://127.0.0.1`);
    }
    await next();
  };
}

/** State-changing requests must come from this server's own pages. */
export const sameOriginWrites: MiddlewareHandler = async (c, next) => {
  if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
    const origin = c.req.header('origin');
    if (origin !== undefined && origin !== new URL(c.req.url).origin) fail(403, 'cross-origin request refused');
    const site = c.req.header('sec-fetch-site');
    if (site !== undefined && site !== 'same-origin' && site !== 'none') fail(403, 'cross-site request refused');
  }
  await next();
};

export const TOKEN_COOKIE = 'connote_token';

/**
 * Access by token, one per coder. A link with `?token=...` sets an HttpOnly, SameSite=Strict
 * cookie and redirects to the same address without the token (so it leaves the address bar and
 * the history); API clients may send `Authorization: Bearer ...` instead. The coder's name comes
 * from the token, never from the request.
 */
export function tokenAuth(checker: TokenChecker | null): MiddlewareHandler<WebEnv> {
  return async (c, next) => {
    if (!checker) {
      c.set('coder', undefined);
      return next();
    }
    const url = new URL(c.req.url);
    const fromQuery = url.searchParams.get('token');
    if (fromQuery !== null && c.req.method === 'GET') {
      const coder = checker.coderFor(fromQuery);
      if (coder) {
        setCookie(c, TOKEN_COOKIE, fromQuery, {
          httpOnly: true,
          sameSite: 'Strict',
          path: '/',
          secure: url.protocol === 'https:',
          maxAge: 60 * 60 * 24 * 30,
        });
        url.searchParams.delete('token');
        return c.redirect(`${url.pathname}${url.search}`, 303);
      }
    }
    const bearer = /^Bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    const coder = checker.coderFor(bearer ?? getCookie(c, TOKEN_COOKIE));
    if (!coder) {
      if (c.req.path.startsWith('/api/')) fail(401, 'an access token is required: open the link with ?token=... that you were given');
      c.status(401);
      c.header('Content-Type', 'text/html; charset=utf-8');
      return c.body(UNAUTHORISED_PAGE);
    }
    c.set('coder', coder);
    return next();
  };
}

const UNAUTHORISED_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>connote: access token needed</title></head>
<body><h1>An access token is needed</h1><p>This connote server is shared with a team. Open the link you were given:
it ends in <code>?token=</code> followed by your token.</p></body></html>`;
