import type { Hono } from 'hono';
import type { WebContext } from '../context.js';
import { fail, integer, reply } from '../http.js';
import type { WebEnv } from '../security.js';
import { clusteringJson, clusterJson, descriptionsJson, NOISE } from '../summaries.js';
import type { ClusteringDetail, MemberPage } from '../contract.js';

/** Clusterings, their clusters' summaries, and pages of members with their descriptions. */
export function registerClusterRoutes(app: Hono<WebEnv>, ctx: WebContext): void {
  const { store } = ctx;
  const clusteringOf = (value: string) => {
    const id = integer(value, 'clustering id', { min: 0 });
    const clustering = store.clusterings.get(id);
    if (!clustering) fail(404, `no clustering ${id}`);
    return clustering;
  };

  app.get('/api/clusterings/:id', (c) => {
    const clustering = clusteringOf(c.req.param('id'));
    return reply<ClusteringDetail>(c, {
      clustering: clusteringJson(clustering),
      clusters: store.clusterings.clusters(clustering.id).map(clusterJson),
      noise: { ...NOISE, size: clustering.nNoise },
    });
  });

  app.get('/api/clusterings/:id/clusters/:label/members', (c) => {
    const clustering = clusteringOf(c.req.param('id'));
    const label = integer(c.req.param('label'), 'cluster label', { min: -1 });
    const cluster = store.clusterings.clusters(clustering.id).find((entry) => entry.label === label);
    if (!cluster && label !== -1) fail(404, `clustering ${clustering.id} has no cluster ${label}`);
    const offset = integer(c.req.query('offset'), 'offset', { min: 0, fallback: 0 });
    const limit = integer(c.req.query('limit'), 'limit', { min: 1, max: 500, fallback: 48 });
    const page = store.explore.members(clustering.id, label, offset, limit);
    const items = new Map(store.explore.items(page.members.map((m) => m.itemId)).map((item) => [item.id, item]));
    return reply<MemberPage>(c, {
      clustering: clusteringJson(clustering),
      cluster: cluster ? clusterJson(cluster) : { ...NOISE, size: page.total, keywords: [], tfidfKeywords: [], representatives: [] },
      total: page.total,
      offset,
      members: page.members.map((member) => {
        const item = items.get(member.itemId);
        return {
          id: member.itemId,
          probability: member.probability,
          metadata: item?.metadata ?? {},
          descriptions: item ? descriptionsJson(store, item) : [],
        };
      }),
    });
  });
}
