import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, readSync } from 'node:fs';
import { resolve } from 'node:path';
import type { InferenceSession, Tensor } from 'onnxruntime-node';
import type { StageContext } from '../types/context.js';
import { LazyModel, mapInBatches } from '../models/lazy-model.js';
import { readSettings, setting, settingsSchema, z } from '../util/settings.js';
import { readGraphSummary, resolveLayer, withExtraOutputs, type OnnxGraphSummary } from './onnx-graph.js';
import { preprocessImage, preprocessingFrom, PREPROCESSING_SETTINGS, type ImagePreprocessing, type TensorLayout } from './preprocess.js';
import type {
  ImageFeatureExtractor,
  ImageFeatureExtractorFactory,
  ImageFeatureSignature,
} from './types.js';

const WHERE = "image feature extractor 'onnx'";

/**
 * Any ONNX image model run directly with ONNX Runtime, its features read from a layer chosen
 * by name (e.g. VGG16's fc1 or fc2, as Zhang & Peng 2022 cluster on).
 *
 * Settings: model (path to the .onnx file; required), layer (a graph output, inner value or
 * node name; default the model's first output), input (when the model has several), batchSize,
 * threads, and the preprocessing settings of ./preprocess.ts (preprocess, resizeShorter,
 * cropSize, scale, mean, std, channelOrder, layout, kernel).
 */
export const ONNX_SETTINGS = settingsSchema({
  model: setting.string(),
  layer: setting.string(),
  input: setting.string(),
  batchSize: setting.integer({ min: 1 }),
  threads: setting.integer({ min: 1 }),
  ...PREPROCESSING_SETTINGS,
});

export const createOnnxImageFeatureExtractor: ImageFeatureExtractorFactory = (options) => {
  const values = readSettings(WHERE, ONNX_SETTINGS, options.settings);
  const modelPath = onnxModelPath(values, options.baseDir);
  const { preprocessing, layoutAuto } = preprocessingFrom(values, WHERE);
  const { layer, input, threads } = values;
  const batchSize = values.batchSize ?? 16;
  const signature: ImageFeatureSignature = {
    extractor: 'onnx',
    model: modelPath,
    params: {
      // The file's content, not its path, decides the features.
      sha256: sha256File(modelPath),
      layer: layer ?? null,
      preprocessing: { ...preprocessing, layout: layoutAuto ? 'auto' : preprocessing.layout },
    },
  };
  return new OnnxImageFeatureExtractor(signature, modelPath, { layer, input, threads, preprocessing, layoutAuto }, batchSize);
};

interface OnnxSettings {
  readonly layer?: string;
  readonly input?: string;
  readonly threads?: number;
  readonly preprocessing: ImagePreprocessing;
  readonly layoutAuto: boolean;
}

/** A loaded model: the session and how to feed it. */
interface Loaded {
  readonly session: InferenceSession;
  readonly ort: typeof import('onnxruntime-node');
  readonly input: string;
  readonly output: string;
  readonly preprocessing: ImagePreprocessing;
  /** Largest batch the model accepts (1 for a model exported with a fixed batch of 1). */
  readonly maxBatch: number;
}

class OnnxImageFeatureExtractor implements ImageFeatureExtractor {
  readonly name = 'onnx';
  private readonly model = new LazyModel<Loaded>(
    () => this.open(),
    (loaded) => loaded.session.release(),
  );

  constructor(
    readonly signature: ImageFeatureSignature,
    private readonly modelPath: string,
    private readonly settings: OnnxSettings,
    readonly batchSize: number,
  ) {}

  async extract(paths: readonly string[], ctx: StageContext): Promise<Float32Array[]> {
    if (paths.length === 0) return [];
    const model = await this.model.get(ctx);
    return mapInBatches(paths, Math.min(this.batchSize, model.maxBatch), ctx.signal, (batch) => this.run(model, batch));
  }

  close(): Promise<void> {
    return this.model.close();
  }

  private async open(): Promise<Loaded> {
    const ort = await import('onnxruntime-node');
    const sessionOptions: InferenceSession.SessionOptions = {
      executionProviders: ['cpu'],
      ...(this.settings.threads === undefined ? {} : { intraOpNumThreads: this.settings.threads }),
    };
    const { session, output } = await this.createSession(ort, sessionOptions);
    const input = this.chooseInput(session);
    const shape = tensorShape(session, input);
    const preprocessing = this.fitToInput(shape);
    const batchDimension = shape?.[0];
    return { session, ort, input, output, preprocessing, maxBatch: typeof batchDimension === 'number' && batchDimension > 0 ? batchDimension : Infinity };
  }

  /** Opens the file as is when the layer is already an output; otherwise exposes the layer first. */
  private async createSession(
    ort: typeof import('onnxruntime-node'),
    options: InferenceSession.SessionOptions,
  ): Promise<{ session: InferenceSession; output: string }> {
    const failure = (error: unknown) =>
      new Error(`${WHERE}: ONNX Runtime cannot load ${this.modelPath}: ${(error as Error).message}`, { cause: error });
    const layer = this.settings.layer;
    if (layer === undefined) {
      const session = await ort.InferenceSession.create(this.modelPath, options).catch((e) => Promise.reject(failure(e)));
      return { session, output: session.outputNames[0] };
    }
    const bytes = readFileSync(this.modelPath);
    let summary: OnnxGraphSummary;
    try {
      summary = readGraphSummary(bytes);
    } catch (error) {
      throw failure(error);
    }
    const value = resolveLayer(summary, layer);
    if (value === undefined) throw new Error(unknownLayerMessage(this.modelPath, layer, summary));
    const model = summary.outputs.includes(value) ? bytes : withExtraOutputs(bytes, [value]);
    const session = await ort.InferenceSession.create(model, options).catch((e) => Promise.reject(failure(e)));
    return { session, output: value };
  }

