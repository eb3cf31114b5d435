import sharp from 'sharp';
import { readImageHeader } from '../../src/describe/image-header.js';
import { openAIImageTokens, type ImageDetail } from '../../src/providers/image-tokens.js';
import { sha256 } from '../../src/util/hash.js';
import { describeForTest } from './answers.js';
import { invalid } from './errors.js';
import type { Fault } from './faults.js';
import type { FlavourRules } from './flavours.js';
import { instanceOf, readResponseFormat, type ResponseFormat } from './structured.js';

export interface ChatImage {
  readonly bytes: Buffer;
  readonly detail: ImageDetail | undefined;
  /** Short hash of the bytes: how tests and stats name an image. */
  readonly key: string;
}

export interface ValidChat {
  readonly model: string;
  readonly text: string;
  readonly images: readonly ChatImage[];
  /** `response_format`, when asked for (structured outputs). */
  readonly responseFormat?: ResponseFormat;
}

const MEDIA_MAGIC: Readonly<Record<string, (bytes: Buffer) => boolean>> = {
  'image/png': (b) => b.length > 8 && b.readUInt32BE(0) === 0x89504e47,
  'image/jpeg': (b) => b.length > 3 && b[0] === 0xff && b[1] === 0xd8,
  'image/webp': (b) => b.length > 12 && b.toString('ascii', 8, 12) === 'WEBP',
  'image/gif': (b) => b.length > 6 && b.toString('ascii', 0, 3) === 'GIF',
};

const isRecord = (value: unknown): value is Record<string, unknown> => !!value && typeof value === 'object' && !Array.isArray(value);

/** Validates a chat-completions body as strictly as the flavour's documentation allows. */
export function validateChatRequest(body: unknown, rules: FlavourRules): ValidChat {
  if (!isRecord(body)) throw invalid('The request body must be a JSON object.');
  for (const key of Object.keys(body)) {
    if (!rules.chatFields.has(key)) throw invalid(`Unrecognized request argument supplied: ${key}`, key);
  }
  if (typeof body.model !== 'string' || body.model === '') throw invalid("you must provide a model parameter", 'model');
  if (!Array.isArray(body.messages) || body.messages.length === 0) throw invalid("'messages' must be a non-empty array", 'messages');
  if ('max_tokens' in body && 'max_completion_tokens' in body) {
    throw invalid('max_tokens and max_completion_tokens cannot both be set', 'max_tokens');
  }
  for (const field of ['max_tokens', 'max_completion_tokens', 'n_predict']) {
    if (field in body && !(Number.isInteger(body[field]) && (body[field] as number) > 0)) throw invalid(`'${field}' must be a positive integer`, field);
  }
  if ('temperature' in body) {
    const t = body.temperature;
    if (typeof t !== 'number' || t < 0 || t > rules.maxTemperature) throw invalid(`'temperature' must be a number from 0 to ${rules.maxTemperature}`, 'temperature');
  }
  if ('seed' in body && !Number.isInteger(body.seed)) throw invalid("'seed' must be an integer", 'seed');
  const texts: string[] = [];
  const images: ChatImage[] = [];
  body.messages.forEach((message: unknown, m: number) => {
    const where = `messages[${m}]`;
    if (!isRecord(message)) throw invalid(`${where} must be an object`, where);
    if (!['system', 'user', 'assistant', 'developer'].includes(message.role as string)) throw invalid(`${where}.role is not a valid role`, `${where}.role`);
    if (typeof message.content === 'string') {
      texts.push(message.content);
      return;
    }
    if (!Array.isArray(message.content) || message.content.length === 0) throw invalid(`${where}.content must be a string or a non-empty array of parts`, `${where}.content`);
    message.content.forEach((part: unknown, p: number) => {
      const at = `${where}.content[${p}]`;
      if (!isRecord(part)) throw invalid(`${at} must be an object`, at);
      if (part.type === 'text') {
        if (typeof part.text !== 'string') throw invalid(`${at}.text must be a string`, `${at}.text`);
        texts.push(part.text);
        return;
      }
      if (part.type !== 'image_url') throw invalid(`${at}.type must be 'text' or 'image_url'`, `${at}.type`);
      images.push(readImagePart(part, at, rules));
    });
  });
  const text = texts.join('\n');
  const responseFormat = 'response_format' in body ? readResponseFormat(body.response_format, text) : undefined;
  return { model: body.model, text, images, responseFormat };
}

