import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/index.js';
import { parseRatingsCsv } from '../../src/evaluate/coding/pairs-csv.js';
import { openProjectStore, type Store } from '../../src/store/index.js';
import { createApp } from '../../src/web/app.js';
import type { NearDuplicatesResponse } from '../../src/web/contract.js';
import { listen, type RunningServer } from '../../src/web/listen.js';
import { buildFixtureProject, HOSTILE_TEXTS, type FixtureProject } from '../support/project-fixture.js';
import { tempDir } from '../support/temp.js';
import { browserUnavailable, compileClient, launchBrowser, screenshot, watchForErrors } from '../support/browser.js';

const noBrowser = browserUnavailable();
if (noBrowser) console.warn(`skipping the browser tests: ${noBrowser}`);

const VIEWPORT = { width: 1280, height: 800 };
let browser: Browser;
let clientDir: string;

beforeAll(async () => {
  if (noBrowser) return;
  // Shared by every test, so not a per-test tempDir.
  clientDir = compileClient(mkdtempSync(join(tmpdir(), 'connote-client-')));
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  if (clientDir) rmSync(clientDir, { recursive: true, force: true });
});

async function serve(store: Store): Promise<RunningServer> {
  return listen(createApp(store, { clientDir }), { port: 0 });
}

/** Lazy images below the fold never load in a screenshot; wait for the visible ones. */
async function visibleImagesLoaded(page: Page): Promise<void> {
  await page.waitForFunction(() => [...document.images].filter((image) => image.getBoundingClientRect().top < innerHeight).every((image) => image.complete));
}

const bits = (n: number): string => (n === 1 ? '1 bit' : `${n} bits`);

