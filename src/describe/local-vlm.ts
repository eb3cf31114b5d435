import type { PreTrainedModel, Processor, Tensor } from '@huggingface/transformers';
import type { StageContext } from '../types/context.js';
import { LazyModel, loadWithTransformers, modelIdentity, modelSource, MODEL_SOURCE_SETTINGS, probeModel, type DtypeSetting, type ModelSource } from '../models/index.js';
import { readSettings, setting, settingsSchema } from '../util/settings.js';
import type { Prompt } from './prompts.js';
import type {
  DescribeOutcome,
  DescribeRequest,
  Describer,
  DescriberFactory,
  DescriberSignature,
} from './types.js';

const WHERE = "describer 'local-vlm'";

/**
 * The default in-process vision-language model: SmolVLM-500M-Instruct. Why, from what is
 * documented (connote cannot measure quality or CPU speed on the machine it was written on;
 * see docs/local-models.md):
 * - its Hub repository ships the ONNX files transformers.js loads (embed_tokens, vision_encoder,
 *   decoder_model_merged, in fp32 and quantised variants), so no conversion step is needed;
 * - it follows a free-form instruction, which connote's connotative prompt needs; Florence-2
 *   only takes fixed task tokens (<MORE_DETAILED_CAPTION>, …), so it cannot be asked for meaning;
 * - the 256M/500M models encode a 512×512 image in 64 tokens; for SmolVLM 2.2B its authors
 *   report several times faster prefill and generation than Qwen2-VL-2B, which spends many more
 *   tokens per image; they describe the 500M model as "significantly improved" over the 256M one
 *   while staying small.
 * Larger models (SmolVLM-Instruct 2.2B, Qwen2-VL-2B-Instruct) follow the prompt better and are
 * a `model` setting away.
 */
export const DEFAULT_VLM_MODEL = 'HuggingFaceTB/SmolVLM-500M-Instruct';
/**
 * Full precision for the image encoder and token embeddings, 8-bit weights for the decoder,
 * which does most of the work per generated token; ONNX Runtime runs int8 MatMuls well on CPU,
 * while fp16 is slower than fp32 there.
 */
export const DEFAULT_VLM_DTYPE: DtypeSetting = { embed_tokens: 'fp32', vision_encoder: 'fp32', decoder_model_merged: 'q8' };
/** The prompts ask for up to 150 words: about 200 tokens, with room to finish the sentence. */
const DEFAULT_MAX_NEW_TOKENS = 256;

interface GenerationSettings {
  readonly maxNewTokens: number;
  /** SmolVLM's processor can also cut large images into 512-px tiles (more detail, several times slower). */
  readonly imageSplitting: boolean;
  /** Unset: plain greedy decoding. */
  readonly repetitionPenalty?: number;
}

/**
 * Describes images in-process with a transformers.js image-text-to-text model, greedy decoding.
 * Settings: model, revision, dtype, offline, cacheDir, localModelPath, threads
 * (src/models/source.ts), maxNewTokens, imageSplitting, repetitionPenalty.
 */
export const LOCAL_VLM_SETTINGS = settingsSchema({
  ...MODEL_SOURCE_SETTINGS,
  maxNewTokens: setting.integer({ min: 1 }),
  imageSplitting: setting.boolean(),
  /** 1 means none. */
  repetitionPenalty: setting.number({ above: 0 }),
});

/** Whether the model could be loaded (cache or Hub), without loading it. */
export async function probeLocalVlm(settings: Readonly<Record<string, unknown>>, context: { baseDir: string }): Promise<string[]> {
  const source = modelSource(readSettings(WHERE, LOCAL_VLM_SETTINGS, settings), context.baseDir, WHERE, { model: DEFAULT_VLM_MODEL, dtype: DEFAULT_VLM_DTYPE });
  const problem = await probeModel(source, 'image-text-to-text', 'vision-language model');
  return problem ? [`${WHERE}: ${problem}`] : [];
}