function readImagePart(part: Record<string, unknown>, at: string, rules: FlavourRules): ChatImage {
  const imageUrl = part.image_url;
  if (!isRecord(imageUrl) || typeof imageUrl.url !== 'string') throw invalid(`${at}.image_url must be an object with a url`, `${at}.image_url`);
  for (const key of Object.keys(imageUrl)) {
    if (key !== 'url' && !(key === 'detail' && rules.detail)) throw invalid(`Unrecognized argument ${at}.image_url.${key}`, `${at}.image_url.${key}`);
  }
  const detail = imageUrl.detail;
  if (detail !== undefined && detail !== 'low' && detail !== 'high' && detail !== 'auto') {
    throw invalid(`${at}.image_url.detail must be low, high or auto`, `${at}.image_url.detail`);
  }
  const match = /^data:(image\/[a-z]+);base64,([A-Za-z0-9+/]+={0,2})$/.exec(imageUrl.url);
  if (!match) throw invalid(`${at}.image_url.url must be a base64 data URL of an image`, `${at}.image_url.url`, 'invalid_image_url');
  const [, mediaType, data] = match;
  const bytes = Buffer.from(data, 'base64');
  const check = MEDIA_MAGIC[mediaType];
  if (!check) throw invalid(`unsupported image type ${mediaType}; use png, jpeg, webp or gif`, `${at}.image_url.url`, 'invalid_image_format');
  if (!check(bytes)) throw invalid(`the image data is not a valid ${mediaType}`, `${at}.image_url.url`, 'invalid_image');
  return { bytes, detail: detail as ImageDetail | undefined, key: sha256(bytes).slice(0, 16) };
}

let completionCounter = 0;

/** The answer in the shape asked for by `response_format` (JSON mode wraps the description). */
function structuredAnswer(chat: ValidChat): string | undefined {
  const format = chat.responseFormat;
  if (format?.type === 'json_schema') return JSON.stringify(instanceOf(format.schema, chat.text));
  if (format?.type === 'json_object') return JSON.stringify({ text: describeForTest(Buffer.concat(chat.images.map((image) => image.bytes)), chat.text) });
  return undefined;
}

/** The deterministic chat completion for a valid request, shaped by content faults. */
export async function chatCompletion(chat: ValidChat, fault: Fault | undefined, rules: FlavourRules, now: number): Promise<Record<string, unknown>> {
  let imageTokens = 0;
  for (const image of chat.images) {
    const size = readImageHeader(image.bytes) ?? (await sharp(image.bytes).metadata());
    imageTokens += openAIImageTokens(size.width ?? 1, size.height ?? 1, image.detail ?? 'auto', chat.model);
  }
  const described = structuredAnswer(chat) ?? describeForTest(Buffer.concat(chat.images.map((image) => image.bytes)), chat.text);
  let content: string | null = described;
  let refusal: string | null = null;
  let finishReason = 'stop';
  if (fault?.kind === 'refusal' && fault.via === 'field') {
    content = null;
    refusal = "I'm sorry, I can't assist with that request.";
  } else if (fault?.kind === 'refusal') {
    content = "I'm sorry, I can't help with that.";
  } else if (fault?.kind === 'content-filter') {
    content = '';
    finishReason = 'content_filter';
  } else if (fault?.kind === 'empty') {
    content = '';
  }
  const promptTokens = Math.ceil(chat.text.length / 4) + imageTokens + 10;
  const completionTokens = content ? Math.ceil(content.split(/\s+/).length * 1.3) : 0;
  if (fault?.kind === 'no-choices') {
    return { id: `chatcmpl-${++completionCounter}`, object: 'chat.completion', created: Math.floor(now / 1000), model: chat.model, choices: [], usage: { prompt_tokens: promptTokens, completion_tokens: 0, total_tokens: promptTokens } };
  }
  const message: Record<string, unknown> = { role: 'assistant', content };
  if (rules.refusalField) message.refusal = refusal;
  else if (refusal) message.content = refusal;
  return {
    id: `chatcmpl-${++completionCounter}`,
    object: 'chat.completion',
    created: Math.floor(now / 1000),
    model: chat.model,
    system_fingerprint: rules.systemFingerprint,
    choices: [{ index: 0, message, finish_reason: finishReason, logprobs: null }],
    usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
  };
}
