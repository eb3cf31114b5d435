import type { FailureKind } from './endpoint-pool.js';

/**
 * Raised when every further request would fail the same way (the key is refused, the model
 * or URL does not exist, the account has no quota): the run stops and says what to do,
 * instead of recording thousands of identical failures.
 */
export class ProviderFatalError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ProviderFatalError';
  }
}

/** One request gave up: its retries ran out or the server refused it as malformed. */
export class RequestFailedError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'RequestFailedError';
  }
}

/** The server answered 200 with something that is not the expected JSON (or not all of it). */
export class MalformedResponseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedResponseError';
  }
}

export interface ClassifiedError {
  readonly kind: FailureKind | 'fatal' | 'aborted';
  readonly retryable: boolean;
  /** How long the server asked us to wait (Retry-After), in milliseconds. */
  readonly retryAfterMs?: number;
  readonly message: string;
  readonly status?: number;
}

interface HeaderSource {
  get(name: string): string | null;
}

/**
 * Milliseconds to wait according to `retry-after-ms` or `Retry-After` (delta-seconds or an
 * HTTP date, RFC 9110 section 10.2.3); undefined when absent or unreadable.
 */
export function parseRetryAfter(headers: HeaderSource | undefined | null, now: number): number | undefined {
  if (!headers || typeof headers.get !== 'function') return undefined;
  const millis = headers.get('retry-after-ms');
  if (millis !== null && millis.trim() !== '') {
    const value = Number(millis);
    if (Number.isFinite(value) && value >= 0) return value;
  }
  const header = headers.get('retry-after');
  if (header === null || header.trim() === '') return undefined;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

interface ErrorShape {
  name?: string;
  message?: string;
  status?: unknown;
  headers?: HeaderSource;
  code?: unknown;
  cause?: unknown;
  constructor?: { name?: string };
}

function errorName(error: ErrorShape): string {
  return error.constructor?.name ?? error.name ?? 'Error';
}

/**
 * Sorts a failed request into what to do next. `timedOut` and `aborted` say which of our own
 * signals fired (the SDK reports both as an abort).
 */
export function classifyError(
  error: unknown,
  context: { timedOut: boolean; aborted: boolean; now: number; url: string; timeoutMs: number },
): ClassifiedError {
  if (context.aborted) return { kind: 'aborted', retryable: false, message: 'aborted' };
  if (context.timedOut) {
    return { kind: 'timeout', retryable: true, message: `no complete answer from ${context.url} within ${context.timeoutMs / 1000} s` };
  }
  const shape = (error ?? {}) as ErrorShape;
  const name = errorName(shape);
  const message = shape.message ?? String(error);
  if (error instanceof MalformedResponseError || error instanceof SyntaxError) {
    return { kind: 'malformed', retryable: true, message: `malformed response from ${context.url}: ${message}` };
  }
  if (name === 'APIConnectionTimeoutError') {
    return { kind: 'timeout', retryable: true, message: `no answer from ${context.url} within ${context.timeoutMs / 1000} s` };
  }
  if (typeof shape.status === 'number') return classifyStatus(shape.status, shape, message, context);
  if (name === 'APIConnectionError' || name === 'TypeError' || isSocketError(shape)) {
    // undici reports a body cut short as TypeError('terminated'); a refused connection as 'fetch failed'.
    const cause = shape.cause instanceof Error ? `: ${shape.cause.message}` : '';
    return { kind: 'network', retryable: true, message: `connection to ${context.url} failed (${message}${cause})` };
  }
  return { kind: 'network', retryable: true, message: `request to ${context.url} failed: ${message}` };
}

function isSocketError(shape: ErrorShape): boolean {
  return typeof shape.code === 'string' && /^(E[A-Z]+|UND_ERR_[A-Z_]+)$/.test(shape.code);
}

function classifyStatus(
  status: number,
  shape: ErrorShape,
  message: string,
  context: { now: number; url: string },
): ClassifiedError {
  const retryAfterMs = parseRetryAfter(shape.headers, context.now);
  const where = `${context.url} answered HTTP ${status}`;
  const detail = message.replace(/^\d{3}\s*/, '');
  if (status === 429) {
    if (shape.code === 'insufficient_quota') {
      return { kind: 'fatal', retryable: false, status, message: `${where}: the account has no quota left (${detail}); add credit or lower the plan's spend limit and run again` };
    }
    return { kind: 'rate-limit', retryable: true, retryAfterMs, status, message: `${where} (rate limited): ${detail}` };
  }
  if (status === 401 || status === 403) {
    return { kind: 'fatal', retryable: false, status, message: `${where}: the API key was refused (${detail}); set the apiKey setting or OPENAI_API_KEY` };
  }
  if (status === 404) {
    return { kind: 'fatal', retryable: false, status, message: `${where}: not found (${detail}); check the model name and that the base URL ends in /v1` };
  }
  if (status === 408 || status === 409 || status >= 500) {
    return { kind: 'server', retryable: true, retryAfterMs, status, message: `${where}: ${detail}` };
  }
  return { kind: 'client', retryable: false, status, message: `${where}: ${detail}` };
}
