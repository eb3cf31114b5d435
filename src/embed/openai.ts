import type { StageContext } from '../types/context.js';
import { ClientSet } from '../providers/client.js';
import { abortReason, linkedAbort, systemClock, type Clock } from '../providers/clock.js';
import { CONNECTION_SETTINGS, missingKeyError, readConnection, type ConnectionConfig } from '../providers/connection.js';
import { decodeEmbedding, groupTexts, type TextGroup } from '../providers/embedding-batches.js';
import { EndpointPool } from '../providers/endpoint-pool.js';
import { MalformedResponseError, ProviderFatalError, RequestFailedError } from '../providers/errors.js';
import { callWithRetries, retryContextFor, type RetryContext } from '../providers/retry.js';
import { estimateTextTokens } from '../providers/text-tokens.js';
import { ModelUnavailableError } from '../types/errors.js';
import { readSettings, setting, SettingsError, settingsSchema } from '../util/settings.js';
import { type Embedder, type EmbedderOptions, type EmbedderSignature } from './types.js';

/** OpenAI's documented limits for one embeddings request. */
export const EMBEDDING_LIMITS = { maxInputs: 2048, maxTokens: 300_000 };

export interface OpenAIEmbedderConfig {
  readonly connection: ConnectionConfig;
  readonly model: string;
  readonly dimensions: number | undefined;
  readonly maxInputsPerRequest: number;
  readonly maxTokensPerRequest: number;
  readonly batchSize: number;
}

export interface OpenAIEmbedderRuntime {
  readonly clock?: Clock;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

const OWNER = "embedder 'openai'";
/** How servers word "this request is too large" (OpenAI, vLLM, Ollama). */
const TOO_LARGE = /token|too (long|large|many)|maximum|exceed|limit|context length/i;

/** Every setting of the `openai` embedder: the connection's, then the request's. */
export const OPENAI_EMBEDDER_SETTINGS = settingsSchema({
  ...CONNECTION_SETTINGS,
  model: setting.string(),
  dimensions: setting.integer({ min: 1, max: 65_536 }),
  maxInputsPerRequest: setting.integer({ min: 1, max: EMBEDDING_LIMITS.maxInputs }),
  maxTokensPerRequest: setting.integer({ min: 1 }),
  batchSize: setting.integer({ min: 1 }),
});

export function readEmbedderSettings(
  settings: Readonly<Record<string, unknown>>,
  env: Readonly<Record<string, string | undefined>>,
): OpenAIEmbedderConfig {
  const values = readSettings(OWNER, OPENAI_EMBEDDER_SETTINGS, settings);
  const connection = readConnection(values, { owner: OWNER, concurrency: 4, env });
  if (!values.model && connection.profile.name !== 'openai') {
    throw new SettingsError(`${OWNER}: setting 'model' must be set for ${connection.profile.label} (e.g. nomic-embed-text on Ollama), got nothing`);
  }
  const model = values.model ?? 'text-embedding-3-small';
  const maxInputsPerRequest = values.maxInputsPerRequest ?? EMBEDDING_LIMITS.maxInputs;
  const maxTokensPerRequest = values.maxTokensPerRequest ?? EMBEDDING_LIMITS.maxTokens;
  const capacity = connection.endpoints.reduce((sum, endpoint) => sum + endpoint.concurrency, 0);
  // One call fills every request slot, so a batch is embedded by all endpoints at once.
  const batchSize = values.batchSize ?? maxInputsPerRequest * capacity;
  return { connection, model, dimensions: values.dimensions, maxInputsPerRequest, maxTokensPerRequest, batchSize };
}

/**
 * Embeds texts with any OpenAI-compatible `/v1/embeddings` endpoint (OpenAI, vLLM, Ollama):
 * packs them into requests within the input and token limits, sends the requests in
 * parallel over the endpoints, retries as the describer does, and splits a request the
 * server refuses as too large.
 */
export class OpenAIEmbedder implements Embedder {
  readonly name = 'openai';
  readonly corpusDependent = false;
  readonly signature: EmbedderSignature;
  readonly batchSize: number;
  private readonly pool: EndpointPool;
  private readonly clients: ClientSet;
  private readonly clock: Clock;

  constructor(
    readonly config: OpenAIEmbedderConfig,
    runtime: OpenAIEmbedderRuntime = {},
  ) {
    this.clock = runtime.clock ?? systemClock;
    this.signature = { embedder: this.name, model: config.model, params: { dimensions: config.dimensions } };
    this.batchSize = config.batchSize;
    this.pool = new EndpointPool(config.connection.endpoints, { clock: this.clock });
    this.clients = new ClientSet(config.connection.retry.timeoutMs, config.connection.transport);
  }

