import { CONNECTION_SETTINGS, missingKeyError, readConnection, type ConnectionConfig } from '../providers/connection.js';
import { resolvePrice, type ModelPrice } from '../providers/pricing.js';
import { isOpenAIReasoningModel } from '../providers/profiles.js';
import { readSettings, setting, SettingsError, settingsSchema } from '../util/settings.js';

/** How the answer's shape is asked for: a JSON schema (structured outputs), JSON mode, or the prompt alone. */
export type ResponseFormat = 'json_schema' | 'json_object' | 'text';

export interface OpenAILabelerConfig {
  readonly connection: ConnectionConfig;
  readonly model: string;
  readonly temperature: number | undefined;
  readonly seed: number | undefined;
  readonly maxTokens: number;
  readonly responseFormat: ResponseFormat;
  readonly price: ModelPrice | undefined;
  /** Typical answer length, for estimates. */
  readonly expectedOutputTokens: number;
}

export const LABELER_DEFAULTS = { concurrency: 4, temperature: 0, seed: 42, maxTokens: 400, expectedOutputTokens: 150, model: 'gpt-4o-mini' };

const OWNER = "labeler 'openai'";
const RESPONSE_FORMATS = ['json_schema', 'json_object', 'text'] as const;

/** Every setting of the `openai` labeler: the connection's, then the request's. */
export const OPENAI_LABELER_SETTINGS = settingsSchema({
  ...CONNECTION_SETTINGS,
  model: setting.string(),
  temperature: setting.number({ min: 0, max: 2 }),
  seed: setting.integer({ min: 0, max: 2 ** 31 - 1 }),
  maxTokens: setting.integer({ min: 16, max: 100_000 }),
  responseFormat: setting.choice(RESPONSE_FORMATS),
  inputPrice: setting.number({ min: 0 }),
  outputPrice: setting.number({ min: 0 }),
  expectedOutputTokens: setting.integer({ min: 1 }),
});

/**
 * Reads the `openai` labeler's settings: the connection settings every OpenAI-compatible client
 * takes (baseUrl(s), apiKey, profile, concurrency, rpm, tpm, maxRetries, timeoutSeconds), and
 * model, temperature, seed, maxTokens, responseFormat, inputPrice, outputPrice.
 */
export function readLabelerSettings(settings: Readonly<Record<string, unknown>>, env: Readonly<Record<string, string | undefined>>): OpenAILabelerConfig {
  const values = readSettings(OWNER, OPENAI_LABELER_SETTINGS, settings);
  const fail = (key: string, expected: string, got: unknown): never => {
    throw new SettingsError(`${OWNER}: setting '${key}' must be ${expected}, got ${JSON.stringify(got)}`);
  };
  const connection = readConnection(values, { owner: OWNER, concurrency: LABELER_DEFAULTS.concurrency, env });
  const { profile } = connection;
  const model: string =
    values.model ?? (profile.name === 'openai' ? LABELER_DEFAULTS.model : fail('model', `set for ${profile.label} (the name the server lists at /v1/models)`, undefined));
  const reasoning = profile.name === 'openai' && isOpenAIReasoningModel(model);
  const temperature = values.temperature;
  if (temperature !== undefined && temperature > profile.maxTemperature) fail('temperature', `a number from 0 to ${profile.maxTemperature} for ${profile.label}`, temperature);
  if (reasoning && temperature !== undefined && temperature !== 1) fail('temperature', `left unset for ${model}, which accepts only its default`, temperature);
  const maxTokens = values.maxTokens ?? LABELER_DEFAULTS.maxTokens;
  // Anthropic's compatibility layer documents no response_format: there the prompt alone asks for JSON.
  const responseFormat: ResponseFormat = values.responseFormat ?? (profile.name === 'anthropic' ? 'text' : 'json_schema');
  const price = resolvePrice(model, { inputPrice: values.inputPrice, outputPrice: values.outputPrice }, profile.local);
  const expectedOutputTokens = values.expectedOutputTokens ?? LABELER_DEFAULTS.expectedOutputTokens;
  return {
    connection,
    model,
    temperature: reasoning ? undefined : (temperature ?? LABELER_DEFAULTS.temperature),
    seed: profile.acceptsSeed ? (values.seed ?? LABELER_DEFAULTS.seed) : undefined,
    maxTokens,
    responseFormat,
    price,
    expectedOutputTokens: Math.min(expectedOutputTokens, maxTokens),
  };
}

/** A paid service needs a key before anything is sent: say so before the run starts. */
export async function probeOpenAILabeler(
  settings: Readonly<Record<string, unknown>>,
  context: { env: Readonly<Record<string, string | undefined>>; sends: boolean },
): Promise<string[]> {
  const { connection } = readLabelerSettings(settings, context.env);
  return context.sends && connection.missingApiKey ? [missingKeyError(OWNER, connection.profile, connection.endpoints[0].url).message] : [];
}
