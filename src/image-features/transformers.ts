import type { ImageFeatureExtractionPipeline, RawImage, Tensor } from '@huggingface/transformers';
import type { StageContext } from '../types/context.js';
import { LazyModel, loadWithTransformers, mapInBatches, modelIdentity, modelSource, MODEL_SOURCE_SETTINGS, probeModel } from '../models/index.js';
import { readSettings, setting, settingsSchema } from '../util/settings.js';
import type { ModelSource } from '../models/index.js';
import type { ImageFeatureExtractor, ImageFeatureExtractorFactory, ImageFeatureSignature } from './types.js';

const WHERE = "image feature extractor 'transformers'";

/**
 * The model used when none is given: CLIP ViT-B/32's vision tower with its projection, the
 * example transformers.js documents for `image-feature-extraction` (one 512-d vector per image).
 * Any other image model with an ONNX export works through the `model` setting (ResNet-50,
 * ViT, DINOv2, …).
 */
export const DEFAULT_IMAGE_FEATURE_MODEL = 'Xenova/clip-vit-base-patch32';

/** Outputs tried, in order, by output 'auto': a projection, then a pooled vector, then raw states. */
const AUTO_OUTPUTS = ['image_embeds', 'pooler_output', 'last_hidden_state', 'logits'] as const;
const TOKEN_POOLINGS = ['cls', 'mean'] as const;
type TokenPooling = (typeof TOKEN_POOLINGS)[number];

/**
 * transformers.js `image-feature-extraction` models, the model's own processor doing the resizing
 * and normalisation. Settings: model, revision, dtype, offline, cacheDir, localModelPath,
 * threads (src/models/source.ts), output ('auto' or an output name), tokenPooling (cls | mean,
 * for [batch, tokens, hidden] outputs), batchSize.
 */
export const TRANSFORMERS_IMAGE_SETTINGS = settingsSchema({
  ...MODEL_SOURCE_SETTINGS,
  output: setting.string(),
  tokenPooling: setting.choice(TOKEN_POOLINGS),
  batchSize: setting.integer({ min: 1 }),
});

/** Whether the model could be loaded (cache or Hub), without loading it. */
export async function probeTransformersImageFeatures(settings: Readonly<Record<string, unknown>>, context: { baseDir: string }): Promise<string[]> {
  const source = modelSource(readSettings(WHERE, TRANSFORMERS_IMAGE_SETTINGS, settings), context.baseDir, WHERE, { model: DEFAULT_IMAGE_FEATURE_MODEL, dtype: 'fp32' });
  const problem = await probeModel(source, 'image-feature-extraction', 'image feature model');
  return problem ? [`${WHERE}: ${problem}`] : [];
}

export const createTransformersImageFeatureExtractor: ImageFeatureExtractorFactory = (options) => {
  const values = readSettings(WHERE, TRANSFORMERS_IMAGE_SETTINGS, options.settings);
  const source = modelSource(values, options.baseDir, WHERE, { model: DEFAULT_IMAGE_FEATURE_MODEL, dtype: 'fp32' });
  const output = values.output ?? 'auto';
  const tokenPooling = values.tokenPooling ?? 'cls';
  const batchSize = values.batchSize ?? 8;
  const signature: ImageFeatureSignature = {
    extractor: 'transformers',
    model: source.model,
    params: { ...modelIdentity(source), dtype: source.dtype, output, tokenPooling },
  };
  return new TransformersImageFeatureExtractor(signature, source, output, tokenPooling, batchSize);
};

class TransformersImageFeatureExtractor implements ImageFeatureExtractor {
  readonly name = 'transformers';
  private readonly extractor: LazyModel<ImageFeatureExtractionPipeline>;

  constructor(
    readonly signature: ImageFeatureSignature,
    private readonly source: ModelSource,
    private readonly output: string,
    private readonly tokenPooling: TokenPooling,
    readonly batchSize: number,
  ) {
    this.extractor = new LazyModel(
      (ctx) =>
        loadWithTransformers(source, 'image feature model', ctx, async (transformers, options) =>
          (await transformers.pipeline('image-feature-extraction', source.model, options)) as ImageFeatureExtractionPipeline,
        ),
      (extractor) => extractor.dispose(),
    );
  }

  async extract(paths: readonly string[], ctx: StageContext): Promise<Float32Array[]> {
    if (paths.length === 0) return [];
    const extractor = await this.extractor.get(ctx);
    return mapInBatches(paths, this.batchSize, ctx.signal, (batch) => this.extractBatch(extractor, batch));
  }

  close(): Promise<void> {
    return this.extractor.close();
  }

  private async extractBatch(extractor: ImageFeatureExtractionPipeline, paths: readonly string[]): Promise<Float32Array[]> {
    const { RawImage } = await import('@huggingface/transformers');
    const images: RawImage[] = await Promise.all(
      paths.map((path) =>
        RawImage.read(path).catch((error: Error) => {
          throw new Error(`cannot read image ${path}: ${error.message}`, { cause: error });
        }),
      ),
    );
    const { pixel_values } = (await extractor.processor(images)) as { pixel_values: Tensor };
    const outputs = (await extractor.model({ pixel_values })) as Record<string, Tensor | undefined>;
    const [name, tensor] = this.pick(outputs);
    return vectorsOf(tensor.to('float32'), paths.length, name, this.tokenPooling);
  }

  private pick(outputs: Record<string, Tensor | undefined>): [string, Tensor] {
    const names = this.output === 'auto' ? AUTO_OUTPUTS : [this.output];
    for (const name of names) {
      const tensor = outputs[name];
      if (tensor) return [name, tensor];
    }
    throw new Error(
      `${WHERE}: ${this.source.model} has no output ${names.map((n) => `'${n}'`).join(' or ')}; ` +
        `its outputs are ${Object.keys(outputs).join(', ')} (setting 'output')`,
    );
  }
}

/** One vector per image: rank 2 as is, rank 3 [batch, tokens, hidden] pooled, rank 4 [batch, C, H, W] averaged over H and W. */
function vectorsOf(tensor: Tensor, count: number, name: string, tokenPooling: TokenPooling): Float32Array[] {
  const dims = tensor.dims;
  const data = tensor.data as Float32Array;
  if (dims[0] !== count || dims.length < 2 || dims.length > 4) {
    throw new Error(`${WHERE}: output '${name}' has shape [${dims.join(', ')}], not one vector per image`);
  }
  return Array.from({ length: count }, (_, b) => {
    if (dims.length === 2) return data.slice(b * dims[1], (b + 1) * dims[1]);
    const [, outer, inner] = dims.length === 3 ? [0, dims[1], dims[2]] : [0, dims[1], dims[2] * dims[3]];
    const rows = data.subarray(b * outer * inner, (b + 1) * outer * inner);
    if (dims.length === 3) {
      // [tokens, hidden]: the first token (CLS) or the mean over tokens
      if (tokenPooling === 'cls') return rows.slice(0, inner);
      return Float32Array.from({ length: inner }, (_, h) => mean(outer, (t) => rows[t * inner + h]));
    }
    // [channels, pixels]: global average pooling
    return Float32Array.from({ length: outer }, (_, c) => mean(inner, (p) => rows[c * inner + p]));
  });
}

function mean(count: number, at: (i: number) => number): number {
  let sum = 0;
  for (let i = 0; i < count; i++) sum += at(i);
  return sum / count;
}
