import type { Logger, StageContext } from '../types/context.js';
import { deriveRandom } from '../util/random.js';
import { abortReason, type Clock } from './clock.js';
import type { Endpoint, EndpointPool } from './endpoint-pool.js';
import { classifyError, ProviderFatalError, RequestFailedError } from './errors.js';

export interface RetryPolicy {
  /** Further attempts after the first. */
  readonly maxRetries: number;
  /** The first backoff; it doubles with each attempt (before jitter). */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Whole-request limit, from sending to the last byte of the answer. */
  readonly timeoutMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 6,
  baseDelayMs: 1_000,
  maxDelayMs: 60_000,
  timeoutMs: 180_000,
};

/**
 * Exponential backoff with "equal jitter": half of the capped exponential delay, plus a
 * uniformly random share of the other half, so that many clients failing together do not
 * retry together.
 */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return ceiling / 2 + random() * (ceiling / 2);
}

export interface RetryContext {
  readonly pool: EndpointPool;
  readonly clock: Clock;
  readonly policy: RetryPolicy;
  readonly random: () => number;
  /** Aborts everything, requests in flight included. */
  readonly signal: AbortSignal;
  /**
   * Stops waiting (for a slot, a rate limit or a backoff) and starting attempts, but lets a
   * request in flight finish: its answer is already being paid for. Defaults to `signal`.
   */
  readonly waitSignal?: AbortSignal;
  readonly logger?: Logger;
}

/**
 * The retry context for one stage call: its pool and policy and the run's logger. Jitter draws
 * from a generator of its own (derived from the seed, so a test with a virtual clock sees the
 * same delays every time), never from `ctx.random`: how often the network fails must never
 * change an analytic result.
 */
export function retryContextFor(
  parts: { readonly pool: EndpointPool; readonly clock: Clock; readonly policy: RetryPolicy },
  ctx: StageContext,
  signal: AbortSignal = ctx.signal,
  waitSignal?: AbortSignal,
): RetryContext {
  const jitter = deriveRandom(ctx.seed, 'providers:retry-jitter');
  return { ...parts, random: () => jitter.next(), signal, waitSignal, logger: ctx.logger };
}

class TimeoutSignal extends Error {
  constructor() {
    super('request timed out');
    this.name = 'TimeoutError';
  }
}

/**
 * Runs `operation` on a pooled endpoint until it succeeds, retrying 429s, 5xx, timeouts,
 * broken connections and malformed answers. A `Retry-After` pauses the endpoint for exactly
 * that long (the retry waits for it, or runs elsewhere); other failures back off
 * exponentially with jitter and prefer another endpoint. Throws `ProviderFatalError` when
 * the whole run should stop, `RequestFailedError` when this request gives up, and the
 * signal's reason when aborted (`waitSignal`'s when told to stop before another attempt).
 */
export async function callWithRetries<T>(
  context: RetryContext,
  tokens: number,
  operation: (endpoint: Endpoint, signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const { pool, clock, policy, signal } = context;
  const waitSignal = context.waitSignal ?? signal;
  if (context.logger) pool.useLogger(context.logger);
  let lastEndpoint: Endpoint | undefined;
  for (let attempt = 0; ; attempt++) {
    const lease = await pool.acquire(tokens, waitSignal, lastEndpoint);
    lastEndpoint = lease.endpoint;
    const attemptController = new AbortController();
    const onAbort = (): void => attemptController.abort(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      attemptController.abort(new TimeoutSignal());
    }, policy.timeoutMs);
    try {
      const result = await operation(lease.endpoint, attemptController.signal);
      lease.succeed();
      return result;
    } catch (error) {
      const failure = classifyError(error, {
        timedOut,
        aborted: signal.aborted,
        now: clock.now(),
        url: lease.endpoint.label,
        timeoutMs: policy.timeoutMs,
      });
      if (failure.kind === 'aborted') {
        lease.fail('client');
        throw abortReason(signal);
      }
      lease.fail(failure.kind === 'fatal' ? 'client' : failure.kind, failure.retryAfterMs);
      if (failure.kind === 'fatal') throw new ProviderFatalError(failure.message, { cause: error });
      if (!failure.retryable || attempt >= policy.maxRetries) {
        const tries = attempt > 0 ? ` (gave up after ${attempt + 1} attempts)` : '';
        throw new RequestFailedError(`${failure.message}${tries}`, failure.status, { cause: error });
      }
      context.logger?.debug(`${failure.message}; retrying (attempt ${attempt + 2} of ${policy.maxRetries + 1})`);
      // With Retry-After the pool holds the endpoint back until then; otherwise back off here.
      if (waitSignal.aborted) throw abortReason(waitSignal);
      if (failure.retryAfterMs === undefined) await clock.sleep(backoffDelay(attempt, policy, context.random), waitSignal);
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    }
  }
}
