import type { Hono } from 'hono';
import { formatRatingsCsv } from '../../evaluate/coding/pairs-csv.js';
import { SIMILARITY_DIMENSIONS, type SimilarityDimension } from '../../evaluate/coding/types.js';
import { coderOf, optionalCoder } from '../coder.js';
import type { WebContext } from '../context.js';
import { csvResponse, fail, jsonBody, reply } from '../http.js';
import { sendCodingImage } from '../coding-images.js';
import type { WebEnv } from '../security.js';
import type { CodingImage, PairsResponse, SavedPairRating } from '../contract.js';

/**
 * Pair coding: two images side by side, rated on two three-point scales. Each judgement is a
 * POST that the store commits before it answers; the page shows it saved only after that.
 */
export function registerPairRoutes(app: Hono<WebEnv>, ctx: WebContext): void {
  const { store } = ctx;
  const pairOf = (pairId: string) => {
    const pair = store.pairs.get(pairId);
    if (!pair) fail(404, 'no pair with this id');
    return pair;
  };

  app.get('/api/coding/pairs', (c) => {
    const coder = optionalCoder(c, ctx);
    const ratings = new Map(coder ? store.pairs.ratings(coder).map((r) => [r.pairId, r]) : []);
    const items = new Map<string, Record<string, string>>();
    const describe = (pairId: string, side: 'a' | 'b', itemId: string): CodingImage => {
      const src = `/api/coding/pairs/${encodeURIComponent(pairId)}/images/${side}`;
      if (ctx.blind) return { src };
      if (!items.has(itemId)) items.set(itemId, store.images.getItem(itemId)?.metadata ?? {});
      return { src, id: itemId, metadata: items.get(itemId) };
    };
    return reply<PairsResponse>(c, {
      coder: coder ?? null,
      blind: ctx.blind,
      pairs: store.pairs.list().map((pair) => {
        const rating = ratings.get(pair.pairId);
        return {
          pairId: pair.pairId,
          a: describe(pair.pairId, 'a', pair.imageA),
          b: describe(pair.pairId, 'b', pair.imageB),
          rating: rating ? { denotative: rating.denotative, connotative: rating.connotative } : null,
        };
      }),
    });
  });

  app.get('/api/coding/pairs/:pairId/images/:side', (c) => {
    const pair = pairOf(c.req.param('pairId'));
    const side = c.req.param('side');
    if (side !== 'a' && side !== 'b') fail(404, 'a pair has images a and b');
    return sendCodingImage(c, ctx, side === 'a' ? pair.imageA : pair.imageB);
  });

  app.post('/api/coding/pairs/:pairId/rating', async (c) => {
    const pair = pairOf(c.req.param('pairId'));
    const body = await jsonBody(c);
    const coder = coderOf(c, ctx, body.coder);
    const values: Partial<Record<SimilarityDimension, number | null>> = {};
    for (const dimension of SIMILARITY_DIMENSIONS) {
      if (!Object.hasOwn(body, dimension)) continue;
      const value = body[dimension];
      if (value !== null && value !== 1 && value !== 2 && value !== 3) fail(400, `${dimension} must be 1, 2, 3 or null`);
      values[dimension] = value;
    }
    if (Object.keys(values).length === 0) fail(400, 'send denotative and/or connotative');
    const saved = store.pairs.rate(pair.pairId, coder, values);
    return reply<SavedPairRating>(c, saved);
  });

  /** The ratings file `pair_id,coder,denotative,connotative`; with tokens, the coder's own rows only. */
  app.get('/api/coding/pairs/ratings.csv', (c) => {
    const coder = optionalCoder(c, ctx);
    return csvResponse(c, formatRatingsCsv(store.pairs.ratings(coder)), coder ? `ratings-${coder}.csv` : 'ratings.csv');
  });
}