export const createLocalVlmDescriber: DescriberFactory = (options) => {
  const values = readSettings(WHERE, LOCAL_VLM_SETTINGS, options.settings);
  const source = modelSource(values, options.baseDir, WHERE, { model: DEFAULT_VLM_MODEL, dtype: DEFAULT_VLM_DTYPE });
  const repetitionPenalty = values.repetitionPenalty;
  const generation: GenerationSettings = {
    maxNewTokens: values.maxNewTokens ?? DEFAULT_MAX_NEW_TOKENS,
    imageSplitting: values.imageSplitting ?? false,
    ...(repetitionPenalty === undefined ? {} : { repetitionPenalty }),
  };
  const signature: DescriberSignature = {
    describer: 'local-vlm',
    model: source.model,
    params: { ...modelIdentity(source), dtype: source.dtype, decoding: 'greedy', ...generation },
  };
  return new LocalVlmDescriber(options.prompt, signature, source, generation);
};

interface LoadedVlm {
  readonly processor: Processor;
  readonly model: PreTrainedModel;
}

class LocalVlmDescriber implements Describer {
  readonly name = 'local-vlm';
  private readonly vlm: LazyModel<LoadedVlm>;

  constructor(
    readonly prompt: Prompt,
    readonly signature: DescriberSignature,
    private readonly source: ModelSource,
    private readonly generation: GenerationSettings,
  ) {
    this.vlm = new LazyModel(
      (ctx) =>
        loadWithTransformers(source, 'vision-language model', ctx, async (transformers, options) => {
          const [processor, model] = await Promise.all([
            transformers.AutoProcessor.from_pretrained(source.model, options),
            transformers.AutoModelForImageTextToText.from_pretrained(source.model, options),
          ]);
          return { processor, model };
        }),
      (loaded) => loaded.model.dispose(),
    );
  }

  /** One image at a time: generation already keeps every core busy. A load failure stops the run. */
  async *describe(requests: readonly DescribeRequest[], ctx: StageContext): AsyncIterable<DescribeOutcome> {
    if (requests.length === 0) return;
    const vlm = await this.vlm.get(ctx);
    for (const request of requests) {
      ctx.signal.throwIfAborted();
      yield await this.describeOne(vlm, request);
    }
  }

  close(): Promise<void> {
    return this.vlm.close();
  }

  private async describeOne({ processor, model }: LoadedVlm, request: DescribeRequest): Promise<DescribeOutcome> {
    const { RawImage } = await import('@huggingface/transformers');
    let image;
    try {
      image = await RawImage.read(request.path);
    } catch (error) {
      return { kind: 'failure', imageHash: request.imageHash, message: `cannot read image ${request.path}: ${(error as Error).message}` };
    }
    try {
      const messages = [{ role: 'user', content: [{ type: 'image' }, { type: 'text', text: this.prompt.text }] }];
      const text = processor.apply_chat_template(messages as never, { add_generation_prompt: true }) as string;
      const inputs = (await processor(text, [image], { do_image_splitting: this.generation.imageSplitting })) as Record<string, Tensor>;
      const sequences = (await model.generate({
        ...inputs,
        max_new_tokens: this.generation.maxNewTokens,
        do_sample: false,
        num_beams: 1,
        ...(this.generation.repetitionPenalty === undefined ? {} : { repetition_penalty: this.generation.repetitionPenalty }),
      })) as Tensor;
      const promptLength = inputs.input_ids.dims.at(-1) ?? 0;
      const generated = sequences.slice(null, [promptLength, sequences.dims.at(-1) ?? promptLength]);
      const [answer] = processor.batch_decode(generated, { skip_special_tokens: true });
      const description = answer.trim();
      return {
        kind: 'description',
        imageHash: request.imageHash,
        status: description === '' ? 'empty' : 'ok',
        text: description,
        usage: { inputTokens: promptLength, outputTokens: generated.dims.at(-1) ?? 0 },
        costUsd: 0,
        responseModel: this.source.model,
      };
    } catch (error) {
      return {
        kind: 'failure',
        imageHash: request.imageHash,
        message: `${this.source.model} could not describe ${request.path}: ${(error as Error).message}`,
      };
    }
  }
}