  async embed(texts: readonly string[], ctx: StageContext): Promise<Float32Array[]> {
    if (texts.length === 0) return [];
    const { connection } = this.config;
    if (connection.missingApiKey) throw missingKeyError(OWNER, connection.profile, connection.endpoints[0].url);
    texts.forEach((text, i) => {
      if (typeof text !== 'string' || text.trim() === '') throw new Error(`${OWNER}: text ${i} is empty, and embeddings APIs refuse empty input`);
    });
    // One signal for this call's requests: aborted by Ctrl-C, or when one request fails for good.
    const { controller, dispose } = linkedAbort(ctx.signal);
    const retry = retryContextFor({ pool: this.pool, clock: this.clock, policy: connection.retry }, ctx, controller.signal);
    const out = new Array<Float32Array>(texts.length);
    const groups = groupTexts(texts, this.config.maxInputsPerRequest, this.config.maxTokensPerRequest);
    try {
      await Promise.all(
        groups.map((group) =>
          this.embedGroup(group, retry, out).catch((error: unknown) => {
            if (!controller.signal.aborted) controller.abort(error);
            throw error;
          }),
        ),
      );
    } catch (error) {
      if (ctx.signal.aborted) throw abortReason(ctx.signal);
      if (error instanceof ProviderFatalError) throw new ModelUnavailableError(`${OWNER}: ${error.message}`, { cause: error });
      throw error;
    } finally {
      dispose();
    }
    const dims = out[0].length;
    const odd = out.findIndex((vector) => vector.length !== dims);
    if (odd >= 0) throw new Error(`${OWNER}: vectors of different lengths (${dims} and ${out[odd].length}) came back for one call`);
    return out;
  }

  private async embedGroup(group: TextGroup, retry: RetryContext, out: Float32Array[]): Promise<void> {
    const tokens = group.texts.reduce((sum, text) => sum + estimateTextTokens(text), 0);
    let vectors: Float32Array[];
    try {
      vectors = await callWithRetries(retry, tokens, async (endpoint, signal) => {
        const client = await this.clients.get(endpoint);
        const response = await client.embeddings.create(
          {
            model: this.config.model,
            input: [...group.texts],
            encoding_format: this.config.connection.profile.embeddingEncoding,
            ...(this.config.dimensions ? { dimensions: this.config.dimensions } : {}),
          },
          { signal, maxRetries: 0 },
        );
        return this.readVectors(response, group.texts.length);
      });
    } catch (error) {
      // Too large for the server (too many tokens in all, or one text over the model's limit): split it.
      if (error instanceof RequestFailedError && error.status === 400 && group.texts.length > 1 && TOO_LARGE.test(error.message)) {
        const half = Math.ceil(group.texts.length / 2);
        await Promise.all([
          this.embedGroup({ start: group.start, texts: group.texts.slice(0, half) }, retry, out),
          this.embedGroup({ start: group.start + half, texts: group.texts.slice(half) }, retry, out),
        ]);
        return;
      }
      if (error instanceof RequestFailedError) {
        const which = group.texts.length === 1 ? `text ${group.start}` : `texts ${group.start} to ${group.start + group.texts.length - 1}`;
        throw new Error(`${OWNER}: ${which}: ${error.message}`, { cause: error });
      }
      throw error;
    }
    vectors.forEach((vector, i) => {
      out[group.start + i] = vector;
    });
  }

  async close(): Promise<void> {
    this.clients.close();
  }

  private readVectors(response: unknown, expected: number): Float32Array[] {
    const data = (response as { data?: unknown })?.data;
    if (!Array.isArray(data) || data.length !== expected) {
      throw new MalformedResponseError(`expected ${expected} embeddings, got ${Array.isArray(data) ? data.length : 'none'}`);
    }
    const vectors = new Array<Float32Array>(expected);
    data.forEach((item: { index?: unknown; embedding?: unknown }, position) => {
      const index = typeof item?.index === 'number' ? item.index : position;
      const vector = decodeEmbedding(item?.embedding);
      if (!vector || index < 0 || index >= expected || vectors[index]) {
        throw new MalformedResponseError(`embedding ${position} is missing, unreadable or out of place`);
      }
      if (this.config.dimensions && vector.length !== this.config.dimensions) {
        throw new MalformedResponseError(`asked for ${this.config.dimensions} dimensions, got ${vector.length}`);
      }
      vectors[index] = vector;
    });
    return vectors;
  }
}

/** A paid service needs a key before anything is sent: say so before the run starts. */
export async function probeOpenAIEmbedder(settings: Readonly<Record<string, unknown>>, context: { env: Readonly<Record<string, string | undefined>>; sends: boolean }): Promise<string[]> {
  const { connection } = readEmbedderSettings(settings, context.env);
  return context.sends && connection.missingApiKey ? [missingKeyError(OWNER, connection.profile, connection.endpoints[0].url).message] : [];
}

export function createOpenAIEmbedder(options: EmbedderOptions, runtime: OpenAIEmbedderRuntime = {}): OpenAIEmbedder {
  return new OpenAIEmbedder(readEmbedderSettings(options.settings, runtime.env ?? process.env), runtime);
}
