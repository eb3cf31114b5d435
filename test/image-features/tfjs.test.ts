import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContext } from '../../src/types/context.js';
import { imageFeatureExtractors, type ImageFeatureExtractor } from '../../src/image-features/index.js';
import { locateNsfwjs, readBundledModel } from '../../src/image-features/tfjs/bundle.js';
import { bundledCnnModels } from '../../src/image-features/tfjs/models.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const imagesDir = fileURLToPath(new URL('../../examples/climate-demo/images/', import.meta.url));
const execFileAsync = promisify(execFile);
const ctx = createContext();

function createExtractor(settings: Record<string, unknown> = {}): ImageFeatureExtractor {
  return imageFeatureExtractors.get('tfjs').create({ baseDir: imagesDir, settings });
}

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    normA += a[i] * a[i];
    normB += b[i] * b[i];
  }
  return dot / Math.sqrt(normA * normB);
}

function sameBits(a: Float32Array, b: Float32Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

describe('tfjs image extractor (nsfwjs MobileNetV2 on wasm)', () => {
  let files: string[];
  let extractor: ImageFeatureExtractor;
  let vectors: Float32Array[];
  let scratch: string;

  beforeAll(async () => {
    files = (await readdir(imagesDir)).filter((name) => name.endsWith('.jpg')).sort();
    scratch = await mkdtemp(path.join(tmpdir(), 'connote-tfjs-'));
    extractor = createExtractor();
    vectors = await extractor.extract(files, ctx);
  });

  afterAll(async () => {
    await extractor?.close?.();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it('records model, layer, preprocessing and backend in its signature', () => {
    expect(extractor.signature.extractor).toBe('tfjs');
    expect(extractor.signature.model).toMatch(/^nsfwjs@4\.3\.0\/mobilenet_v2$/);
    expect(extractor.signature.params).toMatchObject({
      layer: 'average_pooling2d_1',
      inputSize: 224,
      backend: 'wasm',
      scale: 'value / 255 in [0, 1]',
      colour: 'sRGB, channel order RGB',
    });
  });

  it('gives one 1280-dimensional finite, non-negative vector per bundled image', () => {
    expect(files).toHaveLength(107);
    expect(vectors).toHaveLength(107);
    let sum = 0;
    let min = Infinity;
    let max = -Infinity;
    let nonFinite = 0;
    for (const vector of vectors) {
      expect(vector).toBeInstanceOf(Float32Array);
      expect(vector).toHaveLength(1280);
      for (const value of vector) {
        if (!Number.isFinite(value)) nonFinite++;
        sum += value;
        min = Math.min(min, value);
        max = Math.max(max, value);
      }
    }
    expect(nonFinite).toBe(0);
    // The pool averages ReLU6 activations: every feature lies in [0, 6].
    expect(min).toBe(0);
    expect(max).toBeLessThanOrEqual(6);
    // Golden fingerprint of the 107 x 1280 features (wasm gives 0.097805, cpu agrees to 1e-6).
    expect(sum / (107 * 1280)).toBeCloseTo(0.097805, 4);
    expect(max).toBeCloseTo(4.9156, 3);
  });

  it('is deterministic: a fresh extractor, and a different order, give bit-identical vectors', async () => {
    const subset = files.filter((_, i) => i % 9 === 0);
    const again = createExtractor();
    try {
      const reversed = await again.extract([...subset].reverse(), ctx);
      reversed.reverse();
      subset.forEach((name, i) => expect(sameBits(reversed[i], vectors[files.indexOf(name)])).toBe(true));
    } finally {
      await again.close?.();
    }
  });

  it('is deterministic across processes: another Node process computes the same bits', async () => {
    const sample = files.slice(0, 3).map((name) => path.join(imagesDir, name));
    const script = path.join(scratch, 'fingerprint.mts');
    const extractorModule = fileURLToPath(new URL('../../src/image-features/tfjs.ts', import.meta.url));
    const contextModule = fileURLToPath(new URL('../../src/types/context.ts', import.meta.url));
    await writeFile(
      script,
      [
        `import { createHash } from 'node:crypto';`,
        `import { createTfjsExtractor } from ${JSON.stringify(extractorModule)};`,
        `import { createContext } from ${JSON.stringify(contextModule)};`,
        `const extractor = createTfjsExtractor({ baseDir: '/', settings: {} });`,
        `const vectors = await extractor.extract(${JSON.stringify(sample)}, createContext());`,
        `const hash = createHash('sha256');`,
        `for (const v of vectors) hash.update(Buffer.from(v.buffer, v.byteOffset, v.byteLength));`,
        `const listeners = process.listeners('uncaughtException').length + process.listeners('unhandledRejection').length;`,
        `console.log(JSON.stringify({ hash: hash.digest('hex'), listeners }));`,
      ].join('\n'),
    );
    const { stdout } = await execFileAsync(process.execPath, ['--import', 'tsx', script], { cwd: repoRoot });
    const hash = createHash('sha256');
    for (const v of vectors.slice(0, 3)) hash.update(Buffer.from(v.buffer, v.byteOffset, v.byteLength));
    const child = JSON.parse(stdout) as { hash: string; listeners: number };
    expect(child.hash).toBe(hash.digest('hex'));
    // The wasm module's rethrowing process listeners were removed again (Node's own handling).
    expect(child.listeners).toBe(0);
  });

  it('puts a resized, recompressed copy of an image much closer than unrelated images', async () => {
    const originals = files.filter((_, i) => i % 13 === 5);
    const copies: string[] = [];
    for (const name of originals) {
      const source = path.join(imagesDir, name);
      const { width = 0 } = await sharp(source).metadata();
      const copy = path.join(scratch, `copy-${name}`);
      await sharp(source).resize({ width: Math.round(width * 0.9) }).jpeg({ quality: 75 }).toFile(copy);
      copies.push(copy);
    }
    const copyVectors = await extractor.extract(copies, ctx);
    originals.forEach((name, i) => {
      const index = files.indexOf(name);
      const toCopy = cosine(vectors[index], copyVectors[i]);
      const toOthers = vectors.filter((_, j) => j !== index).map((other) => cosine(vectors[index], other));
      toOthers.sort((a, b) => a - b);
      const median = toOthers[Math.floor(toOthers.length / 2)];
      // Unrelated images sit around cosine 0.25-0.6 here; the copy stays close to the original.
      expect(toCopy, name).toBeGreaterThan(0.85);
      expect(1 - toCopy, name).toBeLessThan((1 - median) / 3);
    });
  });

  it('lays a transparent image on white: a PNG with alpha matches its flattened copy', async () => {
    const source = path.join(imagesDir, files[40]);
    const { data: rgb, info } = await sharp(source).toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
    const { width, height } = info;
    // A fully transparent 20-pixel border: flattening must turn it white (not black).
    const rgba = Buffer.alloc(width * height * 4);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const pixel = y * width + x;
        rgb.copy(rgba, pixel * 4, pixel * 3, pixel * 3 + 3);
        const inside = x >= 20 && y >= 20 && x < width - 20 && y < height - 20;
        rgba[pixel * 4 + 3] = inside ? 255 : 0;
      }
    }
    const transparent = path.join(scratch, 'alpha.png');
    await sharp(rgba, { raw: { width, height, channels: 4 } }).png().toFile(transparent);
    const onWhite = path.join(scratch, 'on-white.png');
    await sharp(transparent).flatten({ background: '#ffffff' }).png().toFile(onWhite);
    const [alphaVector, whiteVector] = await extractor.extract([transparent, onWhite], ctx);
    expect(sameBits(alphaVector, whiteVector)).toBe(true);
  });

  it('rejects a corrupt or truncated image with a message naming the file', async () => {
    const garbage = path.join(scratch, 'not-an-image.jpg');
    await writeFile(garbage, 'this is not a JPEG');
    await expect(extractor.extract([files[0], garbage], ctx)).rejects.toThrow(`cannot read image ${garbage}`);
    const whole = await readFile(path.join(imagesDir, files[60]));
    const truncated = path.join(scratch, 'truncated.jpg');
    await writeFile(truncated, whole.subarray(0, Math.floor(whole.length / 2)));
    await expect(extractor.extract([truncated], ctx)).rejects.toThrow(`cannot read image ${truncated}`);
    const missing = path.join(scratch, 'missing.jpg');
    await expect(extractor.extract([missing], ctx)).rejects.toThrow(`cannot read image ${missing}`);
  });

  it('stops between images when the run is aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stopped by the user'));
    await expect(extractor.extract(files.slice(0, 3), createContext({ signal: controller.signal }))).rejects.toThrow(
      'stopped by the user',
    );
  });

  it('agrees with the pure-JS cpu backend to within float rounding', async () => {
    const cpu = createExtractor({ backend: 'cpu' });
    try {
      expect(cpu.signature.params.backend).toBe('cpu');
      const sample = [files[3], files[70]];
      const cpuVectors = await cpu.extract(sample, ctx);
      sample.forEach((name, i) => {
        const wasmVector = vectors[files.indexOf(name)];
        let worst = 0;
        for (let k = 0; k < wasmVector.length; k++) worst = Math.max(worst, Math.abs(wasmVector[k] - cpuVectors[i][k]));
        expect(worst).toBeLessThan(1e-4);
      });
    } finally {
      await cpu.close?.();
    }
  });
});

