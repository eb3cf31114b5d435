import { readConnection, type ConnectionConfig } from '../providers/connection.js';
import type { ImageDetail } from '../providers/image-tokens.js';
import { resolvePrice, type ModelPrice } from '../providers/pricing.js';
import { isOpenAIReasoningModel } from '../providers/profiles.js';
import { SettingsReader } from '../providers/settings.js';

/** Everything the `openai` describer was configured with, validated. */
export interface OpenAIDescriberConfig {
  readonly connection: ConnectionConfig;
  readonly model: string;
  /** Undefined where the model accepts only its default (OpenAI reasoning models). */
  readonly temperature: number | undefined;
  /** Undefined where the profile does not honour a seed. */
  readonly seed: number | undefined;
  readonly maxTokens: number;
  /** Undefined where the profile ignores `detail`. */
  readonly detail: ImageDetail | undefined;
  /** The detail used for cost estimates (the provider's default, `auto`, when not sent). */
  readonly estimateDetail: ImageDetail;
  /** Longest side of the image sent, in pixels (never upscaled). */
  readonly imageSize: number;
  /** JPEG quality when an image has to be re-encoded (resized, rotated or in another format). */
  readonly jpegQuality: number;
  readonly batch: boolean;
  readonly pollSeconds: number;
  readonly batchMaxRequests: number;
  readonly batchMaxBytes: number;
  /** Undefined when no price is known (costs are then not reported). */
  readonly price: ModelPrice | undefined;
  /** Typical answer length for estimates. */
  readonly expectedOutputTokens: number;
}

export const DESCRIBER_DEFAULTS = {
  concurrency: 8,
  temperature: 0,
  seed: 42,
  maxTokens: 400,
  detail: 'high' as ImageDetail,
  imageSize: 1024,
  jpegQuality: 90,
  pollSeconds: 30,
  // OpenAI's documented limits are 50,000 requests and 200 MB per batch input file.
  batchMaxRequests: 50_000,
  batchMaxBytes: 190 * 1024 * 1024,
  expectedOutputTokens: 200,
};

const DETAILS: readonly ImageDetail[] = ['low', 'high', 'auto'];

export function readDescriberSettings(
  settings: Readonly<Record<string, unknown>>,
  env: Readonly<Record<string, string | undefined>>,
): OpenAIDescriberConfig {
  const reader = new SettingsReader("describer 'openai'", settings);
  const connection = readConnection(reader, { concurrency: DESCRIBER_DEFAULTS.concurrency, env });
  const { profile } = connection;
  const model: string =
    reader.optionalString('model') ??
    (profile.name === 'openai' ? 'gpt-4o' : reader.fail('model', `set for ${profile.label} (e.g. ${exampleModel(profile.name)})`, undefined));
  const temperatureSetting = reader.optionalNumber('temperature', { min: 0, max: profile.maxTemperature });
  const reasoning = profile.name === 'openai' && isOpenAIReasoningModel(model);
  if (reasoning && temperatureSetting !== undefined && temperatureSetting !== 1) {
    reader.fail('temperature', `left unset for ${model}, which accepts only its default`, temperatureSetting);
  }
  const seed = reader.number('seed', DESCRIBER_DEFAULTS.seed, { integer: true, min: 0, max: 2 ** 31 - 1 });
  const maxTokens = reader.number('maxTokens', DESCRIBER_DEFAULTS.maxTokens, { integer: true, min: 1, max: 100_000 });
  const detail = reader.oneOf('detail', DETAILS, DESCRIBER_DEFAULTS.detail);
  const imageSize = reader.number('imageSize', DESCRIBER_DEFAULTS.imageSize, { integer: true, min: 32, max: 8192 });
  const jpegQuality = reader.number('jpegQuality', DESCRIBER_DEFAULTS.jpegQuality, { integer: true, min: 1, max: 100 });
  const batch = reader.boolean('batch', false);
  if (batch && !profile.supportsBatch) {
    reader.fail('batch', `false for ${profile.label}, which has no Batch API (use concurrency instead)`, true);
  }
  if (batch && connection.endpoints.length > 1) {
    reader.fail('batch', 'false with several base URLs (a batch lives on one server)', true);
  }
  const pollSeconds = reader.number('pollSeconds', DESCRIBER_DEFAULTS.pollSeconds, { min: 0.001 });
  const batchMaxRequests = reader.number('batchMaxRequests', DESCRIBER_DEFAULTS.batchMaxRequests, { integer: true, min: 1, max: 50_000 });
  const batchMaxBytes = reader.number('batchMaxBytes', DESCRIBER_DEFAULTS.batchMaxBytes, { integer: true, min: 1024, max: 200 * 1024 * 1024 });
  const price = resolvePrice(
    model,
    {
      inputPrice: reader.optionalNumber('inputPrice', { min: 0 }),
      outputPrice: reader.optionalNumber('outputPrice', { min: 0 }),
      batchDiscount: reader.optionalNumber('batchDiscount', { min: 0, max: 1 }),
    },
    profile.local,
  );
  const expectedOutputTokens = reader.number('expectedOutputTokens', Math.min(maxTokens, DESCRIBER_DEFAULTS.expectedOutputTokens), {
    integer: true,
    min: 1,
  });
  reader.rejectUnknown();
  return {
    connection,
    model,
    temperature: reasoning ? undefined : (temperatureSetting ?? DESCRIBER_DEFAULTS.temperature),
    seed: profile.acceptsSeed ? seed : undefined,
    maxTokens,
    detail: profile.acceptsDetail ? detail : undefined,
    estimateDetail: profile.acceptsDetail ? detail : 'auto',
    imageSize,
    jpegQuality,
    batch,
    pollSeconds,
    batchMaxRequests,
    batchMaxBytes,
    price,
    expectedOutputTokens: Math.min(expectedOutputTokens, maxTokens),
  };
}

function exampleModel(profile: string): string {
  switch (profile) {
    case 'ollama':
      return 'llava:7b or qwen2.5vl:7b';
    case 'vllm':
      return 'llava-hf/llava-1.5-7b-hf';
    case 'gemini':
      return 'gemini-2.5-flash';
    case 'anthropic':
      return 'claude-sonnet-4-5';
    case 'openrouter':
      return 'openai/gpt-4o';
    default:
      return 'the name the server lists at /v1/models';
  }
}
