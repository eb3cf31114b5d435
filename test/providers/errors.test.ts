import { describe, expect, test } from 'vitest';
import { classifyError, MalformedResponseError, parseRetryAfter } from '../../src/providers/errors.js';
import { backoffDelay, DEFAULT_RETRY_POLICY } from '../../src/providers/retry.js';

const headers = (values: Record<string, string>) => new Headers(values);
const now = Date.UTC(2025, 5, 1, 12, 0, 0);
const context = { timedOut: false, aborted: false, now, url: 'http://x/v1', timeoutMs: 30_000 };
const httpError = (status: number, extra: Record<string, unknown> = {}) => Object.assign(new Error(`${status} boom`), { status, headers: headers({}), ...extra });

describe('parseRetryAfter', () => {
  test('reads delta-seconds, HTTP dates and retry-after-ms', () => {
    expect(parseRetryAfter(headers({ 'retry-after': '7' }), now)).toBe(7000);
    expect(parseRetryAfter(headers({ 'retry-after': '1.5' }), now)).toBe(1500);
    expect(parseRetryAfter(headers({ 'retry-after': new Date(now + 30_000).toUTCString() }), now)).toBe(30_000);
    expect(parseRetryAfter(headers({ 'retry-after': new Date(now - 5_000).toUTCString() }), now)).toBe(0);
    expect(parseRetryAfter(headers({ 'retry-after-ms': '250', 'retry-after': '9' }), now)).toBe(250);
  });

  test('ignores what it cannot read', () => {
    expect(parseRetryAfter(headers({}), now)).toBeUndefined();
    expect(parseRetryAfter(headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});

describe('classifyError', () => {
  test('rate limits are retried with the server\'s delay; an empty quota stops the run', () => {
    const limited = classifyError(httpError(429, { headers: headers({ 'retry-after': '3' }) }), context);
    expect(limited).toMatchObject({ kind: 'rate-limit', retryable: true, retryAfterMs: 3000, status: 429 });
    expect(classifyError(httpError(429, { code: 'insufficient_quota' }), context)).toMatchObject({ kind: 'fatal', retryable: false });
  });

  test('server errors and timeouts are retried and count against the endpoint; client errors are not retried', () => {
    for (const status of [500, 502, 503, 504, 408, 409]) expect(classifyError(httpError(status), context)).toMatchObject({ kind: 'server', retryable: true });
    for (const status of [400, 413, 422]) expect(classifyError(httpError(status), context)).toMatchObject({ kind: 'client', retryable: false });
    for (const status of [401, 403, 404]) expect(classifyError(httpError(status), context)).toMatchObject({ kind: 'fatal' });
    expect(classifyError(new Error('x'), { ...context, timedOut: true })).toMatchObject({ kind: 'timeout', retryable: true });
    expect(classifyError(new Error('x'), { ...context, aborted: true })).toMatchObject({ kind: 'aborted', retryable: false });
  });

  test('broken bodies and connections are retried', () => {
    expect(classifyError(new SyntaxError('Unexpected end of JSON input'), context)).toMatchObject({ kind: 'malformed', retryable: true });
    expect(classifyError(new MalformedResponseError('no choices'), context)).toMatchObject({ kind: 'malformed' });
    expect(classifyError(new TypeError('terminated'), context)).toMatchObject({ kind: 'network', retryable: true });
    expect(classifyError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), context)).toMatchObject({ kind: 'network' });
  });
});

describe('backoffDelay', () => {
  test('doubles per attempt up to the cap, with jitter within the upper half', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 1000, maxDelayMs: 8000 };
    expect(backoffDelay(0, policy, () => 0)).toBe(500);
    expect(backoffDelay(0, policy, () => 1)).toBe(1000);
    expect(backoffDelay(2, policy, () => 0.5)).toBe(3000);
    expect(backoffDelay(10, policy, () => 1)).toBe(8000);
  });
});
