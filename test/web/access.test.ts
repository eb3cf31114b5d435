import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTokenSpec, readTokensFile, TokenChecker } from '../../src/web/auth.js';
import { listen } from '../../src/web/listen.js';
import { buildFixtureProject, type FixtureProject } from '../support/project-fixture.js';
import { tempDir } from '../support/temp.js';
import { appFor, expectSecurityHeaders, json, post } from './support.js';

const ALICE = 'alice-token-0123456789';
const BOB = 'bob-token-9876543210ab';

let project: FixtureProject;
beforeAll(async () => {
  project = await buildFixtureProject();
  project.store.pairs.importPairs([
    { pairId: 'p1', imageA: project.itemIds[0], imageB: project.itemIds[1] },
    { pairId: 'p2', imageA: project.itemIds[2], imageB: project.itemIds[3] },
  ]);
});
afterAll(() => project.store.close());

describe('access tokens', () => {
  const tokens = [
    { coder: 'alice', token: ALICE },
    { coder: 'bob', token: BOB },
  ];

  it('parses coder:token specs and tokens files, refusing weak or ambiguous ones', () => {
    expect(parseTokenSpec(`alice:${ALICE}`)).toEqual({ coder: 'alice', token: ALICE });
    expect(() => parseTokenSpec('alice')).toThrow(/CODER:TOKEN/);
    expect(() => parseTokenSpec('alice:short')).toThrow(/shorter than 12/);
    expect(() => parseTokenSpec(`a b:${ALICE}`)).toThrow(/coder name/);
    const file = join(tempDir(), 'tokens.txt');
    writeFileSync(file, `# coders\n\nalice:${ALICE}\nbob:${BOB}\n`);
    expect(readTokensFile(file)).toEqual(tokens);
    writeFileSync(file, `alice:${ALICE}\nbob:tiny\n`);
    expect(() => readTokensFile(file)).toThrow(/tokens\.txt:2: the token of 'bob'/);
    expect(() => new TokenChecker([tokens[0], { coder: 'alice', token: BOB }])).toThrow(/two tokens/);
    expect(() => new TokenChecker([tokens[0], { coder: 'carol', token: ALICE }])).toThrow(/share a token/);
  });

  it('maps a token to its coder and nothing else to anyone', () => {
    const checker = new TokenChecker(tokens);
    expect(checker.coderFor(ALICE)).toBe('alice');
    expect(checker.coderFor(BOB)).toBe('bob');
    for (const wrong of [undefined, '', ALICE.slice(0, -1), `${ALICE}x`, ALICE.toUpperCase(), 'x'.repeat(10_000)]) {
      expect(checker.coderFor(wrong)).toBeUndefined();
    }
  });

  it('refuses requests without a valid token', async () => {
    const app = appFor(project.store, { tokens });
    const api = await app.request('/api/overview');
    expect(api.status).toBe(401);
    expectSecurityHeaders(api);
    expect((await api.json()).error).toMatch(/access token/);
    const page = await app.request('/');
    expect(page.status).toBe(401);
    expect(await page.text()).toContain('An access token is needed');
    expect((await app.request('/static/main.js')).status).toBe(401);
    expect((await app.request('/api/overview', { headers: { Authorization: 'Bearer wrong-token-123456' } })).status).toBe(401);
    expect((await app.request('/api/overview', { headers: { Cookie: 'connote_token=wrong-token-123456' } })).status).toBe(401);
  });

  it('turns a ?token= link into an HttpOnly, SameSite=Strict cookie and strips it from the address', async () => {
    const app = appFor(project.store, { tokens });
    const link = await app.request(`/?token=${ALICE}`);
    expect(link.status).toBe(303);
    expect(link.headers.get('location')).toBe('/');
    const cookie = link.headers.get('set-cookie') as string;
    expect(cookie).toMatch(/connote_token=alice-token-0123456789/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const overview = await json(app.request('/api/overview', { headers: { Cookie: cookie.split(';')[0] } }));
    expect(overview).toMatchObject({ tokens: true, coder: 'alice' });
  });

  it('takes the coder from the token, whatever the request claims, and exports only their ratings', async () => {
    const app = appFor(project.store, { tokens });
    const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
    const saved = await json(post(app, '/api/coding/pairs/p1/rating', { coder: 'bob', denotative: 3 }, bearer(ALICE)));
    expect(saved.coder).toBe('alice');
    await post(app, '/api/coding/pairs/p1/rating', { denotative: 1, connotative: 1 }, bearer(BOB));
    const pairs = await json(app.request('/api/coding/pairs?coder=bob', { headers: bearer(ALICE) }));
    expect(pairs.coder).toBe('alice');
    expect(pairs.pairs[0].rating).toEqual({ denotative: 3, connotative: null });
    const csv = await (await app.request('/api/coding/pairs/ratings.csv', { headers: bearer(ALICE) })).text();
    expect(csv.trim().split('\n')).toEqual(['pair_id,coder,denotative,connotative', 'p1,alice,3,']);
  });
});

describe('blind mode', () => {
  it('serves coding only, with no ids, file names or metadata', async () => {
    const app = appFor(project.store, { blind: true });
    const overview = await json(app.request('/api/overview'));
    expect(overview).toMatchObject({ blind: true });
    expect(overview.clusterings).toBeUndefined();
    expect(overview.layouts).toBeUndefined();
    for (const path of [
      `/api/items/${encodeURIComponent(project.itemIds[0])}`,
      `/api/items/${encodeURIComponent(project.itemIds[0])}/thumbnail`,
      `/api/clusterings/${project.clusterings.descriptions5}`,
      `/api/layouts/${project.runId}/descriptions/ids`,
      '/api/search?q=flood',
      `/api/compare?a=1&b=2`,
      '/api/duplicates',
    ]) {
      expect((await app.request(path)).status, path).toBe(403);
    }
    expect((await post(app, '/api/items/export.csv', { ids: project.itemIds })).status).toBe(403);
    const pairs = await json(app.request('/api/coding/pairs?coder=alice'));
    expect(pairs.blind).toBe(true);
    expect(pairs.pairs[0].a).toEqual({ src: '/api/coding/pairs/p1/images/a' });
    const body = JSON.stringify(pairs);
    for (const id of project.itemIds.slice(0, 4)) expect(body).not.toContain(id);
    expect(body).not.toContain('source-');
  });

  it('re-encodes coding images, so no file metadata reaches the coder', async () => {
    const app = appFor(project.store, { blind: true });
    const response = await app.request('/api/coding/pairs/p1/images/a');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/webp');
    expect(response.headers.get('etag')).toBeNull();
    const metadata = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
    expect(metadata.format).toBe('webp');
    expect(metadata.exif).toBeUndefined();
  });

  it('keeps study set-up and the answer key from coders', async () => {
    const open = appFor(project.store);
    const created = await json(post(open, '/api/coding/studies', { clusteringId: project.clusterings.descriptions5, imagesPerSet: 2 }));
    const app = appFor(project.store, { blind: true });
    expect((await post(app, '/api/coding/studies', { clusteringId: project.clusterings.descriptions5 })).status).toBe(403);
    expect((await app.request(`/api/coding/studies/${created.id}/key.csv`)).status).toBe(403);
    const listing = await json(app.request('/api/coding/studies'));
    expect(listing[0].clustering).toBeNull();
    const study = await json(app.request(`/api/coding/studies/${created.id}`));
    expect(study.tasks[0].images[0]).toEqual({ src: expect.stringMatching(/^\/api\/coding\/studies\/\d+\/tasks\/t\d+\/images\/0$/) });
  });
});

describe('host guard and listening', () => {
  it('refuses other host names on a loopback server (DNS rebinding)', async () => {
    const app = appFor(project.store);
    expect((await app.request('http://evil.example/api/overview')).status).toBe(403);
    expect((await app.request('http://127.0.0.1:8123/api/overview')).status).toBe(200);
    expect((await app.request('http://localhost/api/overview')).status).toBe(200);
    const named = appFor(project.store, { allowedHosts: ['lab-server'] });
    expect((await named.request('http://lab-server/api/overview')).status).toBe(200);
  });

  it('serves over HTTP on a free port until closed', async () => {
    const server = await listen(appFor(project.store), { port: 0 });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const response = await fetch(`${server.url}/api/overview`);
      expect(response.status).toBe(200);
      expect((await response.json()).items).toBe(40);
    } finally {
      await server.close();
    }
    await expect(fetch(`${server.url}/api/overview`)).rejects.toThrow();
  });
});