describe('tfjs image extractor settings', () => {
  it('pools any named layer globally, e.g. the last ImageNet-only block (96 dims)', async () => {
    const extractor = createExtractor({ layer: bundledCnnModels['mobilenet-v2'].lastImageNetLayer });
    try {
      const [vector] = await extractor.extract(['nasa-earthrise.jpg'], ctx);
      expect(vector).toHaveLength(96);
      expect(extractor.signature.params.layer).toBe('block_10_project_BN');
    } finally {
      await extractor.close?.();
    }
  });

  it('runs InceptionV3 at 299 pixels and reads its 2048-dimensional pool', async () => {
    const extractor = createExtractor({ model: 'inception-v3' });
    try {
      expect(extractor.signature.params).toMatchObject({ layer: 'average_pooling2d_10', inputSize: 299 });
      const [vector] = await extractor.extract(['nasa-earthrise.jpg'], ctx);
      expect(vector).toHaveLength(2048);
      expect(vector.every((value) => Number.isFinite(value) && value >= 0)).toBe(true);
      expect(vector.some((value) => value > 0)).toBe(true);
    } finally {
      await extractor.close?.();
    }
  });

  it('names the choices when a model, layer or backend is unknown', async () => {
    expect(() => createExtractor({ model: 'vgg16' })).toThrow(/setting 'model' must be one of mobilenet-v2, inception-v3, got "vgg16"/);
    expect(() => createExtractor({ backend: 'webgl' })).toThrow(/setting 'backend' must be one of wasm, cpu, got "webgl"/);
    const extractor = createExtractor({ layer: 'no_such_layer' });
    await expect(extractor.extract(['nasa-earthrise.jpg'], ctx)).rejects.toThrow(/has no layer 'no_such_layer'/);
  });
});

