/**
 * The map of `connote serve` in headless chromium, at 100,000 points: time to the first drawn
 * frame, and frames per second during a scripted pan (requestAnimationFrame timestamps while a
 * drag moves the map a few pixels every frame). The peer draws the same points as SVG circles,
 * the report's approach, and pans them the same way in the same browser.
 *
 * Run: npm run bench -- web   (needs /usr/bin/chromium; skipped with a message otherwise)
 */
import { existsSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { clusterColour } from '../src/report/palette.js';
import { openStore, type Store } from '../src/store/index.js';
import { createApp } from '../src/web/app.js';
import { listen } from '../src/web/listen.js';
import { makeBlobs } from './data.js';
import { report } from './harness.js';

const POINTS = 100_000;
const CLUSTERS = 40;
const PAN_FRAMES = 180;
const VIEWPORT = { width: 1280, height: 800 };
const CHROMIUM = '/usr/bin/chromium';

/** A project of `n` items laid out as seeded blobs and clustered by blob (every 20th point noise). */
function syntheticProject(n: number): Store {
  const store = openStore(':memory:');
  const { data, labels } = makeBlobs({ n, dims: 2, centers: CLUSTERS, std: 1.2, centerBox: 40, seed: 42 });
  const ids = Array.from({ length: n }, (_, i) => `img-${String(i).padStart(6, '0')}`);
  const runId = 'bench';
  store.runs.start(runId, {});
  store.db.transaction(() => {
    ids.forEach((id, i) => store.images.putImage({ hash: `h${i}`, format: 'jpeg', width: 1, height: 1, bytes: 1 }, null));
  })();
  store.images.putItems(ids.map((id, i) => ({ id, hash: `h${i}`, path: `/nowhere/${id}.jpg`, metadata: {}, position: i })));
  const assigned = Array.from(labels, (label, i) => (i % 20 === 0 ? -1 : label));
  const sizes = new Map<number, number>();
  for (const label of assigned) if (label >= 0) sizes.set(label, (sizes.get(label) ?? 0) + 1);
  store.clusterings.save({
    runId,
    name: 'descriptions/mcs50',
    method: 'descriptions',
    minClusterSize: 50,
    params: {},
    assignments: assigned.map((label, i) => ({ itemId: ids[i], label, probability: label < 0 ? 0 : 1, outlierScore: null })),
    clusters: [...sizes].map(([label, size]) => ({ label, size, keywords: [{ term: `theme${label}`, score: 1 }, { term: `topic${label}`, score: 0.5 }], tfidfKeywords: [], representatives: [] })),
  });
  store.clusterings.saveLayout(runId, 'descriptions', ids.map((itemId, i) => ({ itemId, x: data.data[2 * i], y: data.data[2 * i + 1] })));
  store.runs.finish(runId, 'finished', {});
  return store;
}

/**
 * In-page code is passed as text: tsx (esbuild) wraps named functions in a helper that does not
 * exist in the page.
 */
const PAN_SCRIPT = `(selector, frames) => new Promise((resolve) => {
  const target = document.querySelector(selector);
  const rect = target.getBoundingClientRect();
  let x = rect.left + rect.width / 2;
  const y = rect.top + rect.height / 2;
  const options = { bubbles: true, pointerId: 1, isPrimary: true, button: 0, buttons: 1, clientY: y };
  target.dispatchEvent(new PointerEvent('pointerdown', { ...options, clientX: x }));
  const stamps = [];
  function step(time) {
    stamps.push(time);
    if (stamps.length > frames) {
      target.dispatchEvent(new PointerEvent('pointerup', { ...options, clientX: x, buttons: 0 }));
      resolve(stamps);
      return;
    }
    // Back and forth, so the view stays over the points.
    x += Math.floor(stamps.length / 30) % 2 === 0 ? 6 : -6;
    target.dispatchEvent(new PointerEvent('pointermove', { ...options, clientX: x }));
    requestAnimationFrame(step);
  }
  requestAnimationFrame(step);
})`;

/** Drags `selector` a few pixels each animation frame; returns the frame timestamps. */
function scriptedPan(page: Page, selector: string, frames: number): Promise<number[]> {
  return page.evaluate(`(${PAN_SCRIPT})(${JSON.stringify(selector)}, ${frames})`) as Promise<number[]>;
}

function framesPerSecond(stamps: readonly number[]): { fps: number; msPerFrame: number; worstMs: number } {
  // Skip the first frames: they pay for the drag's start.
  const settled = stamps.slice(5);
  const intervals = settled.slice(1).map((t, i) => t - settled[i]);
  const msPerFrame = (settled[settled.length - 1] - settled[0]) / intervals.length;
  return { fps: 1000 / msPerFrame, msPerFrame, worstMs: Math.max(...intervals) };
}

/** After `ready` resolves, the time (ms since navigation) at which the next frame was painted. */
const nextFrameTime = (page: Page): Promise<number> =>
  page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now()))))') as Promise<number>;

