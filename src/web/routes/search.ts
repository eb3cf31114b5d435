import type { Hono } from 'hono';
import type { WebContext } from '../context.js';
import { fail, integer, reply } from '../http.js';
import type { WebEnv } from '../security.js';
import type { MatchEndMarker, MatchStartMarker, SearchResponse } from '../contract.js';
import { MATCH_END, MATCH_START } from '../../store/search.js';

// The store's snippet markers are the contract's: a change to either fails to compile.
const MARKERS: readonly [MatchStartMarker, MatchEndMarker] = [MATCH_START, MATCH_END];
void MARKERS;

export const MAX_QUERY_LENGTH = 500;

/** Full-text search over every description; the map highlights the matching items. */
export function registerSearchRoutes(app: Hono<WebEnv>, ctx: WebContext): void {
  app.get('/api/search', (c) => {
    const query = c.req.query('q') ?? '';
    if (query.length > MAX_QUERY_LENGTH) fail(400, `the query is longer than ${MAX_QUERY_LENGTH} characters`);
    const limit = integer(c.req.query('limit'), 'limit', { min: 1, max: 1_000_000, fallback: 100_000 });
    return reply<SearchResponse>(c, { query, ...ctx.store.search.search(query, { limit, hits: 40 }) });
  });
}
