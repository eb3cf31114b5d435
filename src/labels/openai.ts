import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import { ClientSet } from '../providers/client.js';
import { systemClock, type Clock } from '../providers/clock.js';
import { missingKeyError } from '../providers/connection.js';
import { EndpointPool } from '../providers/endpoint-pool.js';
import { MalformedResponseError } from '../providers/errors.js';
import { costOf } from '../providers/pricing.js';
import { callWithRetries, retryContextFor } from '../providers/retry.js';
import { CHAT_FRAMING_TOKENS, estimateTextTokens } from '../providers/text-tokens.js';
import type { StageContext } from '../types/context.js';
import { chatText, readClusterName, readNewNames, type ChatText } from './answer.js';
import { readLabelerSettings, type OpenAILabelerConfig } from './openai-settings.js';
import { loadLabelPrompt, renderDistinguishPrompt, renderNamePrompt, siblingId } from './prompts.js';
import type { ClusterLabeler, ClusterToName, LabelAnswer, LabelEstimate, LabelerOptions, LabelPrompt } from './types.js';

/** Test seams: a virtual clock, and an environment other than `process.env`. */
export interface OpenAILabelerRuntime {
  readonly clock?: Clock;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

const NAME_SCHEMA = {
  type: 'object',
  properties: { name: { type: 'string' }, description: { type: 'string' }, criteria: { type: 'string' } },
  required: ['name', 'description', 'criteria'],
  additionalProperties: false,
};

/**
 * Names clusters with any OpenAI-compatible chat model (OpenAI, vLLM, Ollama, LM Studio,
 * llama.cpp, OpenRouter, Gemini, Anthropic), through the same client stack as the describer:
 * endpoint pool, rate limits, retries with backoff and `Retry-After`. Where the server documents
 * structured outputs the answer's shape is asked for by a JSON schema; the prompt asks for it too.
 */
export function createOpenAILabeler(options: LabelerOptions, runtime: OpenAILabelerRuntime = {}): ClusterLabeler {
  const config = readLabelerSettings(options.settings, runtime.env ?? process.env);
  const prompts = { name: loadLabelPrompt('name', options.promptFile), distinguish: loadLabelPrompt('distinguish', options.distinguishPromptFile) };
  const clock = runtime.clock ?? systemClock;
  const pool = new EndpointPool(config.connection.endpoints, { clock });
  const clients = new ClientSet(config.connection.retry.timeoutMs, config.connection.transport);

  const ask = async (prompt: string, schema: { name: string; schema: object }, ctx: StageContext): Promise<ChatText> => {
    if (config.connection.missingApiKey) throw missingKeyError("labeler 'openai'", config.connection.profile, config.connection.endpoints[0].url);
    const body = chatBody(config, prompt, schema);
    const retry = retryContextFor({ pool, clock, policy: config.connection.retry }, ctx);
    const tokens = estimateTextTokens(prompt) + CHAT_FRAMING_TOKENS + config.maxTokens;
    return callWithRetries(retry, tokens, async (endpoint, signal) => {
      const client = await clients.get(endpoint);
      return chatText(await client.chat.completions.create(body, { signal, maxRetries: 0 }));
    });
  };

  /** Reads an answer; a malformed one is asked for once more (a sampled model may do better). */
  const answer = async <T>(prompt: string, schema: { name: string; schema: object }, read: (text: string) => T, ctx: StageContext): Promise<LabelAnswer<T>> => {
    let lastError: unknown;
    for (let attempt = 0; attempt < 2; attempt++) {
      const reply = await ask(prompt, schema, ctx);
      try {
        return {
          value: read(reply.text),
          usage: reply.usage,
          costUsd: reply.usage && config.price ? costOf(reply.usage, config.price) : undefined,
          responseModel: reply.responseModel,
        };
      } catch (error) {
        if (!(error instanceof MalformedResponseError)) throw error;
        lastError = error;
      }
    }
    throw lastError;
  };

  return {
    name: 'openai',
    // Only what changes the text; endpoints, concurrency and prices do not.
    signature: {
      labeler: 'openai',
      model: config.model,
      params: { temperature: config.temperature, seed: config.seed, maxTokens: config.maxTokens, responseFormat: config.responseFormat },
    },
    prompts,
    concurrency: pool.capacity,
    nameCluster: (cluster, ctx) =>
      answer(renderNamePrompt(prompts.name, cluster), { name: 'cluster_name', schema: NAME_SCHEMA }, readClusterName, ctx),
    distinguish: (clashing, taken, ctx) => {
      const ids = new Map(clashing.map((c) => [siblingId(c.label), c.label]));
      const schema = {
        type: 'object',
        properties: Object.fromEntries([...ids.keys()].map((id) => [id, { type: 'string' }])),
        required: [...ids.keys()],
        additionalProperties: false,
      };
      return answer(renderDistinguishPrompt(prompts.distinguish, clashing, taken), { name: 'distinct_names', schema }, (text) => readNewNames(text, ids), ctx);
    },
    estimate: (clusters) => estimateNaming(config, prompts.name, clusters),
    close: async () => clients.close(),
  };
}

function chatBody(config: OpenAILabelerConfig, prompt: string, schema: { name: string; schema: object }): ChatCompletionCreateParamsNonStreaming {
  const body: Record<string, unknown> = {
    model: config.model,
    messages: [{ role: 'user', content: prompt }],
    [config.connection.profile.maxTokensField]: config.maxTokens,
  };
  if (config.temperature !== undefined) body.temperature = config.temperature;
  if (config.seed !== undefined) body.seed = config.seed;
  if (config.responseFormat === 'json_schema') body.response_format = { type: 'json_schema', json_schema: { name: schema.name, strict: true, schema: schema.schema } };
  else if (config.responseFormat === 'json_object') body.response_format = { type: 'json_object' };
  // Built field by field: the length field's name depends on the server (max_tokens or max_completion_tokens).
  return body as unknown as ChatCompletionCreateParamsNonStreaming;
}

/** Tokens and cost of naming `clusters`: each prompt at about four characters a token, answers at the typical length. */
function estimateNaming(config: OpenAILabelerConfig, prompt: LabelPrompt, clusters: readonly ClusterToName[]): LabelEstimate {
  const inputTokens = clusters.reduce((sum, c) => sum + estimateTextTokens(renderNamePrompt(prompt, c)) + CHAT_FRAMING_TOKENS, 0);
  const outputTokens = clusters.length * config.expectedOutputTokens;
  const maxOutputTokens = clusters.length * config.maxTokens;
  const price = config.price;
  const notes = ['names that come out alike are renamed in one more request per clustering (not counted)'];
  if (!price) notes.push(`no price known for ${config.model}: set the inputPrice and outputPrice settings (USD per million tokens)`);
  return {
    model: config.model,
    requests: clusters.length,
    inputTokens,
    outputTokens,
    maxOutputTokens,
    costUsd: price ? costOf({ inputTokens, outputTokens }, price) : undefined,
    maxCostUsd: price ? costOf({ inputTokens, outputTokens: maxOutputTokens }, price) : undefined,
    notes,
  };
}