/** Builds the SVG (as the report draws its map) and resolves with the ms to its first frame. */
const SVG_SCRIPT = `({ points, labels, colours, noise }) => new Promise((resolve) => {
  const start = performance.now();
  const stage = document.getElementById('stage');
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('width', '100%');
  svg.setAttribute('height', '100%');
  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
  for (let i = 0; i < points.length; i += 2) {
    minX = Math.min(minX, points[i]); maxX = Math.max(maxX, points[i]);
    minY = Math.min(minY, points[i + 1]); maxY = Math.max(maxY, points[i + 1]);
  }
  const width = stage.clientWidth;
  const height = stage.clientHeight;
  const scale = Math.min((width - 48) / (maxX - minX), (height - 48) / (maxY - minY));
  const group = document.createElementNS(ns, 'g');
  for (let i = 0; i < points.length / 2; i++) {
    const circle = document.createElementNS(ns, 'circle');
    circle.setAttribute('cx', (24 + (points[2 * i] - minX) * scale).toFixed(1));
    circle.setAttribute('cy', (24 + (points[2 * i + 1] - minY) * scale).toFixed(1));
    circle.setAttribute('r', '1.5');
    circle.setAttribute('fill', labels[i] < 0 ? noise : colours[labels[i]]);
    group.appendChild(circle);
  }
  svg.appendChild(group);
  stage.appendChild(svg);
  let dx = 0, dragging = false, lastX = 0;
  svg.addEventListener('pointerdown', (event) => { dragging = true; lastX = event.clientX; });
  svg.addEventListener('pointermove', (event) => {
    if (!dragging) return;
    dx += event.clientX - lastX;
    lastX = event.clientX;
    group.setAttribute('transform', 'translate(' + dx + ' 0)');
  });
  svg.addEventListener('pointerup', () => { dragging = false; });
  requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - start)));
})`;

/** The peer page: the same points as SVG circles in one group, panned by its transform. */
async function svgPeer(page: Page, xy: Float32Array, labels: Int32Array): Promise<{ firstMs: number; stamps: number[] }> {
  const colours = Array.from({ length: CLUSTERS }, (_, label) => clusterColour(label));
  await page.setContent(`<!doctype html><html><body style="margin:0"><div id="stage" style="width:${VIEWPORT.width - 350}px;height:${VIEWPORT.height - 96}px;margin-top:96px"></div></body></html>`);
  const args = { points: Array.from(xy), labels: Array.from(labels), colours, noise: clusterColour(-1) };
  const firstMs = (await page.evaluate(`(${SVG_SCRIPT})(${JSON.stringify(args)})`)) as number;
  const stamps = await scriptedPan(page, '#stage svg', PAN_FRAMES);
  return { firstMs, stamps };
}

export async function run(): Promise<void> {
  if (!existsSync(CHROMIUM)) {
    console.log(`web: skipped, ${CHROMIUM} is missing (apt-get install chromium)`);
    return;
  }
  const { chromium } = await import('playwright-core');
  const buildStart = performance.now();
  const store = syntheticProject(POINTS);
  const buildSeconds = (performance.now() - buildStart) / 1000;
  const server = await listen(createApp(store), { port: 0 });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({ viewport: VIEWPORT });
    // Warm the server's layout cache and the browser's module cache once, untimed, like a second visit.
    await page.goto(`${server.url}/#/map`);
    await page.waitForSelector('.map-page[data-ready="true"]', { timeout: 120_000 });

    const firstRender: number[] = [];
    for (let trial = 0; trial < 3; trial++) {
      await page.goto('about:blank');
      await page.goto(`${server.url}/#/map`);
      await page.waitForSelector('.map-page[data-ready="true"]', { timeout: 120_000 });
      firstRender.push(await nextFrameTime(page));
    }
    const oursFirst = Math.min(...firstRender);
    const ours = framesPerSecond(await scriptedPan(page, 'canvas.map-canvas', PAN_FRAMES));
    const mode = await page.evaluate(() => document.querySelector('.map-status')?.textContent ?? '');

    const peerPage = await browser.newPage({ viewport: VIEWPORT });
    const layout = store.explore.layoutPoints('bench', 'descriptions');
    const labels = store.explore.labelsFor(store.explore.clusterings()[0].id, layout.ids, -2);
    const peerRun = await svgPeer(peerPage, layout.xy, labels);
    const peer = framesPerSecond(peerRun.stamps);

    // SVG circles are the naive way to draw the map (and what report.html used): a baseline, not a library.
    report({
      id: 'map-pan-100k',
      benchmark: `map panning, ${POINTS.toLocaleString('en')} points (headless chromium)`,
      ours: `${ours.fps.toFixed(1)} fps (${ours.msPerFrame.toFixed(1)} ms/frame)`,
      peer: { kind: 'baseline', name: 'SVG circles drawn by the same page', figure: `${peer.fps.toFixed(1)} fps` },
      readme: true,
      notes: `goal >= 30 fps; worst frame ${ours.worstMs.toFixed(0)} ms vs ${peer.worstMs.toFixed(0)} ms; canvas 2D, --disable-gpu; ${mode}`,
    });
    report({
      id: 'map-first-render-100k',
      benchmark: `map first render, ${POINTS.toLocaleString('en')} points`,
      ours: `${(oursFirst / 1000).toFixed(3)} s`,
      peer: { kind: 'baseline', name: 'SVG circles drawn by the same page', figure: `${(peerRun.firstMs / 1000).toFixed(3)} s` },
      notes: `ours: navigation to first frame incl. fetching ids, positions, labels (best of 3, server cache warm); peer: building the SVG DOM to first frame, no network; store built in ${buildSeconds.toFixed(1)} s`,
    });
  } finally {
    await browser.close();
    await server.close();
    store.close();
  }
}
