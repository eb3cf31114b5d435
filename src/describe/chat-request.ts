import type { ChatCompletion, ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import { MalformedResponseError } from '../providers/errors.js';
import type { Profile } from '../providers/profiles.js';
import type { OpenAIDescriberConfig } from './openai-settings.js';
import { looksLikeRefusal } from './refusal.js';
import type { TokenUsage } from './types.js';

/**
 * The chat-completions request for one image: the prompt and the image as content parts of
 * one user message, in the order OpenAI's vision guide shows. Only fields the profile
 * documents are sent, so the same body works online and in a Batch API file.
 */
export function buildChatRequest(
  config: OpenAIDescriberConfig,
  promptText: string,
  imageDataUrl: string,
): ChatCompletionCreateParamsNonStreaming {
  const profile: Profile = config.connection.profile;
  const body: Record<string, unknown> = {
    model: config.model,
    messages: [
      {
        role: 'user',
        content: [
          { type: 'text', text: promptText },
          { type: 'image_url', image_url: config.detail ? { url: imageDataUrl, detail: config.detail } : { url: imageDataUrl } },
        ],
      },
    ],
    [profile.maxTokensField]: config.maxTokens,
  };
  if (config.temperature !== undefined) body.temperature = config.temperature;
  if (config.seed !== undefined) body.seed = config.seed;
  return body as unknown as ChatCompletionCreateParamsNonStreaming;
}

export interface ChatAnswer {
  readonly status: 'ok' | 'refused' | 'empty' | 'unreadable';
  readonly text: string;
  readonly usage?: TokenUsage;
  readonly responseModel?: string;
}

/**
 * Reads one chat completion. A `refusal` field, a `content_filter` finish or refusal prose
 * make it `refused`; no text makes it `empty`. Anything that is not a chat completion at all
 * throws `MalformedResponseError` (and is retried).
 */
export function readChatCompletion(completion: unknown): ChatAnswer {
  const value = completion as Partial<ChatCompletion> | null;
  if (!value || typeof value !== 'object' || !Array.isArray(value.choices)) {
    throw new MalformedResponseError(`expected a chat completion with choices, got ${preview(completion)}`);
  }
  const choice = value.choices[0];
  if (!choice || typeof choice !== 'object' || !choice.message || typeof choice.message !== 'object') {
    throw new MalformedResponseError(`the chat completion has no message: ${preview(completion)}`);
  }
  const usage = readUsage(value.usage);
  const responseModel = typeof value.model === 'string' ? value.model : undefined;
  const refusal = typeof choice.message.refusal === 'string' ? choice.message.refusal.trim() : '';
  const content = typeof choice.message.content === 'string' ? choice.message.content.trim() : '';
  if (refusal) return { status: 'refused', text: refusal, usage, responseModel };
  if (choice.finish_reason === 'content_filter') return { status: 'refused', text: content, usage, responseModel };
  if (!content) return { status: 'empty', text: '', usage, responseModel };
  return { status: looksLikeRefusal(content) ? 'refused' : 'ok', text: content, usage, responseModel };
}

/**
 * Reads one answer the server accepted (HTTP 200). One that is not a chat completion but
 * reports token usage was billed: it comes back as `unreadable` with the body as it came, to be
 * stored and never paid for again. Without usage nothing says it was billed (a proxy's error
 * page, a glitch): `MalformedResponseError` is thrown and the request retried.
 */
export function readChatAnswer(body: unknown): ChatAnswer {
  try {
    return readChatCompletion(body);
  } catch (error) {
    if (!(error instanceof MalformedResponseError)) throw error;
    const usage = readUsage((body as { usage?: unknown } | null)?.usage);
    if (!usage) throw error;
    const model = (body as { model?: unknown }).model;
    return { status: 'unreadable', text: preview(body, 4000), usage, responseModel: typeof model === 'string' ? model : undefined };
  }
}

function readUsage(usage: unknown): TokenUsage | undefined {
  if (!usage || typeof usage !== 'object') return undefined;
  const { prompt_tokens: inputTokens, completion_tokens: outputTokens } = usage as Record<string, unknown>;
  if (typeof inputTokens !== 'number' || typeof outputTokens !== 'number') return undefined;
  return { inputTokens, outputTokens };
}

function preview(value: unknown, limit = 200): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > limit ? `${text.slice(0, limit)}...` : text;
}
