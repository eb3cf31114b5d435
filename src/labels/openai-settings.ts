import { readConnection, type ConnectionConfig } from '../providers/connection.js';
import { resolvePrice, type ModelPrice } from '../providers/pricing.js';
import { isOpenAIReasoningModel } from '../providers/profiles.js';
import { SettingsReader } from '../providers/settings.js';

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

/**
 * Reads the `openai` labeler's settings: the connection settings every OpenAI-compatible client
 * takes (baseUrl(s), apiKey, profile, concurrency, rpm, tpm, maxRetries, timeoutSeconds), and
 * model, temperature, seed, maxTokens, responseFormat, inputPrice, outputPrice.
 */
export function readLabelerSettings(settings: Readonly<Record<string, unknown>>, env: Readonly<Record<string, string | undefined>>): OpenAILabelerConfig {
  const reader = new SettingsReader("labeler 'openai'", settings);
  const connection = readConnection(reader, { concurrency: LABELER_DEFAULTS.concurrency, env });
  const { profile } = connection;
  const model =
    reader.optionalString('model') ??
    (profile.name === 'openai' ? LABELER_DEFAULTS.model : reader.fail('model', `set for ${profile.label} (the name the server lists at /v1/models)`, undefined));
  const reasoning = profile.name === 'openai' && isOpenAIReasoningModel(model);
  const temperature = reader.optionalNumber('temperature', { min: 0, max: profile.maxTemperature });
  if (reasoning && temperature !== undefined && temperature !== 1) reader.fail('temperature', `left unset for ${model}, which accepts only its default`, temperature);
  const seed = reader.number('seed', LABELER_DEFAULTS.seed, { integer: true, min: 0, max: 2 ** 31 - 1 });
  const maxTokens = reader.number('maxTokens', LABELER_DEFAULTS.maxTokens, { integer: true, min: 16, max: 100_000 });
  // Anthropic's compatibility layer documents no response_format: there the prompt alone asks for JSON.
  const responseFormat = reader.oneOf<ResponseFormat>('responseFormat', ['json_schema', 'json_object', 'text'], profile.name === 'anthropic' ? 'text' : 'json_schema');
  const price = resolvePrice(
    model,
    { inputPrice: reader.optionalNumber('inputPrice', { min: 0 }), outputPrice: reader.optionalNumber('outputPrice', { min: 0 }) },
    profile.local,
  );
  const expectedOutputTokens = reader.number('expectedOutputTokens', LABELER_DEFAULTS.expectedOutputTokens, { integer: true, min: 1 });
  reader.rejectUnknown();
  return {
    connection,
    model,
    temperature: reasoning ? undefined : (temperature ?? LABELER_DEFAULTS.temperature),
    seed: profile.acceptsSeed ? seed : undefined,
    maxTokens,
    responseFormat,
    price,
    expectedOutputTokens: Math.min(expectedOutputTokens, maxTokens),
  };
}
