import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { createApp } from '../../src/web/app.js';
import { listen } from '../../src/web/listen.js';
import { browserUnavailable, compileClient, launchBrowser, watchForErrors } from '../support/browser.js';
import { connote } from '../support/cli.js';
import { buildFixtureProject } from '../support/project-fixture.js';
import { fileTempDir } from '../support/temp.js';

const noBrowser = browserUnavailable();
if (noBrowser) console.warn(`skipping the blind coding browser check: ${noBrowser}`);

describe.skipIf(noBrowser)('blind coding in the browser, on the files pairs sample writes', () => {
  let browser: Browser;
  let clientDir: string;
  let dir: string;
  beforeAll(async () => {
    clientDir = compileClient(mkdtempSync(join(tmpdir(), 'connote-client-')));
    browser = await launchBrowser();
    dir = fileTempDir('connote-blind-');
    (await buildFixtureProject(join(dir, 'connote.sqlite'), 40)).store.close();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    if (clientDir) rmSync(clientDir, { recursive: true, force: true });
  });

  it('codes blind pairs by keyboard without ever showing an image id, and exports them under the pair ids', async () => {
    const pairsCsv = join(dir, 'coding', 'pairs.csv');
    const sampled = await connote('pairs', 'sample', dir, '--clustering', 'descriptions/mcs3', '--count', '6', '--noise', '0', '--blind', '-o', pairsCsv);
    expect(sampled.code, sampled.stderr).toBe(0);
    const imported = await connote('pairs', 'import', dir, pairsCsv);
    expect(imported.stdout).toMatch(/6 pairs imported, 0 already there; 6 in all\. Blind ids mapped back with .*pairs\.key\.csv\./);

    const store = openStore(join(dir, 'connote.sqlite'));
    const server = await listen(createApp(store, { clientDir, blind: true }), { port: 0 });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors = watchForErrors(page);
    try {
      await page.goto(`${server.url}/#/code/pairs`);
      await page.fill('input[name="coder"]', 'blind-coder');
      await page.keyboard.press('Enter');
      const blindIds = parse(readFileSync(pairsCsv, 'utf8'), { columns: true }) as Array<{ pair_id: string }>;
      await page.waitForSelector(`.pair-stage[data-pair="${blindIds[0].pair_id}"]`);
      await page.waitForFunction(() => [...document.images].length >= 2 && [...document.images].every((image) => image.complete && image.naturalWidth > 0));
      const text = await page.locator('body').innerText();
      const html = await page.content();
      // Neither the project's ids (fixture ids look like flood/img-000.jpg), nor their metadata, nor the blind file's ids.
      for (const leak of ['img-0', 'source-', 'flood/', 'img0']) {
        expect(text, leak).not.toContain(leak);
        expect(html, leak).not.toContain(leak);
      }
      for (const key of ['3', '2', '1', '1']) await page.keyboard.press(key);
      await page.waitForSelector(`.pair-stage[data-pair="${blindIds[2].pair_id}"]`);
      await page.waitForSelector('.save-status[data-state="saved"]');
    } finally {
      await page.close();
      await server.close();
      store.close();
    }
    const ratingsCsv = join(dir, 'coding', 'ratings.csv');
    expect((await connote('pairs', 'export', dir, '-o', ratingsCsv)).code).toBe(0);
    const rows = parse(readFileSync(ratingsCsv, 'utf8'), { columns: true }) as Array<Record<string, string>>;
    const blindIds = (parse(readFileSync(pairsCsv, 'utf8'), { columns: true }) as Array<{ pair_id: string }>).map((r) => r.pair_id);
    expect(rows.map((r) => [r.pair_id, r.coder, r.denotative, r.connotative])).toEqual([
      [blindIds[0], 'blind-coder', '3', '2'],
      [blindIds[1], 'blind-coder', '1', '1'],
    ]);
    expect(errors).toEqual([]);
  }, 120_000);
});
