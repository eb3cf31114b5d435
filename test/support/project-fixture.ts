import sharp from 'sharp';
import { openStore, type Store } from '../../src/store/index.js';
import { sha256 } from '../../src/util/hash.js';
import { createRandom } from '../../src/util/random.js';

/** Descriptions a model might write after reading text inside an image: markup that must stay text. */
export const HOSTILE_TEXTS = ['<script>alert(1)</script> a protest banner', '<img src=x onerror=alert(1)> a flooded street'];

export interface FixtureProject {
  readonly store: Store;
  readonly runId: string;
  readonly itemIds: string[];
  /** Clustering ids: descriptions at min sizes 3 and 5, image features at 4. */
  readonly clusterings: { descriptions3: number; descriptions5: number; features4: number };
  /** The item whose connotative description is HOSTILE_TEXTS[0]. */
  readonly hostileItem: string;
}

const THEMES = [
  ['flood', 'water', 'rescue', 'rain'],
  ['protest', 'crowd', 'banner', 'street'],
  ['glacier', 'ice', 'melting', 'arctic'],
  ['wildfire', 'smoke', 'forest', 'heat'],
];

/**
 * A small project built from code with a fixed seed: `n` items in four themes (plus a few
 * loners), with thumbnails, connotative and denotative descriptions, two clusterings of the
 * descriptions, one of image features, and a layout for each method.
 */
export async function buildFixtureProject(path = ':memory:', n = 40): Promise<FixtureProject> {
  const store = openStore(path);
  const random = createRandom(7);
  const runId = 'run-fixture';
  store.runs.start(runId, { input: 'fixture' });
  const prompts = ['connotative', 'denotative'].map((name) => ({ name, version: 1, text: `${name} prompt`, hash: sha256(`${name} prompt`) }));
  for (const prompt of prompts) store.descriptions.putPrompt(prompt);

  const itemIds: string[] = [];
  const themeOf: number[] = [];
  const items = [];
  for (let i = 0; i < n; i++) {
    const theme = i % THEMES.length;
    // Ids look like the paths a folder run produces, slashes included.
    const id = `${THEMES[theme][0]}/img-${String(i).padStart(3, '0')}.jpg`;
    const thumbnail = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 40 + theme * 50, g: 200 - theme * 40, b: (i * 37) % 256 } } })
      .webp()
      .toBuffer();
    const hash = sha256(`image ${i}`);
    store.images.putImage({ hash, format: 'jpeg', width: 640, height: 480, bytes: 1000 + i }, { data: thumbnail, type: 'image/webp' });
    items.push({ id, hash, path: `/nonexistent/fixture/${id}`, metadata: { source: `source-${theme}`, year: String(2000 + (i % 20)) }, position: i });
    itemIds.push(id);
    themeOf.push(theme);
    const words = THEMES[theme];
    const connotative = i === 1 ? HOSTILE_TEXTS[0] : i === 2 ? HOSTILE_TEXTS[1] : `An image about ${words[0]} and ${words[1]}, evoking ${words[2]} (${i}).`;
    store.descriptions.put(
      { describer: 'reference', model: 'fixture', promptHash: prompts[0].hash, params: {} },
      { imageHash: hash, status: 'ok', text: connotative, inputTokens: null, outputTokens: null, costUsd: null, responseModel: null },
    );
    store.descriptions.put(
      { describer: 'reference', model: 'fixture', promptHash: prompts[1].hash, params: {} },
      { imageHash: hash, status: 'ok', text: `A photograph showing ${words[3]} and ${words[1]}.`, inputTokens: null, outputTokens: null, costUsd: null, responseModel: null },
    );
  }
  store.images.putItems(items);

  const labelsBy = (shift: number, noiseEvery: number): number[] => themeOf.map((theme, i) => (i % noiseEvery === noiseEvery - 1 ? -1 : (theme + shift) % THEMES.length));
  const save = (method: string, minClusterSize: number, labels: number[]): number => {
    const sizes = new Map<number, number>();
    for (const label of labels) if (label >= 0) sizes.set(label, (sizes.get(label) ?? 0) + 1);
    return store.clusterings.save({
      runId,
      name: `${method}/mcs${minClusterSize}`,
      method,
      minClusterSize,
      params: { minClusterSize },
      assignments: labels.map((label, i) => ({ itemId: itemIds[i], label, probability: label < 0 ? 0 : 0.5 + random.next() / 2, outlierScore: random.next() })),
      clusters: [...sizes.keys()].sort((a, b) => a - b).map((label) => ({
        label,
        size: sizes.get(label) as number,
        keywords: THEMES[(label - (method === 'image-features' ? 1 : 0) + THEMES.length) % THEMES.length].map((term, k) => ({ term, score: 1 - k / 10 })),
        tfidfKeywords: [{ term: `tfidf-${label}`, score: 0.5 }],
        representatives: itemIds.filter((_, i) => labels[i] === label).slice(0, 3),
      })),
    });
  };
  const descriptions3 = save('descriptions', 3, labelsBy(0, 9));
  const descriptions5 = save('descriptions', 5, labelsBy(0, 5));
  const features4 = save('image-features', 4, labelsBy(1, 7));
  for (const method of ['descriptions', 'image-features']) {
    store.clusterings.saveLayout(
      runId,
      method,
      itemIds.map((itemId, i) => ({ itemId, x: (themeOf[i] % 2) * 10 + random.normal(), y: Math.floor(themeOf[i] / 2) * 10 + random.normal() })),
    );
  }
  store.runs.finish(runId, 'finished', {});
  return { store, runId, itemIds, clusterings: { descriptions3, descriptions5, features4 }, hostileItem: itemIds[1] };
}
