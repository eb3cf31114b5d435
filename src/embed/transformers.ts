import type { FeatureExtractionPipeline, Tensor } from '@huggingface/transformers';
import type { StageContext } from '../types/context.js';
import { LazyModel, loadWithTransformers, mapInBatches, modelIdentity, modelSource, MODEL_SOURCE_SETTINGS, probeModel } from '../models/index.js';
import { readSettings, setting, settingsSchema, type z } from '../util/settings.js';
import type { DtypeSetting, ModelSource } from '../models/index.js';
import { POOLINGS, normalizeL2, poolTokens, type Pooling } from './pooling.js';
import { tokenizeBatch, type BatchTokenizer } from './token-batch.js';
import type { Embedder, EmbedderFactory, EmbedderOptions, EmbedderSignature } from './types.js';

/** What a named preset fixes; settings may override only what `configurable` lists. */
interface EmbedderPreset {
  readonly name: string;
  readonly model?: string;
  readonly dtype: DtypeSetting;
  readonly pooling: Pooling;
  readonly normalize: boolean;
  /** sentence-transformers' max_seq_length; undefined: the tokenizer's model_max_length. */
  readonly maxTokens?: number;
  readonly batchSize: number;
  /** Whether `pooling` and `normalize` may be changed by settings. */
  readonly configurable: boolean;
}

/**
 * all-MiniLM-L6-v2 as sentence-transformers runs it: mean pooling over the attention mask,
 * L2 normalisation, at most 256 word pieces (its sentence_bert_config.json max_seq_length),
 * full-precision weights (fp32 = Xenova's onnx/model.onnx export of the same weights).
 * @see https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2
 */
const MINILM: EmbedderPreset = {
  name: 'minilm',
  model: 'Xenova/all-MiniLM-L6-v2',
  dtype: 'fp32',
  pooling: 'mean',
  normalize: true,
  maxTokens: 256,
  batchSize: 32,
  configurable: false,
};

/** Any transformers.js `feature-extraction` model; `model` is required. */
const GENERIC: EmbedderPreset = {
  name: 'transformers',
  dtype: 'fp32',
  pooling: 'mean',
  normalize: true,
  batchSize: 32,
  configurable: true,
};

/**
 * Settings: model, revision, dtype, offline, cacheDir, localModelPath, threads (see
 * src/models/source.ts), batchSize, maxTokens; for `transformers` also pooling
 * (mean | cls | last) and normalize.
 */
export const MINILM_SETTINGS = settingsSchema({
  ...MODEL_SOURCE_SETTINGS,
  maxTokens: setting.integer({ min: 1 }),
  batchSize: setting.integer({ min: 1 }),
});
export const TRANSFORMERS_EMBEDDER_SETTINGS = MINILM_SETTINGS.extend({
  pooling: setting.choice(POOLINGS),
  normalize: setting.boolean(),
});

/** Whether the preset's model could be loaded (cache or Hub), without loading it. */
function probeEmbedder(preset: EmbedderPreset) {
  return async (settings: Readonly<Record<string, unknown>>, context: { baseDir: string }): Promise<string[]> => {
    const where = `embedder '${preset.name}'`;
    const values = readSettings(where, preset.configurable ? TRANSFORMERS_EMBEDDER_SETTINGS : MINILM_SETTINGS, settings);
    if (!preset.model && values.model === undefined) return [];
    const source = modelSource(values, context.baseDir, where, { model: preset.model ?? '', dtype: preset.dtype });
    const problem = await probeModel(source, 'feature-extraction', 'text embedding model');
    return problem ? [`${where}: ${problem}`] : [];
  };
}
export const probeMiniLm = probeEmbedder(MINILM);
export const probeGenericTransformers = probeEmbedder(GENERIC);

export const createMiniLmEmbedder: EmbedderFactory = (options) => createTransformersEmbedder(options, MINILM);
export const createGenericTransformersEmbedder: EmbedderFactory = (options) => createTransformersEmbedder(options, GENERIC);

