import { stringify } from 'csv-stringify/sync';
import type { Hono } from 'hono';
import type { WebContext } from '../context.js';
import { csvResponse, fail, integer, jsonBody, reply } from '../http.js';
import { sendImage, sendThumbnail } from '../images.js';
import type { WebEnv } from '../security.js';
import { clusteringJson, descriptionsJson } from '../summaries.js';
import { clusterColour } from '../../report/palette.js';
import type { ItemDetail } from '../contract.js';

/** Most ids one export may name (a selection of the whole map of a large project). */
export const MAX_EXPORT_IDS = 2_000_000;

/** One image: its file, descriptions, metadata and cluster in every clustering. */
export function registerItemRoutes(app: Hono<WebEnv>, ctx: WebContext): void {
  const { store } = ctx;
  const itemOf = (id: string) => {
    const item = store.images.getItem(id);
    if (!item) fail(404, 'no image with this id');
    return item;
  };

  app.get('/api/items/:id', (c) => {
    const item = itemOf(c.req.param('id'));
    const clusterings = new Map(store.explore.clusterings().map((clustering) => [clustering.id, clustering]));
    return reply<ItemDetail>(c, {
      id: item.id,
      path: item.path,
      metadata: item.metadata,
      image: store.images.getImage(item.hash) ?? null,
      descriptions: descriptionsJson(store, item),
      imageTexts: store.imageTexts.forImage(item.hash),
      clusterings: store.explore
        .itemAssignments(item.id)
        .filter((a) => clusterings.has(a.clusteringId))
        .map((assignment) => {
          const clustering = clusterings.get(assignment.clusteringId)!;
          const cluster = store.clusterings.clusters(clustering.id).find((entry) => entry.label === assignment.label);
          return {
            clustering: clusteringJson(clustering),
            label: assignment.label,
            colour: clusterColour(assignment.label),
            probability: assignment.probability,
            outlierScore: assignment.outlierScore,
            keywords: cluster?.keywords.slice(0, 6) ?? [],
          };
        }),
    });
  });

  app.get('/api/items/:id/thumbnail', (c) => sendThumbnail(c, store, itemOf(c.req.param('id'))));
  app.get('/api/items/:id/image', (c) => sendImage(c, store, itemOf(c.req.param('id')), ctx.originals));

  /** A selection from the map as CSV: id, file, every metadata column, and the cluster it is in. */
  app.post('/api/items/export.csv', async (c) => {
    const body = await jsonBody(c);
    const ids = body.ids;
    if (!Array.isArray(ids) || ids.length > MAX_EXPORT_IDS || !ids.every((id): id is string => typeof id === 'string' && id.length <= 4096)) {
      fail(400, `ids must be a list of at most ${MAX_EXPORT_IDS} image ids`);
    }
    const clusteringId = body.clustering === undefined || body.clustering === null ? undefined : integer(String(body.clustering), 'clustering', { min: 0 });
    const clustering = clusteringId === undefined ? undefined : store.clusterings.get(clusteringId);
    if (clusteringId !== undefined && !clustering) fail(404, `no clustering ${clusteringId}`);
    const labels = clustering ? new Map(store.clusterings.assignments(clustering.id).map((a) => [a.itemId, a.label])) : undefined;
    const columns = store.explore.metadataColumns().filter((column) => column !== 'id' && column !== 'file');
    const header = ['id', 'file', ...columns, ...(clustering ? [`cluster_${clustering.name.replace(/\W+/g, '_')}`] : [])];
    const rows = store.explore
      .items(ids)
      .map((item) => [item.id, item.path, ...columns.map((column) => item.metadata[column] ?? ''), ...(labels ? [labels.get(item.id) ?? ''] : [])]);
    return csvResponse(c, stringify([header, ...rows]), 'selection.csv');
  });
}
