import path from 'node:path';
import type { Tensor } from '@tensorflow/tfjs-core';
import type { LayersModel, SymbolicTensor } from '@tensorflow/tfjs-layers';
import type { StageContext } from '../types/context.js';
import { readSettings, setting, settingsSchema } from '../util/settings.js';
import { tfjsBackends, tfjsVersion, useTfjsBackend, type TfjsBackend } from './tfjs/backend.js';
import { bundledModelHandler, locateNsfwjs, readBundledModel } from './tfjs/bundle.js';
import { bundledCnnModel, bundledCnnModels, defaultCnnModel, type BundledCnnModel } from './tfjs/models.js';
import { preprocessing, readImageInput } from './tfjs/preprocess.js';
import type { ImageFeatureExtractor, ImageFeatureOptions, ImageFeatureSignature } from './types.js';

/**
 * Settings of the `tfjs` extractor (all optional).
 * - `model`: 'mobilenet-v2' (default, 1280 dims, fast) or 'inception-v3' (2048 dims, ~6x slower).
 * - `layer`: which layer's output becomes the vector; default the penultimate global average
 *   pool. Any layer name of the Keras topology works; a feature map is averaged over height and
 *   width. The model's `lastImageNetLayer` (docs/cnn-baseline.md) gives features untouched by
 *   the NSFW fine-tuning.
 * - `backend`: 'wasm' (default) or 'cpu'. They agree to about 1e-6, not bit for bit, so the
 *   backend is part of the signature.
 */
export interface TfjsExtractorSettings {
  readonly model?: string;
  readonly layer?: string;
  readonly backend?: TfjsBackend;
}

/** What inference needs once the model is loaded. */
interface FeatureRuntime {
  readonly network: LayersModel;
  readonly featureModel: LayersModel;
}

export const TFJS_SETTINGS = settingsSchema({
  model: setting.choice(Object.keys(bundledCnnModels) as [string, ...string[]]),
  layer: setting.string(),
  backend: setting.choice(tfjsBackends),
});

/** The weights ship in the nsfwjs package: it must be installed (nothing is loaded). */
export async function probeTfjs(): Promise<string[]> {
  try {
    locateNsfwjs();
    return [];
  } catch (error) {
    return [`image feature extractor 'tfjs': ${(error as Error).message}`];
  }
}

/** Checks the settings and fills in the defaults; an unknown model or backend names the choices. */
export function parseTfjsSettings(settings: Readonly<Record<string, unknown>>): Required<TfjsExtractorSettings> {
  const values = readSettings("image feature extractor 'tfjs'", TFJS_SETTINGS, settings);
  const model = bundledCnnModel(values.model ?? defaultCnnModel);
  return { model: model.id, layer: values.layer ?? model.featureLayer, backend: values.backend ?? 'wasm' };
}

/**
 * The CNN baseline's pixel features from a network whose weights ship inside the nsfwjs npm
 * package, run by TensorFlow.js on a backend that installs offline. Same files and settings
 * give bit-identical vectors: inference is single-threaded, one image at a time.
 */
export class TfjsImageFeatureExtractor implements ImageFeatureExtractor {
  readonly name = 'tfjs';
  /** Images per call; the extractor itself runs them one at a time (batching gains nothing on wasm). */
  readonly batchSize = 32;
  readonly signature: ImageFeatureSignature;
  readonly model: BundledCnnModel;
  readonly layer: string;
  readonly backend: TfjsBackend;
  private readonly baseDir: string;
  private readonly modelsDir: string;
  private runtime: Promise<FeatureRuntime> | undefined;

