import { CONNECTION_SETTINGS, missingKeyError, readConnection, type ConnectionConfig } from '../providers/connection.js';
import type { ImageDetail } from '../providers/image-tokens.js';
import { resolvePrice, type ModelPrice } from '../providers/pricing.js';
import { isOpenAIReasoningModel } from '../providers/profiles.js';
import { readSettings, setting, SettingsError, settingsSchema } from '../util/settings.js';

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

const DETAILS = ['low', 'high', 'auto'] as const;
const OWNER = "describer 'openai'";

/** Every setting of the `openai` describer: the connection's, then the request's and the batch's. */
export const OPENAI_DESCRIBER_SETTINGS = settingsSchema({
  ...CONNECTION_SETTINGS,
  model: setting.string(),
  temperature: setting.number({ min: 0, max: 2 }),
  seed: setting.integer({ min: 0, max: 2 ** 31 - 1 }),
  maxTokens: setting.integer({ min: 1, max: 100_000 }),
  detail: setting.choice(DETAILS),
  imageSize: setting.integer({ min: 32, max: 8192 }),
  jpegQuality: setting.integer({ min: 1, max: 100 }),
  batch: setting.boolean(),
  pollSeconds: setting.number({ min: 0.001 }),
  batchMaxRequests: setting.integer({ min: 1, max: 50_000 }),
  batchMaxBytes: setting.integer({ min: 1024, max: 200 * 1024 * 1024 }),
  inputPrice: setting.number({ min: 0 }),
  outputPrice: setting.number({ min: 0 }),
  batchDiscount: setting.number({ min: 0, max: 1 }),
  expectedOutputTokens: setting.integer({ min: 1 }),
});

export function readDescriberSettings(
  settings: Readonly<Record<string, unknown>>,
  env: Readonly<Record<string, string | undefined>>,
): OpenAIDescriberConfig {
  const values = readSettings(OWNER, OPENAI_DESCRIBER_SETTINGS, settings);
  const fail = (key: string, expected: string, got: unknown): never => {
    throw new SettingsError(`${OWNER}: setting '${key}' must be ${expected}, got ${JSON.stringify(got)}`);
  };
  const connection = readConnection(values, { owner: OWNER, concurrency: DESCRIBER_DEFAULTS.concurrency, env });
  const { profile } = connection;
  const model: string =
    values.model ?? (profile.name === 'openai' ? 'gpt-4o' : fail('model', `set for ${profile.label} (e.g. ${exampleModel(profile.name)})`, undefined));
  const temperatureSetting = values.temperature;
  if (temperatureSetting !== undefined && temperatureSetting > profile.maxTemperature) {
    fail('temperature', `a number from 0 to ${profile.maxTemperature} for ${profile.label}`, temperatureSetting);
  }
  const reasoning = profile.name === 'openai' && isOpenAIReasoningModel(model);
  if (reasoning && temperatureSetting !== undefined && temperatureSetting !== 1) {
    fail('temperature', `left unset for ${model}, which accepts only its default`, temperatureSetting);
  }
  const maxTokens = values.maxTokens ?? DESCRIBER_DEFAULTS.maxTokens;
  const detail = values.detail ?? DESCRIBER_DEFAULTS.detail;
  const batch = values.batch ?? false;
  if (batch && !profile.supportsBatch) fail('batch', `false for ${profile.label}, which has no Batch API (use concurrency instead)`, true);
  if (batch && connection.endpoints.length > 1) fail('batch', 'false with several base URLs (a batch lives on one server)', true);
  const price = resolvePrice(
    model,
    { inputPrice: values.inputPrice, outputPrice: values.outputPrice, batchDiscount: values.batchDiscount },
    profile.local,
  );
  const expectedOutputTokens = values.expectedOutputTokens ?? Math.min(maxTokens, DESCRIBER_DEFAULTS.expectedOutputTokens);
  return {
    connection,
    model,
    temperature: reasoning ? undefined : (temperatureSetting ?? DESCRIBER_DEFAULTS.temperature),
    seed: profile.acceptsSeed ? (values.seed ?? DESCRIBER_DEFAULTS.seed) : undefined,
    maxTokens,
    detail: profile.acceptsDetail ? detail : undefined,
    estimateDetail: profile.acceptsDetail ? detail : 'auto',
    imageSize: values.imageSize ?? DESCRIBER_DEFAULTS.imageSize,
    jpegQuality: values.jpegQuality ?? DESCRIBER_DEFAULTS.jpegQuality,
    batch,
    pollSeconds: values.pollSeconds ?? DESCRIBER_DEFAULTS.pollSeconds,
    batchMaxRequests: values.batchMaxRequests ?? DESCRIBER_DEFAULTS.batchMaxRequests,
    batchMaxBytes: values.batchMaxBytes ?? DESCRIBER_DEFAULTS.batchMaxBytes,
    price,
    expectedOutputTokens: Math.min(expectedOutputTokens, maxTokens),
  };
}

/** A paid service needs a key before anything is sent: say so before the run starts. */
export async function probeOpenAIDescriber(
  settings: Readonly<Record<string, unknown>>,
  context: { env: Readonly<Record<string, string | undefined>>; sends: boolean },
): Promise<string[]> {
  const { connection } = readDescriberSettings(settings, context.env);
  return context.sends && connection.missingApiKey ? [missingKeyError(OWNER, connection.profile, connection.endpoints[0].url).message] : [];
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
