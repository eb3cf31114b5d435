import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openProjectStore, type Store } from '../../src/store/index.js';
import type { AuditEntry, ClusteringDetail, EditResponse, HierarchyResponse, Overview } from '../../src/web/contract.js';
import { connote } from '../support/cli.js';
import { fileTempDir, tempDir } from '../support/temp.js';
import { appFor, json, post } from '../web/support.js';

/** The edit routes of connote serve over a real (offline) run of the bundled example. */
let project: string;
beforeAll(async () => {
  project = join(fileTempDir('connote-routes-'), 'demo');
  // Run twice with the same settings: the menus must list the clusterings once.
  for (let i = 0; i < 2; i++) {
    const run = await connote('run', 'examples/climate-demo', '--out', project, '--min-cluster-size', '3,5', '-q');
    expect(run.code, run.stderr).toBe(0);
  }
}, 180_000);

function copy(): Store {
  const dir = join(tempDir(), 'demo');
  cpSync(project, dir, { recursive: true });
  return openProjectStore(dir);
}

describe('run identity in serve', () => {
  it('lists a clustering of repeated identical runs once, labelled by run time and id', async () => {
    const store = copy();
    expect(store.runs.list().filter((r) => r.status === 'finished')).toHaveLength(2);
    const overview = await json<Overview>(appFor(store).request('/api/overview'));
    const names = overview.clusterings!.map((c) => c.name);
    expect(names).toEqual(['descriptions/mcs3', 'descriptions/mcs5']);
    const newest = store.runs.latestFinished()!;
    expect(overview.clusterings!.every((c) => c.runId === newest.id && c.repeats === 1)).toBe(true);
    expect(overview.clusterings![0].runLabel).toBe(`${newest.startedAt.slice(0, 16).replace('T', ' ')} · ${newest.id.split('-').pop()}`);
    store.close();
  });
});

describe('edit routes', () => {
  it('merge answers the new clustering, keeps the parent, and the audit log says who and why', async () => {
    const store = copy();
    const app = appFor(store);
    const parent = store.clusterings.byName(store.runs.latestFinished()!.id, 'descriptions/mcs3')!;
    const response = await post(app, `/api/clusterings/${parent.id}/merge`, { groups: [[1, 2]], memo: 'one theme', who: 'ana' });
    expect(response.status).toBe(201);
    const edit = await json<EditResponse>(response);
    expect(edit.clustering).toMatchObject({ name: 'descriptions/mcs3/merge-1', parentId: parent.id, edit: 'merge', nClusters: parent.nClusters - 1 });
    expect(edit.labelMap['2']).toBe(1);
    const detail = await json<ClusteringDetail>(app.request(`/api/clusterings/${edit.clustering.id}`));
    expect(detail.clusters.map((c) => c.label)).not.toContain(2);
    expect(store.clusterings.get(parent.id)!.nClusters).toBe(parent.nClusters);

    const overview = await json<Overview>(app.request('/api/overview'));
    expect(overview.clusterings!.map((c) => c.name)).toContain('descriptions/mcs3/merge-1');
    const audit = await json<AuditEntry[]>(app.request(`/api/audit?clustering=${edit.clustering.id}`));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ who: 'ana', action: 'merge', memo: 'one theme', clusteringId: parent.id, resultClusteringId: edit.clustering.id });

    const bad = await post(app, `/api/clusterings/${parent.id}/merge`, { groups: [[1, 99]] });
    expect(bad.status).toBe(400);
    expect((await json(bad)).error).toMatch(/no cluster 99/);
    expect((await post(app, `/api/clusterings/${parent.id}/merge`, { groups: 'all' })).status).toBe(400);
    store.close();
  });

  it('reassign by each strategy, with a threshold; a strategy that cannot apply is a 409', async () => {
    const store = copy();
    const app = appFor(store);
    const parent = store.clusterings.byName(store.runs.latestFinished()!.id, 'descriptions/mcs3')!;
    for (const strategy of ['probabilities', 'ctfidf', 'embeddings']) {
      const edit = await json<EditResponse>(post(app, `/api/clusterings/${parent.id}/reassign`, { strategy, threshold: 0 }));
      expect(edit.clustering.edit, strategy).toBe('reassign');
      expect(edit.outliers).toBe(parent.nNoise);
      expect(edit.clustering.nNoise).toBe(parent.nNoise - edit.reassigned!);
    }
    const merged = await json<EditResponse>(post(app, `/api/clusterings/${parent.id}/merge`, { groups: [[0, 1]] }));
    const refused = await post(app, `/api/clusterings/${merged.clustering.id}/reassign`, { strategy: 'probabilities' });
    expect(refused.status).toBe(409);
    expect((await post(app, `/api/clusterings/${parent.id}/reassign`, { strategy: 'probabilities', threshold: 5 })).status).toBe(400);
    expect((await post(app, `/api/clusterings/${parent.id}/reassign`, { strategy: 'nearest' })).status).toBe(400);
    store.close();
  });

  it('hierarchy is built on first use and served as the stored tree', async () => {
    const store = copy();
    const app = appFor(store);
    const parent = store.clusterings.byName(store.runs.latestFinished()!.id, 'descriptions/mcs3')!;
    const tree = await json<HierarchyResponse>(app.request(`/api/clusterings/${parent.id}/hierarchy`));
    expect(tree.nodes).toHaveLength(2 * parent.nClusters - 1);
    expect(tree.nodes[tree.root].labels).toHaveLength(parent.nClusters);
    expect(await json<HierarchyResponse>(app.request(`/api/clusterings/${parent.id}/hierarchy`))).toEqual(tree);
    expect((await app.request('/api/clusterings/9999/hierarchy')).status).toBe(404);
    store.close();
  });

  it('edits are off for blind coders, and with tokens the token names the editor', async () => {
    const store = copy();
    const parent = store.clusterings.byName(store.runs.latestFinished()!.id, 'descriptions/mcs3')!;
    expect((await post(appFor(store, { blind: true }), `/api/clusterings/${parent.id}/merge`, { groups: [[0, 1]] })).status).toBe(403);
    const token = 'a-long-secret-token-1234';
    const app = appFor(store, { tokens: [{ coder: 'ben', token }] });
    const response = await post(app, `/api/clusterings/${parent.id}/merge`, { groups: [[0, 1]], who: 'someone-else' }, { Authorization: `Bearer ${token}` });
    expect(response.status).toBe(201);
    expect(store.audit.list().at(-1)!.who).toBe('ben');
    store.close();
  });
});
