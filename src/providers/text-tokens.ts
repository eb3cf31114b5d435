/**
 * Token counts without a tokenizer. English prose runs at about four characters per token
 * in OpenAI's tokenizers; this is for estimates and rate-limit reservations, never billing
 * (billing uses the usage the server reports).
 */
export function estimateTextTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/**
 * A cautious count for packing requests under a token limit: non-Latin scripts can take a
 * token per byte, so this counts three UTF-8 bytes per token (a server that still refuses a
 * request as too large gets it split in half).
 */
export function cautiousTextTokens(text: string): number {
  return Math.ceil(Buffer.byteLength(text, 'utf8') / 3);
}

/** Tokens a chat request spends on message framing (roles, separators) besides the content. */
export const CHAT_FRAMING_TOKENS = 10;