describe.skipIf(noBrowser)('in the browser: text from models stays text', () => {
  let project: FixtureProject;
  let server: RunningServer;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    project = await buildFixtureProject();
    server = await serve(project.store);
  });
  afterAll(async () => {
    await server?.close();
    project?.store.close();
  });

  it('shows markup in descriptions, search snippets and ids as text, and runs none of it', async () => {
    page = await browser.newPage({ viewport: VIEWPORT });
    errors = watchForErrors(page);
    await page.goto(`${server.url}/#/cluster/${project.clusterings.descriptions3}/1?offset=0`);
    await page.waitForSelector('.member');
    const text = await page.locator('.members').innerText();
    expect(text).toContain(HOSTILE_TEXTS[0]);
    await page.goto(`${server.url}/#/image/${encodeURIComponent(project.itemIds[2])}`);
    await page.waitForSelector('.description');
    expect(await page.locator('.image-info').innerText()).toContain(HOSTILE_TEXTS[1]);
    await page.goto(`${server.url}/#/map?q=${encodeURIComponent('script alert')}`);
    await page.waitForSelector('.snippet');
    expect(await page.locator('.snippet').first().innerText()).toContain('<script>alert(1)</script>');
    // Nothing injected: one script element (the app), no <img src=x>, no dialog, no error.
    expect(await page.locator('script').count()).toBe(1);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('tells how to make near-duplicate groups when there are none, and says so when a grouping found none', async () => {
    page = await browser.newPage({ viewport: VIEWPORT });
    errors = watchForErrors(page);
    await page.goto(`${server.url}/#/duplicates`);
    await page.waitForSelector('.duplicates-empty');
    const notice = await page.locator('.duplicates-empty').innerText();
    expect(notice).toContain('No near-duplicate groups yet');
    expect(notice).toContain('connote duplicates PROJECT');
    expect(notice).toContain('--near-duplicates');
    expect(await page.locator('.nav a.active').innerText()).toBe('Duplicates');
    await screenshot(page, 'app-duplicates-empty');
    // A grouping in which no two images came close enough.
    project.store.nearDuplicates.save({ runId: null, algorithm: 'dhash', version: 'fixture', maxDistance: 4, analysis: null, images: project.itemIds.length, members: [] });
    await page.reload();
    await page.waitForSelector('.duplicates-summary');
    expect(await page.locator('.duplicates-summary').innerText()).toContain(`0 groups of near-duplicates, 0 of ${project.itemIds.length} images in groups; dHash, at most 4 bits apart`);
    expect(await page.locator('.notice').innerText()).toContain('No near-duplicates in this grouping');
    expect(await page.locator('.duplicate-group').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe.skipIf(noBrowser)('in the browser: the bundled example end to end', () => {
  let project: string;
  let store: Store;
  let server: RunningServer;

  beforeAll(async () => {
    project = join(tempDir('connote-web-e2e-'), 'project');
    const quiet = process.stdout.write;
    const quietErr = process.stderr.write;
    process.stdout.write = (() => true) as typeof process.stdout.write;
    process.stderr.write = (() => true) as typeof process.stderr.write;
    try {
      expect(await main(['node', 'connote', 'run', 'examples/climate-demo', '--out', project, '--quiet'])).toBe(0);
      expect(await main(['node', 'connote', 'pairs', 'import', project, 'examples/climate-demo/pairs.csv'])).toBe(0);
      // Two groupings of the example's photographs, so the Duplicates page has a menu: a looser distance, then the default (the newest, shown first).
      expect(await main(['node', 'connote', 'duplicates', project, '--max-distance', '14', '--quiet'])).toBe(0);
      expect(await main(['node', 'connote', 'duplicates', project, '--quiet'])).toBe(0);
    } finally {
      process.stdout.write = quiet;
      process.stderr.write = quietErr;
    }
    store = openProjectStore(project);
    server = await serve(store);
  }, 180_000);
  afterAll(async () => {
    await server?.close();
    store?.close();
  });

  it('merges ticked clusters and reassigns the noise into new clusterings, logged with the memo, and shows the tree', async () => {
    const page = await browser.newPage({ viewport: VIEWPORT });
    const errors = watchForErrors(page);
    const runId = store.runs.list().find((r) => r.status === 'finished')!.id;
    const source = store.clusterings.forRun(runId).find((c) => c.method === 'descriptions' && c.minClusterSize === 3)!.id;
    await page.goto(`${server.url}/#/clusters?c=${source}`);
    await page.waitForSelector('.edit-panel');
    // The tree opens on demand, its leaves linking to the clusters.
    await page.locator('.tree-panel summary').click();
    await page.waitForSelector('.tree-panel li.leaf a', { state: 'attached' });
    const leaves = await page.locator('.tree-panel li.leaf').count();
    expect(leaves).toBe(store.clusterings.clusters(source).length);
    await screenshot(page, 'app-edit-tree');
    // Merge two ticked clusters.
    const boxes = page.locator('.cluster-card .tick input');
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await page.locator('.edit-panel input[type=text]').fill('same flood imagery');
    await page.locator('.edit-panel button.merge').click();
    await page.waitForFunction((id) => !location.hash.includes(`c=${id}`), source);
    await page.waitForSelector('.edit-panel');
    const merged = store.audit.list().at(-1)!;
    expect(merged.memo).toBe('same flood imagery');
    const opened = () => store.clusterings.get(Number(/[?&]c=(\d+)/.exec(page.url())![1]))!;
    const after = opened();
    expect(after.parentId).toBe(source);
    expect(after.nClusters).toBe(store.clusterings.get(source)!.nClusters - 1);
    expect(await page.locator('.cluster-card').count()).toBe(after.nClusters + 1); // and the noise card
    // Reassign the noise of the merged clustering by c-TF-IDF similarity.
    await page.locator('.edit-panel select').selectOption('ctfidf');
    await page.locator('.edit-panel button.reassign').click();
    await page.waitForFunction((id) => !location.hash.includes(`c=${id}`), after.id);
    await page.waitForSelector('.edit-panel');
    const reassigned = opened();
    expect(reassigned.parentId).toBe(after.id);
    expect(reassigned.nNoise).toBeLessThan(after.nNoise);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('draws the map, opens a cluster, and keeps three pairs coded by keyboard across a reload', async () => {
    const page = await browser.newPage({ viewport: VIEWPORT });
    const errors = watchForErrors(page);

    await page.goto(`${server.url}/#/map`);
    await page.waitForSelector('.map-page[data-ready="true"]');
    await page.waitForTimeout(300);
    const map = await screenshot(page, 'map');
    expect([map.width, map.height]).toEqual([VIEWPORT.width, VIEWPORT.height]);
    expect(map.colours).toBeGreaterThan(40);
    // The legend lists every cluster of the default clustering.
    const legend = await page.locator('.legend li').count();
    expect(legend).toBeGreaterThanOrEqual(4);

    await page.locator('.legend li a').first().click();
    await page.waitForSelector('.cluster-page .member');
    expect(await page.locator('.keyword-bars li').count()).toBeGreaterThan(3);
    expect(await page.locator('.member').count()).toBeGreaterThan(2);
    await visibleImagesLoaded(page);
    const cluster = await screenshot(page, 'cluster');
    expect(cluster.colours).toBeGreaterThan(500);

    await page.goto(`${server.url}/#/code/pairs`);
    await page.fill('input[name="coder"]', 'e2e');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.pair-stage[data-pair="p001"]');
    const keys = ['1', '2', '3', '3', '2', '1'];
    for (const key of keys) await page.keyboard.press(key);
    await page.waitForSelector('.pair-stage[data-pair="p004"]');
    // A wrong key changes nothing; Backspace then 1 re-rates p003's connotative.
    await page.keyboard.press('9');
    await page.keyboard.press('Backspace');
    await page.waitForSelector('.pair-stage[data-pair="p003"][data-step="connotative"]');
    await page.keyboard.press('1');
    await page.waitForSelector('.save-status[data-state="saved"]');
    await screenshot(page, 'pairs');

    await page.reload();
    await page.waitForSelector('.pair-stage[data-pair="p004"]');
    expect(await page.locator('.coding-header').innerText()).toContain('3 of 160 pairs rated');

    const expected = [
      { pairId: 'p001', coder: 'e2e', denotative: 1, connotative: 2 },
      { pairId: 'p002', coder: 'e2e', denotative: 3, connotative: 3 },
      { pairId: 'p003', coder: 'e2e', denotative: 2, connotative: 1 },
    ];
    expect(store.pairs.ratings('e2e').map(({ updatedAt: _, ...rating }) => rating)).toEqual(expected);
    const csv = await (await fetch(`${server.url}/api/coding/pairs/ratings.csv`)).text();
    expect(parseRatingsCsv(csv, 'export')).toEqual(expected);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('shows each near-duplicate group once with its count and distances, pages them, switches grouping, and opens a member', async () => {
    const page = await browser.newPage({ viewport: VIEWPORT });
    const errors = watchForErrors(page);
    const api = async (query = ''): Promise<NearDuplicatesResponse> => (await fetch(`${server.url}/api/duplicates${query}`)).json() as Promise<NearDuplicatesResponse>;
    const latest = await api();
    expect(latest.groupings.map((g) => g.maxDistance)).toEqual([14, 10]);
    expect(latest.total).toBeGreaterThan(2);

    await page.goto(`${server.url}/#/duplicates`);
    await page.waitForSelector('.duplicate-group');
    const cards = page.locator('.duplicate-group');
    expect(await cards.count()).toBe(Math.min(latest.total, 24));
    // Once each: one card per group, its representative large, its distinct images counted as the API counts them.
    expect(await cards.evaluateAll((all) => all.map((card) => card.querySelector('.duplicate-representative .thumb')!.getAttribute('title')))).toEqual(latest.groups.map((g) => g.representativeId));
    expect(await page.locator('.duplicate-count').allInnerTexts()).toEqual(latest.groups.map((g) => `${g.images} images`));
    for (const [i, group] of latest.groups.entries()) {
      const others = group.memberIds.map((id, j) => [id, group.distances[j]] as const).filter(([id]) => id !== group.representativeId);
      expect(await cards.nth(i).locator('.duplicate-member figcaption').allInnerTexts()).toEqual(others.map(([, distance]) => bits(distance)));
    }
    const summary = await page.locator('.duplicates-summary').innerText();
    expect(summary).toContain(`${latest.total} groups of near-duplicates, ${latest.imagesInGroups} of 107 images in groups; dHash, at most 10 bits apart`);
    expect(summary).toContain('connote duplicates');
    await visibleImagesLoaded(page);
    const shot = await screenshot(page, 'app-duplicates');
    expect(shot.colours).toBeGreaterThan(500);

    // The menu lists both groupings, newest first; choosing the other shows its groups.
    const menu = page.locator('.duplicates-page select');
    expect(await menu.locator('option').allInnerTexts()).toEqual([expect.stringMatching(/^dHash, distance 10 · connote duplicates, \d{4}-\d\d-\d\d \d\d:\d\d/), expect.stringMatching(/^dHash, distance 14 · connote duplicates/)]);
    const first = latest.groupings[0];
    const older = await api(`?grouping=${first.id}`);
    await menu.selectOption(String(first.id));
    await page.waitForFunction((id) => location.hash.includes(`g=${id}`), first.id);
    await page.waitForSelector('.duplicates-summary:has-text("at most 14 bits")');
    expect(await cards.count()).toBe(older.total);
    expect(await page.locator('.duplicate-count').allInnerTexts()).toEqual(older.groups.map((g) => `${g.images} images`));

    // Two groups a page: Next shows the API's next two, and Previous is off on the first page.
    await page.goto(`${server.url}/#/duplicates?limit=2`);
    await page.waitForSelector('.pager');
    expect(await page.locator('.pager button').first().isDisabled()).toBe(true);
    expect(await page.locator('.pager span').first().innerText()).toBe(`Page 1 of ${Math.ceil(latest.total / 2)} · ${latest.total} groups`);
    await page.locator('.pager button:has-text("Next")').first().click();
    await page.waitForFunction(() => location.hash.includes('offset=2'));
    await page.waitForSelector('.pager span:has-text("Page 2")');
    const second = await api('?offset=2&limit=2');
    expect(await page.locator('.duplicate-group h2').allInnerTexts()).toEqual(second.groups.map((g) => expect.stringContaining(`Group ${g.group}`)));
    expect(await page.locator('.pager button:has-text("Next")').first().isDisabled()).toBe(latest.total <= 4);

    // A member opens its image page.
    const member = second.groups[0].memberIds.find((id) => id !== second.groups[0].representativeId)!;
    await page.locator(`.duplicate-member a[title="${member}"]`).click();
    await page.waitForSelector('.image-page');
    expect(await page.locator('.image-page h1').innerText()).toBe(member);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