function createTransformersEmbedder(options: EmbedderOptions, preset: EmbedderPreset): Embedder {
  const where = `embedder '${preset.name}'`;
  const { settings } = options;
  if (!preset.model && settings.model === undefined) {
    throw new Error(`${where}: setting 'model' is required (a transformers.js feature-extraction model id or folder)`);
  }
  if (!preset.configurable && (settings.pooling !== undefined || settings.normalize !== undefined)) {
    throw new Error(
      `${where}: pooling and normalisation are fixed (mean, normalised) to match sentence-transformers; ` +
        "use embedder 'transformers' to change them",
    );
  }
  const values = readSettings(where, preset.configurable ? TRANSFORMERS_EMBEDDER_SETTINGS : MINILM_SETTINGS, settings) as z.output<
    typeof TRANSFORMERS_EMBEDDER_SETTINGS
  >;
  const source = modelSource(values, options.baseDir, where, { model: preset.model ?? '', dtype: preset.dtype });
  const pooling = values.pooling ?? preset.pooling;
  const normalize = values.normalize ?? preset.normalize;
  const maxTokens = values.maxTokens ?? preset.maxTokens;
  const batchSize = values.batchSize ?? preset.batchSize;
  const signature: EmbedderSignature = {
    embedder: preset.name,
    model: source.model,
    params: {
      ...modelIdentity(source),
      dtype: source.dtype,
      pooling,
      normalize,
      // null: the tokenizer's own model_max_length
      maxTokens: maxTokens ?? null,
    },
  };
  return new TransformersEmbedder(preset.name, signature, source, batchSize, { pooling, normalize, maxTokens });
}

class TransformersEmbedder implements Embedder {
  readonly corpusDependent = false;
  private readonly extractor: LazyModel<FeatureExtractionPipeline>;

  constructor(
    readonly name: string,
    readonly signature: EmbedderSignature,
    private readonly source: ModelSource,
    readonly batchSize: number,
    private readonly pooling: { pooling: Pooling; normalize: boolean; maxTokens?: number },
  ) {
    this.extractor = new LazyModel(
      (ctx) =>
        loadWithTransformers(source, 'text embedding model', ctx, async (transformers, options) =>
          (await transformers.pipeline('feature-extraction', source.model, options)) as FeatureExtractionPipeline,
        ),
      (extractor) => extractor.dispose(),
    );
  }

  async embed(texts: readonly string[], ctx: StageContext): Promise<Float32Array[]> {
    if (texts.length === 0) return [];
    const extractor = await this.extractor.get(ctx);
    return mapInBatches(texts, this.batchSize, ctx.signal, (batch) => this.embedBatch(extractor, batch));
  }

  close(): Promise<void> {
    return this.extractor.close();
  }

  private async embedBatch(extractor: FeatureExtractionPipeline, texts: readonly string[]): Promise<Float32Array[]> {
    const { Tensor } = await import('@huggingface/transformers');
    const tokenizer = extractor.tokenizer as unknown as BatchTokenizer;
    const maxTokens = Math.min(this.pooling.maxTokens ?? Infinity, tokenizer.model_max_length ?? Infinity);
    const batch = tokenizeBatch(tokenizer, texts, Number.isFinite(maxTokens) ? maxTokens : Number.MAX_SAFE_INTEGER);
    const dims = [batch.batch, batch.tokens];
    const inputs: Record<string, Tensor> = {
      input_ids: new Tensor('int64', batch.inputIds, dims),
      attention_mask: new Tensor('int64', batch.attentionMask, dims),
      ...(batch.tokenTypeIds ? { token_type_ids: new Tensor('int64', batch.tokenTypeIds, dims) } : {}),
    };
    const outputs = (await extractor.model(inputs)) as Record<string, Tensor | undefined>;
    const states = outputs.last_hidden_state ?? outputs.token_embeddings ?? outputs.logits;
    if (!states || states.dims.length !== 3) {
      throw new Error(
        `${this.source.model} returned no token vectors [batch, tokens, hidden] (outputs: ${Object.keys(outputs).join(', ')}); ` +
          'is it a feature-extraction model?',
      );
    }
    const hidden = states.to('float32');
    const pooled = poolTokens(
      { data: hidden.data as Float32Array, batch: batch.batch, tokens: batch.tokens, hidden: hidden.dims[2], mask: batch.attentionMask },
      this.pooling.pooling,
    );
    return pooled.map((vector) => Float32Array.from(this.pooling.normalize ? normalizeL2(vector) : vector));
  }
}
