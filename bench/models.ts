/**
 * In-process model plumbing, measured beside transformers.js / onnx-proto doing the same job
 * in the same process. Real model weights cannot be downloaded where this was written, so the
 * models are the hand-built test models: these rows measure connote's own work around the
 * model (tokenising, pooling, preprocessing, reading graphs), not a network's inference speed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import onnxProto from 'onnx-proto';
import sharp from 'sharp';
import { createContext } from '../src/types/context.js';
import { embedders } from '../src/embed/index.js';
import { readGraphSummary } from '../src/image-features/onnx-graph.js';
import { IMAGENET_PREPROCESSING, preprocessImage } from '../src/image-features/preprocess.js';
import { createRandom } from '../src/util/random.js';
import { OnnxGraphBuilder } from '../test/support/onnx/graph-builder.js';
import { TINY_BERT_VOCAB, writeTinyBert } from '../test/support/onnx/tiny-bert.js';
import { measure, ratio, report, seconds } from './harness.js';

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'connote-bench-models-'));
  try {
    await embedding(dir);
    await preprocessing(dir);
    await graphSummary();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** 2,048 texts of 20–200 words: connote's tokenise → pad → pool path vs the pipeline's own pooling. */
async function embedding(dir: string): Promise<void> {
  writeTinyBert(join(dir, 'models', 'bench', 'tiny-bert'));
  const random = createRandom(7);
  const words = TINY_BERT_VOCAB.slice(5).filter((w) => !w.startsWith('#'));
  const texts = Array.from({ length: 2048 }, () =>
    Array.from({ length: 20 + random.int(180) }, () => words[random.int(words.length)]).join(' '),
  );
  const settings = { model: 'bench/tiny-bert', localModelPath: join(dir, 'models'), cacheDir: join(dir, 'cache'), offline: true, maxTokens: 512 };
  const embedder = embedders.get('transformers').create({ baseDir: dir, settings });
  const ctx = createContext();
  await embedder.embed(texts.slice(0, 2), ctx); // load outside the timing
  const { env, pipeline } = await import('@huggingface/transformers');
  env.localModelPath = join(dir, 'models');
  const extractor = await pipeline('feature-extraction', 'bench/tiny-bert', { dtype: 'fp32', device: 'cpu' });

  const ours = await measure(() => embedder.embed(texts, ctx));
  const peer = await measure(async () => {
    const out: Float32Array[] = [];
    for (let start = 0; start < texts.length; start += 32) {
      const tensor = await extractor(texts.slice(start, start + 32), { pooling: 'mean', normalize: true });
      const [rows, hidden] = tensor.dims;
      const data = tensor.data as Float32Array;
      for (let r = 0; r < rows; r++) out.push(data.slice(r * hidden, (r + 1) * hidden));
    }
    return out;
  });
  let maxDifference = 0;
  ours.result.forEach((vector, i) => vector.forEach((v, h) => (maxDifference = Math.max(maxDifference, Math.abs(v - peer.result[i][h])))));
  report({
    id: 'embed-tiny-bert-2048',
    benchmark: 'embed 2048 texts (tiny BERT, batch 32)',
    ours: seconds(ours.seconds),
    peer: { kind: 'library', name: "transformers.js's own feature-extraction pipeline", figure: seconds(peer.seconds) },
    ratio: ratio(ours.seconds, peer.seconds),
    notes: `max |difference| ${maxDifference.toExponential(1)}`,
  });
  await embedder.close?.();
  await extractor.dispose();
}

/** 48 photos-sized images (640×480) to ImageNet tensors: sharp pipeline vs transformers.js's image processor. */
async function preprocessing(dir: string): Promise<void> {
  const random = createRandom(11);
  const paths: string[] = [];
  for (let i = 0; i < 48; i++) {
    const pixels = Buffer.alloc(640 * 480 * 3);
    for (let p = 0; p < pixels.length; p++) pixels[p] = random.int(256);
    const path = join(dir, `image-${i}.jpg`);
    await sharp(pixels, { raw: { width: 640, height: 480, channels: 3 } }).jpeg({ quality: 90 }).toFile(path);
    paths.push(path);
  }
  const { RawImage, ViTImageProcessor } = await import('@huggingface/transformers');
  const processor = new ViTImageProcessor({
    do_resize: true,
    size: { shortest_edge: 256 },
    resample: 2,
    do_center_crop: true,
    crop_size: { width: 224, height: 224 },
    do_rescale: true,
    rescale_factor: 1 / 255,
    do_normalize: true,
    image_mean: [...IMAGENET_PREPROCESSING.mean],
    image_std: [...IMAGENET_PREPROCESSING.std],
  } as never);
  const ours = await measure(() => Promise.all(paths.map((path) => preprocessImage(path, IMAGENET_PREPROCESSING))));
  const peer = await measure(async () => {
    const images = await Promise.all(paths.map((path) => RawImage.read(path)));
    return (await processor(images)).pixel_values;
  });
  report({
    id: 'preprocess-48-images',
    benchmark: 'preprocess 48 images 640×480 → 3×224×224',
    ours: seconds(ours.seconds),
    peer: { kind: 'library', name: "transformers.js's ViTImageProcessor", figure: seconds(peer.seconds) },
    ratio: ratio(ours.seconds, peer.seconds),
    notes: `rss +${ours.rssDeltaMiB.toFixed(0)} MiB vs +${peer.rssDeltaMiB.toFixed(0)} MiB`,
  });
}

/**
 * Listing the layers of a model with 256 MiB of weights (50 times): skip-reading vs a full
 * protobuf decode. protobufjs keeps bytes fields as views, so it is not slower; the reader exists
 * so that onnx-proto/protobufjs need not become runtime dependencies.
 */
async function graphSummary(): Promise<void> {
  const weights = new Float32Array(64 * 2 ** 20);
  const builder = new OnnxGraphBuilder('big')
    .input('x', 'float32', [1, 8192])
    .output('y', 'float32', [1, 8192]);
  const bytes = withRawWeights(builder, weights);
  const repeat = <T>(fn: () => T) => () => Array.from({ length: 50 }, fn).at(-1);
  const ours = await measure(repeat(() => readGraphSummary(bytes)));
  const peer = await measure(repeat(() => onnxProto.onnx.ModelProto.decode(bytes)));
  report({
    id: 'onnx-graph-summary',
    benchmark: 'list layers of a 256 MiB ONNX file ×50',
    ours: seconds(ours.seconds),
    peer: { kind: 'library', name: 'onnx-proto decode', figure: seconds(peer.seconds) },
    ratio: ratio(ours.seconds, peer.seconds),
    notes: `peak heap ${ours.peakHeapMiB.toFixed(0)} vs ${peer.peakHeapMiB.toFixed(0)} MiB`,
  });
}

/** A MatMul with one large initializer stored as raw bytes, as exporters write weights. */
function withRawWeights(builder: OnnxGraphBuilder, weights: Float32Array): Uint8Array {
  const { onnx } = onnxProto;
  builder.node('MatMul', ['x', 'w'], { name: 'fc', output: 'y' });
  const model = onnx.ModelProto.decode(builder.toBytes());
  model.graph!.initializer = [
    new onnx.TensorProto({
      name: 'w',
      dims: [8192, weights.length / 8192],
      dataType: onnx.TensorProto.DataType.FLOAT,
      rawData: new Uint8Array(weights.buffer),
    }),
  ];
  return onnx.ModelProto.encode(model).finish();
}