  private chooseInput(session: InferenceSession): string {
    const wanted = this.settings.input;
    if (wanted !== undefined) {
      if (!session.inputNames.includes(wanted)) {
        throw new Error(`${WHERE}: ${this.modelPath} has no input '${wanted}'; its inputs are ${session.inputNames.join(', ')}`);
      }
      return wanted;
    }
    if (session.inputNames.length !== 1) {
      throw new Error(
        `${WHERE}: ${this.modelPath} has ${session.inputNames.length} inputs (${session.inputNames.join(', ')}); ` +
          "set 'input' to the one that takes the image",
      );
    }
    return session.inputNames[0];
  }

  /** Decides an 'auto' layout from the declared shape and checks a fixed input size against cropSize. */
  private fitToInput(shape: ReadonlyArray<number | string> | undefined): ImagePreprocessing {
    let { preprocessing } = this.settings;
    if (shape?.length !== 4) return preprocessing;
    if (this.settings.layoutAuto) {
      const layout: TensorLayout | undefined = shape[1] === 3 ? 'nchw' : shape[3] === 3 ? 'nhwc' : undefined;
      if (layout) preprocessing = { ...preprocessing, layout };
    }
    const [height, width] = preprocessing.layout === 'nchw' ? [shape[2], shape[3]] : [shape[1], shape[2]];
    for (const side of [height, width]) {
      if (typeof side === 'number' && side !== preprocessing.cropSize) {
        throw new Error(
          `${WHERE}: ${this.modelPath} takes ${height}×${width} images but cropSize is ${preprocessing.cropSize}; ` +
            `set cropSize: ${side} (and resizeShorter to match, e.g. ${Math.round((side * 256) / 224)})`,
        );
      }
    }
    return preprocessing;
  }

  private async run(model: Loaded, paths: readonly string[]): Promise<Float32Array[]> {
    const images = await Promise.all(paths.map((path) => preprocessImage(path, model.preprocessing)));
    const size = model.preprocessing.cropSize;
    const batch = new Float32Array(images.length * images[0].length);
    images.forEach((image, i) => batch.set(image, i * image.length));
    const dims = model.preprocessing.layout === 'nchw' ? [images.length, 3, size, size] : [images.length, size, size, 3];
    const results = await model.session.run({ [model.input]: new model.ort.Tensor('float32', batch, dims) }, [model.output]);
    return splitRows(results[model.output], images.length, model.output);
  }
}

/** The .onnx file must exist (checked without reading or hashing it). */
export async function probeOnnx(settings: Readonly<Record<string, unknown>>, context: { baseDir: string }): Promise<string[]> {
  try {
    onnxModelPath(readSettings(WHERE, ONNX_SETTINGS, settings), context.baseDir);
    return [];
  } catch (error) {
    return [(error as Error).message];
  }
}

/** The .onnx file the settings name, which must exist (the pre-flight check asks the same). */
export function onnxModelPath(values: Pick<z.output<typeof ONNX_SETTINGS>, 'model'>, baseDir: string): string {
  const given = values.model;
  if (!given) throw new Error(`${WHERE}: setting 'model' is required (the path of an .onnx file, e.g. onnx:/path/model.onnx)`);
  const path = resolve(baseDir, given);
  if (!existsSync(path)) throw new Error(`${WHERE}: ONNX model file ${path} does not exist`);
  return path;
}

/** Read in 8 MiB chunks, so hashing a 500 MB model does not hold it in memory. */
function sha256File(path: string): string {
  const hash = createHash('sha256');
  const chunk = Buffer.alloc(8 * 2 ** 20);
  const fd = openSync(path, 'r');
  try {
    for (let read = readSync(fd, chunk); read > 0; read = readSync(fd, chunk)) hash.update(chunk.subarray(0, read));
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

function tensorShape(session: InferenceSession, name: string): ReadonlyArray<number | string> | undefined {
  const meta = session.inputMetadata.find((m) => m.name === name);
  return meta && meta.isTensor ? meta.shape : undefined;
}

/** One flat vector per image from an output shaped [batch, ...]. */
function splitRows(tensor: Tensor, count: number, name: string): Float32Array[] {
  if (tensor.type !== 'float32') throw new Error(`${WHERE}: layer '${name}' is ${tensor.type}, not float32`);
  if (tensor.dims[0] !== count) {
    throw new Error(`${WHERE}: layer '${name}' has shape [${tensor.dims.join(', ')}], not one row per image`);
  }
  const data = tensor.data as Float32Array;
  const width = data.length / count;
  return Array.from({ length: count }, (_, i) => data.slice(i * width, (i + 1) * width));
}

function unknownLayerMessage(path: string, layer: string, summary: OnnxGraphSummary): string {
  const needle = layer.toLowerCase();
  const similar = summary.nodes.filter((node) => node.name.toLowerCase().includes(needle) || node.outputs.some((o) => o.toLowerCase().includes(needle)));
  const shown = (similar.length > 0 ? similar : summary.nodes.slice(-12)).slice(0, 12);
  const list = shown.map((node) => `${node.name || '(unnamed)'} [${node.opType}] → ${node.outputs.join(', ')}`).join('; ');
  return (
    `${WHERE}: ${path} has no layer '${layer}' (no output, inner value or node of that name). ` +
    `${similar.length > 0 ? 'Similar' : 'Last'} nodes: ${list}. Graph outputs: ${summary.outputs.join(', ')}.`
  );
}