describe('nsfwjs bundled models', () => {
  const { modelsDir } = locateNsfwjs();

  interface KerasLayer {
    readonly name: string;
    readonly config: { readonly trainable?: boolean };
    readonly inbound_nodes: ReadonlyArray<ReadonlyArray<readonly [string, ...unknown[]]>>;
  }

  for (const model of Object.values(bundledCnnModels)) {
    it(`${model.id}: the pooled layer exists and '${model.lastImageNetLayer}' has no fine-tuned layer upstream`, () => {
      const artifacts = readBundledModel(modelsDir, model.directory);
      const topology = artifacts.modelTopology as { model_config: { config: { layers: KerasLayer[] } } };
      const layers = new Map(topology.model_config.config.layers.map((layer) => [layer.name, layer]));
      expect(layers.get(model.featureLayer)?.inbound_nodes).toBeDefined();
      const upstream = new Set<string>();
      const pending = [model.lastImageNetLayer];
      while (pending.length > 0) {
        const name = pending.pop()!;
        if (upstream.has(name)) continue;
        upstream.add(name);
        for (const node of layers.get(name)!.inbound_nodes) for (const [input] of node) pending.push(input);
      }
      const fineTuned = [...upstream].filter((name) => layers.get(name)!.config.trainable === true);
      expect(fineTuned).toEqual([]);
      // ...while the pooled layer is downstream of fine-tuned blocks, as docs/cnn-baseline.md says.
      expect([...layers.values()].some((layer) => layer.config.trainable === true)).toBe(true);
    });
  }
});
