import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createContext } from '../src/types/context.js';
import { imageFeatureExtractors } from '../src/image-features/index.js';
import { measure, report, seconds } from './harness.js';

/**
 * CNN features per second on the bundled climate-demo images: the tfjs extractor on its
 * default wasm backend (ours) against the pure-JavaScript cpu backend (peer), same model,
 * same process. Model loading is excluded (one warm-up image first); decoding with sharp is
 * included, as in a real run.
 */
const imagesDir = fileURLToPath(new URL('../examples/climate-demo/images/', import.meta.url));

async function featuresPerSecond(model: string, backend: string, files: readonly string[]) {
  const extractor = imageFeatureExtractors.get('tfjs').create({ baseDir: imagesDir, settings: { model, backend } });
  const ctx = createContext();
  try {
    await extractor.extract(files.slice(0, 1), ctx);
    const run = await measure(() => extractor.extract(files, ctx));
    return { seconds: run.seconds, perSecond: files.length / run.seconds };
  } finally {
    await extractor.close?.();
  }
}

const rate = (r: { seconds: number; perSecond: number }, n: number): string =>
  `${r.perSecond.toFixed(2)} img/s (${n} in ${seconds(r.seconds)})`;

export async function run(): Promise<void> {
  const files = (await readdir(imagesDir)).filter((name) => name.endsWith('.jpg')).sort();

  const ours = await featuresPerSecond('mobilenet-v2', 'wasm', files);
  const peer = await featuresPerSecond('mobilenet-v2', 'cpu', files);
  report({
    id: 'cnn-mobilenet-v2-wasm',
    benchmark: `CNN features (tfjs MobileNetV2, wasm), ${files.length} images`,
    ours: rate(ours, files.length),
    peer: { kind: 'own-variant', name: 'the same model on tfjs cpu backend', figure: rate(peer, files.length) },
    notes: '1280 dims; the cpu backend is what tfjs falls back to without wasm',
    readme: true,
  });

  // The larger model on the same backend: what choosing inception-v3 costs (its cpu run would
  // take tens of seconds per image, so the peer here is the default model on the same images).
  const subset = files.slice(0, 16);
  const inception = await featuresPerSecond('inception-v3', 'wasm', subset);
  const mobilenet = await featuresPerSecond('mobilenet-v2', 'wasm', subset);
  report({
    id: 'cnn-inception-v3-wasm',
    benchmark: `CNN features (tfjs Inception-v3, wasm), ${subset.length} images`,
    ours: rate(inception, subset.length),
    peer: { kind: 'own-variant', name: 'MobileNetV2 on the same images and backend', figure: rate(mobilenet, subset.length) },
    notes: 'what choosing the larger model costs; 2048 vs 1280 dims',
  });
}
