import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterColour } from '../../src/report/palette.js';
import { buildFixtureProject, HOSTILE_TEXTS, type FixtureProject } from '../support/project-fixture.js';
import { tempDir } from '../support/temp.js';
import { appFor, expectSecurityHeaders, json, post } from './support.js';

let project: FixtureProject;
let app: ReturnType<typeof appFor>;

beforeAll(async () => {
  project = await buildFixtureProject();
  app = appFor(project.store, { title: 'study <b>one</b>' });
});
afterAll(() => project.store.close());

const get = (path: string, init?: RequestInit): Promise<Response> => Promise.resolve(app.request(path, init));
const itemPath = (id: string): string => `/api/items/${encodeURIComponent(id)}`;

describe('the page and its files', () => {
  it('serves an empty shell with the title escaped and strict security headers', async () => {
    const response = await get('/');
    expect(response.status).toBe(200);
    expectSecurityHeaders(response);
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    const html = await response.text();
    expect(html).toContain('<title>study &lt;b&gt;one&lt;/b&gt;</title>');
    expect(html).toContain('<script type="module" src="/static/main.js"></script>');
    // No inline script, no data in the page.
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).not.toContain(project.itemIds[0]);
  });

  it('serves the client modules and the stylesheet by exact name', async () => {
    for (const [path, type] of [
      ['/static/main.js', 'text/javascript'],
      ['/static/map/renderer.js', 'text/javascript'],
      ['/static/app.css', 'text/css'],
    ]) {
      const response = await get(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type')).toContain(type);
      expectSecurityHeaders(response);
    }
    expect(await (await get('/static/main.js')).text()).toMatch(/from '\.\/api\.js'/);
  });

  it.each([
    '/static/..%2f..%2fpackage.json',
    '/static/%2e%2e/%2e%2e/package.json',
    '/static/..%5c..%5cpackage.json',
    '/static/%2fetc%2fpasswd',
    '/static//etc/passwd',
    '/static/main.ts',
    '/static/tsconfig.json',
    '/static/nothing.js',
    '/static/',
  ])('refuses %s', async (path) => {
    const response = await get(path);
    expect(response.status).toBe(404);
    expectSecurityHeaders(response);
    expect(await response.text()).not.toMatch(/"name":\s*"connote"|root:/);
  });

  it('answers unknown routes with a JSON 404', async () => {
    const response = await get('/api/nothing');
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: 'not found' });
  });
});

describe('overview and map data', () => {
  it('lists layouts and clusterings', async () => {
    const overview = await json(get('/api/overview'));
    expect(overview).toMatchObject({ blind: false, tokens: false, coder: null, items: 40, coding: { pairs: 0, studies: 0 } });
    expect(overview.layouts.map((l: { method: string }) => l.method)).toEqual(['descriptions', 'image-features']);
    expect(overview.clusterings.map((c: { name: string }) => c.name)).toEqual(['descriptions/mcs3', 'descriptions/mcs5', 'image-features/mcs4']);
    expect(overview.noiseColour).toBe(clusterColour(-1));
  });

  it('sends ids as JSON and positions and labels as aligned little-endian arrays', async () => {
    const base = `/api/layouts/${project.runId}/descriptions`;
    const ids = (await json(get(`${base}/ids`))) as string[];
    expect(ids).toEqual(project.itemIds);
    const points = await get(`${base}/points`);
    expect(points.headers.get('content-type')).toBe('application/octet-stream');
    const xy = new Float32Array(await points.arrayBuffer());
    expect(xy).toHaveLength(2 * ids.length);
    const stored = new Map(project.store.clusterings.layout(project.runId, 'descriptions').map((p) => [p.itemId, p]));
    ids.forEach((id, i) => {
      expect(xy[2 * i]).toBeCloseTo(stored.get(id)!.x, 5);
      expect(xy[2 * i + 1]).toBeCloseTo(stored.get(id)!.y, 5);
    });
    const labelResponse = await get(`/api/clusterings/${project.clusterings.features4}/labels?run=${project.runId}&method=descriptions`);
    const labels = new Int32Array(await labelResponse.arrayBuffer());
    const assigned = new Map(project.store.clusterings.assignments(project.clusterings.features4).map((a) => [a.itemId, a.label]));
    expect([...labels]).toEqual(ids.map((id) => assigned.get(id)));
  });

  it('rejects bad map requests', async () => {
    expect((await get('/api/layouts/no-such-run/descriptions/ids')).status).toBe(404);
    expect((await get(`/api/layouts/${project.runId}/..%2F..%2Fetc/points`)).status).toBe(404);
    expect((await get('/api/clusterings/999/labels?run=x&method=y')).status).toBe(404);
    expect((await get('/api/clusterings/abc/labels?run=x&method=y')).status).toBe(400);
    expect((await get('/api/clusterings/1e3/labels?run=x&method=y')).status).toBe(400);
    expect((await get(`/api/clusterings/${project.clusterings.descriptions5}/labels`)).status).toBe(400);
  });
});

