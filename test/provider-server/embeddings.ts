import { defaultDimensions, embedForTest } from './answers.js';
import { invalid } from './errors.js';
import type { FlavourRules } from './flavours.js';

export interface EmbeddingLimits {
  /** Inputs per request (OpenAI: 2048). */
  readonly maxInputs: number;
  /** Tokens over all inputs of a request (OpenAI: 300,000). */
  readonly maxTokensPerRequest: number;
  /** Tokens per input (OpenAI's embedding models: 8192). */
  readonly maxTokensPerInput: number;
}

export const OPENAI_EMBEDDING_LIMITS: EmbeddingLimits = { maxInputs: 2048, maxTokensPerRequest: 300_000, maxTokensPerInput: 8192 };

/** Counts tokens as the server's "tokenizer": four characters per token. */
const tokensOf = (text: string): number => Math.ceil(text.length / 4);

/** Answers /v1/embeddings with vectors derived from each text's hash. */
export function embeddingsResponse(body: unknown, rules: FlavourRules, limits: EmbeddingLimits): Record<string, unknown> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw invalid('The request body must be a JSON object.');
  const request = body as Record<string, unknown>;
  for (const key of Object.keys(request)) {
    if (!['model', 'input', 'encoding_format', 'dimensions', 'user'].includes(key)) throw invalid(`Unrecognized request argument supplied: ${key}`, key);
  }
  if (typeof request.model !== 'string' || request.model === '') throw invalid('you must provide a model parameter', 'model');
  const inputs = typeof request.input === 'string' ? [request.input] : request.input;
  if (!Array.isArray(inputs) || inputs.length === 0 || inputs.some((text) => typeof text !== 'string')) {
    throw invalid("'input' must be a string or a non-empty array of strings", 'input');
  }
  if (inputs.length > limits.maxInputs) throw invalid(`'$.input' is invalid: at most ${limits.maxInputs} inputs per request, got ${inputs.length}`, 'input');
  let total = 0;
  inputs.forEach((text: string, i) => {
    if (text === '') throw invalid(`'$.input[${i}]' is invalid: an input cannot be an empty string`, 'input');
    const tokens = tokensOf(text);
    if (tokens > limits.maxTokensPerInput) {
      throw invalid(`This model's maximum context length is ${limits.maxTokensPerInput} tokens, however you requested ${tokens} tokens in input ${i}.`, 'input');
    }
    total += tokens;
  });
  if (total > limits.maxTokensPerRequest) throw invalid(`Requested ${total} tokens, max ${limits.maxTokensPerRequest} tokens per request`, 'input', 'max_tokens_per_request');
  const encoding = request.encoding_format ?? 'float';
  if (typeof encoding !== 'string' || !rules.embeddingEncodings.has(encoding)) {
    throw invalid(`'encoding_format' must be one of ${[...rules.embeddingEncodings].join(', ') || '(embeddings are not offered)'}`, 'encoding_format');
  }
  let dims = defaultDimensions(request.model);
  if (request.dimensions !== undefined) {
    if (!Number.isInteger(request.dimensions) || (request.dimensions as number) < 1 || (request.dimensions as number) > dims) {
      throw invalid(`'dimensions' must be an integer from 1 to ${dims}`, 'dimensions');
    }
    if (request.model === 'text-embedding-ada-002') throw invalid('This model does not support specifying dimensions.', 'dimensions');
    dims = request.dimensions as number;
  }
  return {
    object: 'list',
    data: inputs.map((text: string, index) => {
      const vector = embedForTest(text, dims);
      const embedding = encoding === 'base64' ? Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength).toString('base64') : Array.from(vector);
      return { object: 'embedding', index, embedding };
    }),
    model: request.model,
    usage: { prompt_tokens: total, total_tokens: total },
  };
}
