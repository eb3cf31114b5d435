import type { Hono } from 'hono';
import type { WebContext } from '../context.js';
import { binaryResponse, fail, integer, reply } from '../http.js';
import type { WebEnv } from '../security.js';
import type { LayoutIds } from '../contract.js';

/**
 * The map's data as compact binary arrays in one item order: ids once (JSON), positions as
 * float32 pairs, and one int32 label per item for whichever clustering colours the map.
 */
export function registerMapRoutes(app: Hono<WebEnv>, ctx: WebContext): void {
  const layoutOf = (runId: string, method: string) => {
    const layout = ctx.mapData.layout(runId, method);
    if (!layout) fail(404, `no ${method} layout in run ${runId}`);
    return layout;
  };

  app.get('/api/layouts/:runId/:method/ids', (c) => {
    const layout = layoutOf(c.req.param('runId'), c.req.param('method'));
    c.header('Cache-Control', 'no-cache');
    return reply<LayoutIds>(c, layout.ids);
  });

  app.get('/api/layouts/:runId/:method/points', (c) => {
    const layout = layoutOf(c.req.param('runId'), c.req.param('method'));
    return binaryResponse(c, layout.xy);
  });

  app.get('/api/clusterings/:id/labels', (c) => {
    const id = integer(c.req.param('id'), 'clustering id', { min: 0 });
    if (!ctx.store.clusterings.get(id)) fail(404, `no clustering ${id}`);
    const runId = c.req.query('run');
    const method = c.req.query('method');
    if (!runId || !method) fail(400, 'run and method (the layout the labels align with) are required');
    const labels = ctx.mapData.labelsFor(id, runId, method);
    if (!labels) fail(404, `no ${method} layout in run ${runId}`);
    return binaryResponse(c, labels);
  });
}
