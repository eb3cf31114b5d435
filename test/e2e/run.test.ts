import { copyFileSync, cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { openProjectStore } from '../../src/store/index.js';
import { connote } from '../support/cli.js';
import { fileTempDir, tempDir } from '../support/temp.js';
import { browserUnavailable, launchBrowser, screenshot, watchForErrors } from '../support/browser.js';

describe('connote run examples/climate-demo (offline, end to end)', () => {
  let project: string;
  let first: Awaited<ReturnType<typeof connote>>;

  beforeAll(async () => {
    project = join(fileTempDir('connote-e2e-'), 'project');
    first = await connote('run', 'examples/climate-demo', '--out', project);
  }, 120_000);

  it('assigns all 107 images and finds at least 3 clusters at min cluster size 5', () => {
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/107 images \(107 distinct\), 0 with errors/);
    const rows = parse(readFileSync(join(project, 'assignments.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(107);
    expect(Object.keys(rows[0])).toEqual(
      expect.arrayContaining(['id', 'file', 'source', 'author', 'license', 'cluster_mcs5', 'probability_mcs5', 'outlier_score_mcs5', 'x', 'y']),
    );
    for (const row of rows) expect(row.cluster_mcs5).toMatch(/^-?\d+$/);
    const clusters = new Set(rows.map((r) => r.cluster_mcs5).filter((c) => c !== '-1'));
    expect(clusters.size).toBeGreaterThanOrEqual(3);
  });

  it('writes every output, with readable cluster summaries and provenance', () => {
    for (const file of ['report.html', 'assignments.csv', 'clusters.csv', 'clusters.json', 'run.json', 'connote.sqlite']) {
      expect(existsSync(join(project, file)), file).toBe(true);
    }
    const clusters = JSON.parse(readFileSync(join(project, 'clusters.json'), 'utf8')) as {
      clusterings: Array<{ minClusterSize: number; clusters: number; summaries: Array<{ keywords: Array<{ term: string }>; representatives: string[] }> }>;
    };
    expect(clusters.clusterings.map((c) => c.minClusterSize)).toEqual([3, 5, 8]);
    for (const clustering of clusters.clusterings) {
      for (const summary of clustering.summaries) {
        expect(summary.keywords.length).toBeGreaterThan(0);
        expect(summary.representatives.length).toBeGreaterThan(0);
      }
    }
    const run = JSON.parse(readFileSync(join(project, 'run.json'), 'utf8')) as Record<string, any>;
    expect(run.node).toBe(process.version);
    expect(run.seed).toBe(42);
    expect(run.prompt.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(run.describer.describer).toBe('reference');
    expect(run.embedder.embedder).toBe('tfidf');
    expect(run.input.items).toBe(107);
    expect(Object.keys(run.timings)).toEqual(expect.arrayContaining(['ingest', 'describe', 'embed', 'outputs']));
    const html = readFileSync(join(project, 'report.html'), 'utf8');
    expect(html).toContain('id="connote-explorer-data"');
    expect(html).not.toMatch(/(src|href)="https?:/);
    expect(html).not.toMatch(/<script[^>]+src=/i);
    // The cluster tree of every clustering with two or more clusters, leaves linking to cards.
    expect(html.match(/<details class="tree">/g)).toHaveLength(3);
    expect(html).toMatch(/<li class="leaf"><a href="#mcs3-c\d+">/);
    // Stages without settings print none (the bundled script, which has code braces, left aside).
    expect(html.replace(/<script>[\s\S]*?<\/script>/g, '')).not.toContain('{}');
  });

  it.skipIf(browserUnavailable())('report.html is explorable in Chromium, offline, on a desktop and a phone', async () => {
    const browser = await launchBrowser();
    try {
      for (const [device, viewport] of [['desktop', { width: 1280, height: 900 }], ['phone', { width: 390, height: 844 }]] as const) {
        const page = await browser.newPage({ viewport, hasTouch: device === 'phone' });
        const errors = watchForErrors(page);
        const external: string[] = [];
        await page.route('**/*', (route) => {
          const url = route.request().url();
          if (!url.startsWith('file:') && !url.startsWith('data:')) external.push(url);
          return url.startsWith('file:') || url.startsWith('data:') ? route.continue() : route.abort();
        });
        await page.goto(`file://${join(project, 'report.html')}`);
        await page.waitForSelector('#explore[data-ready="true"]');
        expect(await page.locator('article.card').count()).toBeGreaterThanOrEqual(3);
        // The map is a canvas drawn by the app's renderer, with every cluster in the legend.
        const canvas = page.locator('#x-stage canvas');
        expect(await canvas.count()).toBe(1);
        expect(await page.locator('#x-legend li').count()).toBe(8); // 7 clusters + noise at min size 3
        const box = (await canvas.boundingBox())!;
        expect(box.width).toBeLessThanOrEqual(viewport.width); // nothing wider than the screen
        const pageWidth = await page.evaluate(() => document.documentElement.scrollWidth);
        expect(pageWidth).toBeLessThanOrEqual(viewport.width);
        const shot = await screenshot(page, `report-${device}`);
        expect(shot.colours).toBeGreaterThan(200); // thumbnails and dots, not a blank page
        // Every member of a cluster is reachable: the card's button opens the paged list.
        await page.locator('[data-members="3:0"]').click();
        const members = page.locator('#x-cluster .member');
        const size = Number(await page.locator('[data-members="3:0"]').getAttribute('data-size'));
        expect(await members.count()).toBe(Math.min(size, 48));
        // A member opens as an image sheet with its description.
        await members.first().click();
        await expect.poll(() => page.locator('#x-image[open] .description').textContent()).toMatch(/[\s\S]{80,}/);
        await screenshot(page, `report-${device}-image`);
        await page.keyboard.press('Escape');
        // The noise is listed too.
        await page.locator('[data-members="3:-1"]').click();
        expect(await page.locator('#x-cluster[data-label="-1"] .member').count()).toBe(4);
        // "Show on the map" zooms in on the image until thumbnails are drawn there.
        await page.locator('#x-cluster .member').first().click();
        await page.locator('#x-image[open] button', { hasText: 'Show on the map' }).click();
        await page.waitForTimeout(300);
        const zoomed = await screenshot(page, `report-${device}-zoomed`);
        expect(zoomed.colours).toBeGreaterThan(1000);
        await page.locator('#x-clustering').selectOption({ index: 1 });
        expect(await page.locator('#x-legend li').count()).toBe(4); // 3 clusters + noise at min size 5
        // Search highlights matching images and counts them.
        await page.locator('#x-search').fill('glacier');
        await expect.poll(() => page.locator('#x-found').textContent()).toMatch(/^[1-9]\d* match/);
        expect(errors).toEqual([]);
        expect(external).toEqual([]);
        await page.close();
      }
    } finally {
      await browser.close();
    }
  });

  it('recomputes no description and no embedding when run again, and says so', async () => {
    const second = await connote('run', 'examples/climate-demo', '--out', project);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/Descriptions: 107 from cache, 0 new/);
    expect(second.stdout).toMatch(/Embeddings: 107 from cache, 0 new\. Reductions from cache/);
    // Same seed, same inputs: identical assignments.
    const store = openProjectStore(project);
    const runs = store.runs.list().filter((r) => r.status === 'finished');
    const [a, b] = runs.slice(-2).map((r) => store.clusterings.forRun(r.id).map((c) => store.clusterings.assignments(c.id)));
    expect(b).toEqual(a);
    store.close();
  });

  it('reports a corrupt file and a non-image file, and completes with the rest', async () => {
    const dir = tempDir();
    cpSync('examples/climate-demo/images', join(dir, 'images'), { recursive: true });
    writeFileSync(join(dir, 'images', 'corrupt.jpg'), readFileSync('examples/climate-demo/images/nasa-earthrise.jpg').subarray(0, 5000));
    writeFileSync(join(dir, 'images', 'notes.png'), 'meeting notes, not an image');
    // Reuse the example's reference descriptions and config for the copied folder.
    for (const file of ['descriptions.connotative.jsonl', 'descriptions.denotative.jsonl']) copyFileSync(join('examples/climate-demo', file), join(dir, file));
    writeFileSync(
      join(dir, 'config.json'),
      JSON.stringify({
        describer: { name: 'reference', file: 'descriptions.connotative.jsonl' },
        embedder: 'tfidf',
        minClusterSizes: [5],
      }),
    );
    // Folder ids are file names, the descriptions are keyed by manifest id: map them with a manifest.
    const manifest = ['id,file', ...readFileSync('examples/climate-demo/manifest.csv', 'utf8').trim().split('\n').slice(1).map((line) => line.split(',').slice(0, 2).join(','))];
    manifest.push('corrupt,images/corrupt.jpg', 'notes,images/notes.png');
    writeFileSync(join(dir, 'manifest.csv'), `${manifest.join('\n')}\n`);
    const result = await connote('run', join(dir, 'manifest.csv'), '--config', join(dir, 'config.json'), '--out', join(dir, 'out'));
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/skipped .*corrupt\.jpg: corrupt or truncated image data/);
    expect(result.stderr).toMatch(/skipped .*notes\.png: not a readable image/);
    expect(result.stdout).toMatch(/107 images \(107 distinct\), 2 with errors/);
    const run = JSON.parse(readFileSync(join(dir, 'out', 'run.json'), 'utf8')) as { errors: Array<{ itemId: string; message: string }> };
    expect(run.errors.map((e) => e.itemId).sort()).toEqual(['corrupt', 'notes']);
  });
});