describe('clusters', () => {
  it('summarises each cluster with its colour from the report palette', async () => {
    const detail = await json(get(`/api/clusterings/${project.clusterings.descriptions5}`));
    expect(detail.clustering.name).toBe('descriptions/mcs5');
    expect(detail.clusters.map((c: { label: number }) => c.label)).toEqual([0, 1, 2, 3]);
    for (const cluster of detail.clusters) expect(cluster.colour).toBe(clusterColour(cluster.label));
    expect(detail.noise).toEqual({ label: -1, colour: clusterColour(-1), size: 8 });
  });

  it('pages members with their descriptions, most typical first, and hostile text as data', async () => {
    const clusteringId = project.clusterings.descriptions3;
    const first = await json(get(`/api/clusterings/${clusteringId}/clusters/1/members?limit=4`));
    expect(first.total).toBeGreaterThan(4);
    expect(first.members).toHaveLength(4);
    const probabilities = first.members.map((m: { probability: number }) => m.probability);
    expect(probabilities).toEqual([...probabilities].sort((a, b) => b - a));
    const all = await json(get(`/api/clusterings/${clusteringId}/clusters/1/members?limit=500`));
    const hostile = all.members.find((m: { id: string }) => m.id === project.hostileItem);
    expect(hostile.descriptions.map((d: { prompt: string }) => d.prompt)).toEqual(['connotative', 'denotative']);
    expect(hostile.descriptions[0].text).toBe(HOSTILE_TEXTS[0]);
    const noise = await json(get(`/api/clusterings/${clusteringId}/clusters/-1/members`));
    expect(noise.total).toBe(project.store.clusterings.get(clusteringId)!.nNoise);
  });

  it('rejects bad member requests', async () => {
    const id = project.clusterings.descriptions3;
    expect((await get(`/api/clusterings/${id}/clusters/42/members`)).status).toBe(404);
    expect((await get(`/api/clusterings/${id}/clusters/-5/members`)).status).toBe(400);
    expect((await get(`/api/clusterings/${id}/clusters/1/members?limit=0`)).status).toBe(400);
    expect((await get(`/api/clusterings/${id}/clusters/1/members?limit=501`)).status).toBe(400);
    expect((await get(`/api/clusterings/${id}/clusters/1/members?offset=-1`)).status).toBe(400);
    expect((await get('/api/clusterings/77')).status).toBe(404);
  });
});

