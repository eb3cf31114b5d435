import type { Context, Hono } from 'hono';
import { clusterHierarchy, mergeClusters, reassignOutliers, REASSIGN_STRATEGIES, type EditResult, type ReassignStrategy } from '../../pipeline/curate/index.js';
import type { WebContext } from '../context.js';
import { coderName, fail, integer, jsonBody, reply } from '../http.js';
import type { WebEnv } from '../security.js';
import { clusteringJson } from '../summaries.js';
import type { AuditEntry, EditResponse, HierarchyResponse, ReassignStrategyName } from '../contract.js';

// The browser offers the contract's strategies: every one the server knows must be among them.
const OFFERED: readonly ReassignStrategyName[] = REASSIGN_STRATEGIES;
void OFFERED;

const MAX_MEMO = 2000;

/**
 * Editing clusterings from the browser (the views are built elsewhere): merge clusters, move
 * outliers into clusters, read the cluster tree and the audit log. An edit never changes a
 * clustering: it answers with the new one. With access tokens the token names who edited.
 */
export function registerEditRoutes(app: Hono<WebEnv>, ctx: WebContext): void {
  const { store } = ctx;
  const clusteringOf = (value: string) => {
    const id = integer(value, 'clustering id', { min: 0 });
    const clustering = store.clusterings.get(id);
    if (!clustering) fail(404, `no clustering ${id}`);
    return clustering;
  };
  const audit = (c: Context<WebEnv>, body: Record<string, unknown>) => {
    const memo = body.memo;
    if (memo !== undefined && memo !== null && (typeof memo !== 'string' || memo.length > MAX_MEMO)) fail(400, `memo must be text of at most ${MAX_MEMO} characters`);
    const who = ctx.tokens ? c.get('coder') : body.who === undefined || body.who === null || body.who === '' ? 'web' : coderName(body.who);
    if (!who) fail(401, 'an access token is required');
    return { who, memo: (memo as string | undefined) ?? null };
  };
  const answer = (c: Context<WebEnv>, result: EditResult, extra: Partial<EditResponse> = {}) =>
    reply<EditResponse>(c, { clustering: clusteringJson(result.clustering), labelMap: Object.fromEntries(result.labelMap), moved: result.moved, ...extra }, 201);
  /** Edits refuse bad input with RangeError (answered 400 by the app); a missing cache is a 409. */
  const conflict = (error: unknown): never => {
    if (error instanceof RangeError && /not in the store|needs a clustering/.test(error.message)) fail(409, error.message);
    throw error;
  };

  app.post('/api/clusterings/:id/merge', async (c) => {
    const clustering = clusteringOf(c.req.param('id'));
    const body = await jsonBody(c);
    const groups = body.groups;
    if (!Array.isArray(groups) || groups.length === 0 || groups.some((g) => !Array.isArray(g) || g.some((l) => !Number.isInteger(l)))) {
      fail(400, 'groups must be a non-empty list of lists of cluster labels, e.g. [[3, 4]]');
    }
    const result = await mergeClusters(store, clustering.id, { groups: groups as number[][], ...audit(c, body) });
    return answer(c, result);
  });

  app.post('/api/clusterings/:id/reassign', async (c) => {
    const clustering = clusteringOf(c.req.param('id'));
    const body = await jsonBody(c);
    if (!REASSIGN_STRATEGIES.includes(body.strategy as ReassignStrategy)) fail(400, `strategy must be one of ${REASSIGN_STRATEGIES.join(', ')}`);
    const threshold = body.threshold ?? 0;
    if (typeof threshold !== 'number' || !(threshold >= 0 && threshold <= 1)) fail(400, 'threshold must be a number from 0 to 1');
    const result = await reassignOutliers(store, clustering.id, { strategy: body.strategy as ReassignStrategy, threshold, ...audit(c, body) }).catch(conflict);
    return answer(c, result, { outliers: result.outliers, reassigned: result.reassigned });
  });

  app.get('/api/clusterings/:id/hierarchy', (c) => {
    const clustering = clusteringOf(c.req.param('id'));
    const hierarchy = clusterHierarchy(store, clustering.id);
    return reply<HierarchyResponse>(c, { ...hierarchy, nodes: hierarchy.nodes.map((n) => ({ ...n, children: [...n.children], labels: [...n.labels], keywords: [...n.keywords] })) });
  });

  app.get('/api/audit', (c) => {
    const clustering = c.req.query('clustering');
    const entries = store.audit.list(clustering === undefined ? undefined : integer(clustering, 'clustering', { min: 0 }));
    return reply<AuditEntry[]>(c, entries.map((e) => ({ ...e })));
  });
}
