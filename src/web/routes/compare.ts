import type { Hono } from 'hono';
import type { WebContext } from '../context.js';
import { fail, integer, reply } from '../http.js';
import type { WebEnv } from '../security.js';
import { clusteringJson, clusterJson, NOISE } from '../summaries.js';
import type { ClusteringDetail, CompareMembersPage, CompareResponse } from '../contract.js';

/** Two clusterings of the same images crossed: where each cluster of one went in the other. */
export function registerCompareRoutes(app: Hono<WebEnv>, ctx: WebContext): void {
  const { store } = ctx;
  const clusteringOf = (value: string | undefined, name: string) => {
    const id = integer(value, name, { min: 0 });
    const clustering = store.clusterings.get(id);
    if (!clustering) fail(404, `no clustering ${id}`);
    return clustering;
  };
  const side = (clustering: NonNullable<ReturnType<typeof store.clusterings.get>>): ClusteringDetail => ({
    clustering: clusteringJson(clustering),
    clusters: store.clusterings.clusters(clustering.id).map(clusterJson),
    noise: { ...NOISE, size: clustering.nNoise },
  });

  app.get('/api/compare', (c) => {
    const a = clusteringOf(c.req.query('a'), 'a');
    const b = clusteringOf(c.req.query('b'), 'b');
    return reply<CompareResponse>(c, { a: side(a), b: side(b), cells: store.explore.contingency(a.id, b.id) });
  });

  app.get('/api/compare/members', (c) => {
    const a = clusteringOf(c.req.query('a'), 'a');
    const b = clusteringOf(c.req.query('b'), 'b');
    const labelA = integer(c.req.query('la'), 'la', { min: -1 });
    const labelB = integer(c.req.query('lb'), 'lb', { min: -1 });
    const offset = integer(c.req.query('offset'), 'offset', { min: 0, fallback: 0 });
    const limit = integer(c.req.query('limit'), 'limit', { min: 1, max: 500, fallback: 48 });
    const page = store.explore.crossMembers(a.id, labelA, b.id, labelB, offset, limit);
    return reply<CompareMembersPage>(c, { total: page.total, offset, members: page.members.map((m) => ({ id: m.itemId, probability: m.probability })) });
  });
}