describe('images', () => {
  it('describes one image: descriptions, metadata and its cluster in every clustering', async () => {
    const id = project.itemIds[5];
    expect(id).toContain('/');
    const item = await json(get(itemPath(id)));
    expect(item.id).toBe(id);
    expect(item.metadata).toEqual({ source: 'source-1', year: '2005' });
    expect(item.image).toMatchObject({ format: 'jpeg', width: 640, height: 480 });
    expect(item.clusterings.map((c: { clustering: { name: string } }) => c.clustering.name)).toEqual([
      'descriptions/mcs3',
      'descriptions/mcs5',
      'image-features/mcs4',
    ]);
    expect(item.clusterings[2]).toMatchObject({ label: 2, colour: clusterColour(2) });
  });

  it('serves thumbnails by id, with a validator', async () => {
    const response = await get(`${itemPath(project.itemIds[0])}/thumbnail`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/webp');
    expectSecurityHeaders(response);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.subarray(8, 12).toString('latin1')).toBe('WEBP');
    const etag = response.headers.get('etag') as string;
    const again = await get(`${itemPath(project.itemIds[0])}/thumbnail`, { headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
  });

  it('serves the original file found through the store, falling back to the thumbnail', async () => {
    const id = project.itemIds[3];
    const item = project.store.images.getItem(id)!;
    // The fixture's files do not exist: the thumbnail stands in.
    expect((await get(`${itemPath(id)}/image`)).headers.get('content-type')).toBe('image/webp');
    const file = join(tempDir(), 'original.jpg');
    const bytes = Buffer.alloc(project.store.images.getImage(item.hash)!.bytes, 7);
    writeFileSync(file, bytes);
    project.store.images.putItems([{ ...item, path: file }]);
    const original = await get(`${itemPath(id)}/image`);
    expect(original.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await original.arrayBuffer())).toEqual(bytes);
    // A file changed since it was read is not served.
    writeFileSync(file, Buffer.concat([bytes, bytes]));
    expect((await get(`${itemPath(id)}/image`)).headers.get('content-type')).toBe('image/webp');
    project.store.images.putItems([item]);
    const thumbnailsOnly = appFor(project.store, { originals: false });
    writeFileSync(file, bytes);
    project.store.images.putItems([{ ...item, path: file }]);
    expect((await thumbnailsOnly.request(`${itemPath(id)}/image`)).headers.get('content-type')).toBe('image/webp');
    project.store.images.putItems([item]);
  });

  it.each([
    '/api/items/..%2F..%2F..%2Fetc%2Fpasswd/image',
    '/api/items/%2Fetc%2Fpasswd/image',
    '/api/items/..%252F..%252Fpackage.json/image',
    '/api/items/%2e%2e%2fpackage.json/thumbnail',
    '/api/items/C%3A%5CWindows%5Cwin.ini/image',
    '/api/items/no-such-image/image',
    '/api/items/no-such-image/thumbnail',
    '/api/items/no-such-image',
    '/api/items/%00/image',
  ])('answers 404 for %s', async (path) => {
    const response = await get(path);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/json');
  });

  it('answers a path with dot segments without leaving the API', async () => {
    // URL parsing resolves the dots before routing: what is left names no image.
    for (const path of ['/api/items/../../package.json', '/api/items/%2e%2e/%2e%2e/package.json/image']) {
      const response = await get(path);
      expect([400, 404]).toContain(response.status);
      expect(await response.text()).not.toContain('"dependencies"');
    }
  });
});

describe('export of a selection', () => {
  it('writes the chosen ids with file, metadata and cluster as CSV', async () => {
    const ids = [project.itemIds[0], project.itemIds[4], 'unknown'];
    const response = await post(app, '/api/items/export.csv', { ids, clustering: project.clusterings.descriptions5 });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/csv');
    expect(response.headers.get('content-disposition')).toContain('attachment');
    const rows = parse(await response.text(), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.id)).toEqual(ids.slice(0, 2));
    expect(Object.keys(rows[0])).toEqual(['id', 'file', 'source', 'year', 'cluster_descriptions_mcs5']);
    expect(rows.map((r) => r.cluster_descriptions_mcs5)).toEqual(['0', '-1']);
  });

  it('validates the request', async () => {
    expect((await post(app, '/api/items/export.csv', { ids: 'x' })).status).toBe(400);
    expect((await post(app, '/api/items/export.csv', { ids: [1, 2] })).status).toBe(400);
    expect((await post(app, '/api/items/export.csv', [project.itemIds[0]])).status).toBe(400);
    expect((await post(app, '/api/items/export.csv', { ids: [], clustering: 999 })).status).toBe(404);
    const text = await app.request('/api/items/export.csv', { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: '{"ids":[]}' });
    expect(text.status).toBe(415);
    const broken = await app.request('/api/items/export.csv', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"ids":' });
    expect(broken.status).toBe(400);
    const foreign = await post(app, '/api/items/export.csv', { ids: [] }, { Origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    const crossSite = await post(app, '/api/items/export.csv', { ids: [] }, { 'Sec-Fetch-Site': 'cross-site' });
    expect(crossSite.status).toBe(403);
  });
});

describe('compare', () => {
  it('crosses two clusterings and lists the images of a cell', async () => {
    const { descriptions5: a, features4: b } = project.clusterings;
    const result = await json(get(`/api/compare?a=${a}&b=${b}`));
    expect(result.a.clustering.id).toBe(a);
    expect(result.b.clustering.id).toBe(b);
    expect(result.cells.reduce((sum: number, c: { count: number }) => sum + c.count, 0)).toBe(40);
    const cell = result.cells.find((c: { labelA: number; labelB: number }) => c.labelA === 0 && c.labelB === 1);
    const members = await json(get(`/api/compare/members?a=${a}&b=${b}&la=0&lb=1`));
    expect(members.total).toBe(cell.count);
    expect(members.members).toHaveLength(cell.count);
    expect((await get(`/api/compare?a=${a}`)).status).toBe(400);
    expect((await get(`/api/compare?a=${a}&b=12345`)).status).toBe(404);
    expect((await get(`/api/compare/members?a=${a}&b=${b}&la=x&lb=1`)).status).toBe(400);
  });
});

describe('search', () => {
  it('finds images by words in their descriptions, with marked snippets', async () => {
    const result = await json(get('/api/search?q=melting%20glacier'));
    expect(result.itemIds.length).toBeGreaterThan(0);
    expect(result.itemIds.every((id: string) => id.startsWith('glacier/'))).toBe(true);
    expect(result.hits[0].snippet).toMatch(/\uE000melting\uE001/i);
    const hostile = await json(get(`/api/search?q=${encodeURIComponent('<script>alert(1)</script>')}`));
    expect(hostile.itemIds).toEqual([project.hostileItem]);
    expect(hostile.hits[0].snippet).toContain('<\uE000script\uE001>');
  });

  it('accepts any text and refuses overlong queries', async () => {
    for (const q of ['"unbalanced', 'NEAR(', 'a OR', '*', ')(']) {
      expect((await get(`/api/search?q=${encodeURIComponent(q)}`)).status, q).toBe(200);
    }
    expect((await get(`/api/search?q=${'a'.repeat(501)}`)).status).toBe(400);
    expect((await get('/api/search?q=flood&limit=0')).status).toBe(400);
  });
});
