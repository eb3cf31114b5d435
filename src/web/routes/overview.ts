import type { Hono } from 'hono';
import type { WebContext } from '../context.js';
import type { WebEnv } from '../security.js';
import { clusteringJson, NOISE } from '../summaries.js';
import type { Overview } from '../contract.js';
import { reply } from '../http.js';

/** What the client needs to draw its navigation and pick defaults. */
export function registerOverviewRoutes(app: Hono<WebEnv>, ctx: WebContext): void {
  app.get('/api/overview', (c) => {
    const { store } = ctx;
    const coding = {
      pairs: store.pairs.count(),
      studies: store.interpretability.studies().length,
    };
    const base: Overview = { title: ctx.title, blind: ctx.blind, tokens: ctx.tokens, coder: c.get('coder') ?? null, coding };
    if (ctx.blind) return reply<Overview>(c, base);
    return reply<Overview>(c, {
      ...base,
      items: store.explore.itemCount(),
      layouts: store.explore.layouts(),
      clusterings: store.explore.clusterings().map((clustering) => ({
        ...clusteringJson(clustering),
        runStartedAt: clustering.runStartedAt,
        runLabel: clustering.runLabel,
        repeats: clustering.repeats,
      })),
      noiseColour: NOISE.colour,
    });
  });
}
