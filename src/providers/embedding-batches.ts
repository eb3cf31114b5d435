import { cautiousTextTokens } from './text-tokens.js';

/** A run of consecutive texts sent in one embeddings request. */
export interface TextGroup {
  /** Index of the first text in the caller's list. */
  readonly start: number;
  readonly texts: readonly string[];
}

/**
 * Packs texts, in order, into requests of at most `maxInputs` texts and (cautiously
 * counted) `maxTokens` tokens: OpenAI allows 2,048 inputs and 300,000 tokens per request.
 * A text too large for any request gets a request of its own (the server then says why).
 */
export function groupTexts(texts: readonly string[], maxInputs: number, maxTokens: number): TextGroup[] {
  const groups: TextGroup[] = [];
  let start = 0;
  let tokens = 0;
  for (let i = 0; i < texts.length; i++) {
    const cost = cautiousTextTokens(texts[i]);
    const count = i - start;
    if (count > 0 && (count >= maxInputs || tokens + cost > maxTokens)) {
      groups.push({ start, texts: texts.slice(start, i) });
      start = i;
      tokens = 0;
    }
    tokens += cost;
  }
  if (start < texts.length) groups.push({ start, texts: texts.slice(start) });
  return groups;
}

/** Reads one embedding as returned with `encoding_format` base64 (little-endian float32) or float. */
export function decodeEmbedding(value: unknown): Float32Array | undefined {
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'base64');
    if (bytes.length === 0 || bytes.length % 4 !== 0) return undefined;
    const out = new Float32Array(bytes.length / 4);
    for (let i = 0; i < out.length; i++) out[i] = bytes.readFloatLE(i * 4);
    return out;
  }
  if (Array.isArray(value) && value.length > 0 && value.every((x) => typeof x === 'number' && Number.isFinite(x))) {
    return Float32Array.from(value as number[]);
  }
  return undefined;
}
