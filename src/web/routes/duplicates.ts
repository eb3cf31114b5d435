import type { Hono } from 'hono';
import type { NearDuplicateGroupingRecord } from '../../store/index.js';
import type { WebContext } from '../context.js';
import type { NearDuplicateGroup, NearDuplicateGrouping, NearDuplicatesResponse } from '../contract.js';
import { fail, integer, reply } from '../http.js';
import type { WebEnv } from '../security.js';

const groupingJson = (g: NearDuplicateGroupingRecord): NearDuplicateGrouping => ({
  id: g.id,
  runId: g.runId,
  hash: g.algorithm,
  version: g.version,
  maxDistance: g.maxDistance,
  analysis: g.analysis,
  images: g.images,
  createdAt: g.createdAt,
});

/** Near-duplicate groups (reposts), as a run or `connote duplicates` found them, a page at a time. */
export function registerDuplicateRoutes(app: Hono<WebEnv>, ctx: WebContext): void {
  const { store } = ctx;
  app.get('/api/duplicates', (c) => {
    const groupings = store.nearDuplicates.list();
    const requested = c.req.query('grouping');
    const id = requested === undefined || requested === '' ? undefined : integer(requested, 'grouping', { min: 0 });
    const grouping = id === undefined ? groupings.at(-1) : groupings.find((g) => g.id === id);
    if (id !== undefined && !grouping) fail(404, `no near-duplicate grouping ${id}`);
    const offset = integer(c.req.query('offset'), 'offset', { min: 0, fallback: 0 });
    const limit = integer(c.req.query('limit'), 'limit', { min: 1, max: 5000, fallback: 500 });
    const groups: NearDuplicateGroup[] = [];
    const images = new Map<number, Set<string>>();
    for (const member of grouping ? store.nearDuplicates.members(grouping.id) : []) {
      let group = groups.at(-1);
      if (group?.group !== member.groupId) {
        group = { group: member.groupId, representativeId: member.itemId, memberIds: [], distances: [], size: 0, images: 0 };
        groups.push(group);
        images.set(member.groupId, new Set());
      }
      if (member.representative) group.representativeId = member.itemId;
      group.memberIds.push(member.itemId);
      group.distances.push(member.distance);
      group.size++;
      images.get(member.groupId)!.add(member.imageHash);
    }
    for (const group of groups) group.images = images.get(group.group)!.size;
    return reply<NearDuplicatesResponse>(c, {
      grouping: grouping ? groupingJson(grouping) : null,
      groupings: groupings.map(groupingJson),
      total: groups.length,
      imagesInGroups: groups.reduce((sum, group) => sum + group.images, 0),
      offset,
      groups: groups.slice(offset, offset + limit),
    });
  });
}
