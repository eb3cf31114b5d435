import type { Context } from 'hono';
import type { WebContext } from './context.js';
import { coderName, fail } from './http.js';
import type { WebEnv } from './security.js';

/**
 * Who is coding: with tokens, the coder the token names (whatever the request says); without
 * (a researcher on their own machine), the name the page sends.
 */
export function coderOf(c: Context<WebEnv>, ctx: WebContext, supplied: unknown): string {
  if (ctx.tokens) {
    const coder = c.get('coder');
    if (!coder) fail(401, 'an access token is required');
    return coder;
  }
  if (supplied === undefined || supplied === null || supplied === '') fail(400, 'coder is required: enter your coder name first');
  return coderName(supplied);
}

/** The coder named in the query string, or (with tokens) by the token; undefined when neither. */
export function optionalCoder(c: Context<WebEnv>, ctx: WebContext): string | undefined {
  if (ctx.tokens) return c.get('coder');
  const supplied = c.req.query('coder');
  return supplied ? coderName(supplied) : undefined;
}