  constructor(options: ImageFeatureOptions) {
    this.baseDir = options.baseDir;
    const settings = parseTfjsSettings(options.settings);
    this.model = bundledCnnModel(settings.model);
    this.layer = settings.layer;
    this.backend = settings.backend;
    const nsfwjs = locateNsfwjs();
    this.modelsDir = nsfwjs.modelsDir;
    this.signature = {
      extractor: this.name,
      model: `nsfwjs@${nsfwjs.version}/${this.model.directory}`,
      params: {
        architecture: this.model.architecture,
        weights: 'ImageNet-initialised, upper blocks fine-tuned for NSFW classification, uint8-quantised',
        layer: this.layer,
        pooling: 'global average of the layer output over height and width',
        inputSize: this.model.inputSize,
        ...preprocessing,
        backend: this.backend,
        runtime: `@tensorflow/tfjs-core ${tfjsVersion()}`,
      },
    };
  }

  async extract(paths: readonly string[], ctx: StageContext): Promise<Float32Array[]> {
    ctx.signal.throwIfAborted();
    if (paths.length === 0) return [];
    const runtime = await this.load(ctx);
    const files = paths.map((file) => path.resolve(this.baseDir, file));
    const size = this.model.inputSize;
    const vectors: Float32Array[] = [];
    // Decode the next image on sharp's thread pool while the network runs on this thread.
    let next: Promise<Float32Array> | undefined = this.prefetch(files[0], size);
    for (let i = 0; i < files.length; i++) {
      ctx.signal.throwIfAborted();
      const input = await next!;
      next = i + 1 < files.length ? this.prefetch(files[i + 1], size) : undefined;
      vectors.push(await this.infer(runtime, input));
    }
    return vectors;
  }

  async close(): Promise<void> {
    const runtime = this.runtime;
    this.runtime = undefined;
    if (!runtime) return;
    const loaded = await runtime.catch(() => undefined);
    // The feature model only views the network's layers: disposing the network frees every
    // weight (disposing both would dispose the shared layers twice and throw).
    loaded?.network.dispose();
  }

  private prefetch(file: string, size: number): Promise<Float32Array> {
    const pending = readImageInput(file, size);
    // Awaited in turn; this keeps an abort between two images from leaving it unhandled.
    pending.catch(() => undefined);
    return pending;
  }

  private load(ctx: StageContext): Promise<FeatureRuntime> {
    this.runtime ??= this.loadRuntime(ctx);
    return this.runtime;
  }

  private async loadRuntime(ctx: StageContext): Promise<FeatureRuntime> {
    const started = Date.now();
    const tfjs = await useTfjsBackend(this.backend);
    const artifacts = readBundledModel(this.modelsDir, this.model.directory);
    const network = await tfjs.layers.loadLayersModel(bundledModelHandler(artifacts));
    let output: SymbolicTensor;
    try {
      output = network.getLayer(this.layer).output as SymbolicTensor;
    } catch {
      network.dispose();
      throw new Error(
        `tfjs image extractor: model '${this.model.id}' has no layer '${this.layer}' ` +
          `(default '${this.model.featureLayer}', ImageNet-only '${this.model.lastImageNetLayer}')`,
      );
    }
    const featureModel = tfjs.layers.model({ inputs: network.inputs, outputs: output });
    ctx.logger.debug(
      `tfjs: ${this.signature.model} layer ${this.layer} on ${this.backend} loaded in ${Date.now() - started} ms`,
    );
    return { network, featureModel };
  }

  private async infer(runtime: FeatureRuntime, input: Float32Array): Promise<Float32Array> {
    const { core } = await useTfjsBackend(this.backend);
    const size = this.model.inputSize;
    const vector = core.tidy(() => {
      const batch = core.tensor4d(input, [1, size, size, 3]);
      let features = runtime.featureModel.predict(batch) as Tensor;
      if (features.rank === 4) features = core.mean(features, [1, 2]);
      return core.reshape(features, [-1]);
    });
    try {
      return new Float32Array((await vector.data()) as Float32Array);
    } finally {
      vector.dispose();
    }
  }
}

export function createTfjsExtractor(options: ImageFeatureOptions): ImageFeatureExtractor {
  return new TfjsImageFeatureExtractor(options);
}
