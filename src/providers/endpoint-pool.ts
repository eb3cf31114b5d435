import { redactUrl } from '../util/secrets.js';
import type { Logger } from '../types/context.js';
import { abortReason, type Clock } from './clock.js';
import { TokenBucket } from './rate-limiter.js';

/** One server (base URL) with its own limits. */
export interface EndpointOptions {
  readonly url: string;
  readonly apiKey: string;
  /** Most requests in flight at once. */
  readonly concurrency: number;
  /** Requests per minute (none when undefined). */
  readonly rpm?: number;
  /** Tokens per minute, counted as the request's estimated input plus its output cap (as OpenAI counts them). */
  readonly tpm?: number;
}

/** Why a request on an endpoint failed, as far as the endpoint's health is concerned. */
export type FailureKind = 'rate-limit' | 'server' | 'timeout' | 'network' | 'malformed' | 'client';

const HEALTH_FAILURES: ReadonlySet<FailureKind> = new Set(['server', 'timeout', 'network', 'malformed']);

export class Endpoint {
  inFlight = 0;
  /** Not given work before this time (a `Retry-After`, or a cool-down after repeated failures). */
  availableAt = 0;
  consecutiveFailures = 0;
  cooldowns = 0;
  succeeded = 0;
  failed = 0;
  readonly requestBucket?: TokenBucket;
  readonly tokenBucket?: TokenBucket;

  constructor(
    readonly options: EndpointOptions,
    now: number,
  ) {
    if (options.rpm !== undefined) this.requestBucket = new TokenBucket(options.rpm, now);
    if (options.tpm !== undefined) this.tokenBucket = new TokenBucket(options.tpm, now);
  }

  get url(): string {
    return this.options.url;
  }

  /** The URL for messages and logs: without a user, password or secret query value. */
  get label(): string {
    return redactUrl(this.options.url);
  }

  get hasFreeSlot(): boolean {
    return this.inFlight < this.options.concurrency;
  }

  /** Milliseconds until this endpoint could take a request of `tokens` tokens (0: now). */
  waitFor(tokens: number, now: number): number {
    const paused = this.availableAt - now;
    const requestWait = this.requestBucket?.waitFor(1, now) ?? 0;
    const tokenWait = this.tokenBucket?.waitFor(tokens, now) ?? 0;
    return Math.max(paused, requestWait, tokenWait, 0);
  }

  take(tokens: number, now: number): void {
    this.inFlight++;
    this.requestBucket?.take(1, now);
    this.tokenBucket?.take(tokens, now);
  }
}

/** A claim on one request slot of one endpoint; report how the request went exactly once. */
export interface Lease {
  readonly endpoint: Endpoint;
  succeed(): void;
  fail(kind: FailureKind, retryAfterMs?: number): void;
}

export interface EndpointPoolOptions {
  readonly clock: Clock;
  readonly logger?: Logger;
  /** Consecutive failures after which an endpoint is rested. */
  readonly unhealthyAfter?: number;
  /** First rest; doubles with each further failure until a success. */
  readonly cooldownMs?: number;
  readonly maxCooldownMs?: number;
}

interface Waiter {
  readonly tokens: number;
  readonly avoid?: Endpoint;
  readonly signal?: AbortSignal;
  readonly resolve: (lease: Lease) => void;
  readonly reject: (reason: unknown) => void;
  readonly onAbort: () => void;
}

/**
 * Spreads requests over several endpoints (e.g. a few vLLM servers), each with its own
 * concurrency, request-rate and token-rate limits. Work goes to the least loaded endpoint
 * that may take it now; an endpoint that answers 429 is paused for its `Retry-After`, and one
 * that fails repeatedly (5xx, timeouts, broken connections) is rested with a growing
 * cool-down while its work goes to the others. Waiting requests are served first come,
 * first served.
 */
export class EndpointPool {
  readonly endpoints: readonly Endpoint[];
  private readonly clock: Clock;
  private logger?: Logger;
  private readonly unhealthyAfter: number;
  private readonly cooldownMs: number;
  private readonly maxCooldownMs: number;
  private waiters: Waiter[] = [];
  private wakeAt = Infinity;
  private wakeController?: AbortController;

  constructor(endpoints: readonly EndpointOptions[], options: EndpointPoolOptions) {
    if (endpoints.length === 0) throw new Error('an endpoint pool needs at least one endpoint');
    this.clock = options.clock;
    this.logger = options.logger;
    this.unhealthyAfter = options.unhealthyAfter ?? 3;
    this.cooldownMs = options.cooldownMs ?? 2_000;
    this.maxCooldownMs = options.maxCooldownMs ?? 120_000;
    const now = this.clock.now();
    this.endpoints = endpoints.map((endpoint) => new Endpoint(endpoint, now));
  }

  /** Where warnings about resting endpoints go (the current run's logger). */
  useLogger(logger: Logger): void {
    this.logger = logger;
  }

  /** Requests that may be in flight at once over all endpoints. */
  get capacity(): number {
    return this.endpoints.reduce((sum, endpoint) => sum + endpoint.options.concurrency, 0);
  }

  /**
   * Waits for a slot on some endpoint that may take a request of `tokens` estimated tokens.
   * `avoid` (the endpoint a retry just failed on) is used only when no other endpoint is as free.
   */
  acquire(tokens: number, signal?: AbortSignal, avoid?: Endpoint): Promise<Lease> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    if (this.waiters.length === 0) {
      const endpoint = this.tryAssign(tokens, avoid, this.clock.now());
      if (endpoint instanceof Endpoint) return Promise.resolve(this.lease(endpoint));
    }
    return new Promise<Lease>((resolve, reject) => {
      const waiter: Waiter = {
        tokens,
        avoid,
        signal,
        resolve,
        reject,
        onAbort: () => {
          this.waiters = this.waiters.filter((w) => w !== waiter);
          if (this.waiters.length === 0) this.cancelWake();
          reject(abortReason(signal!));
        },
      };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      this.waiters.push(waiter);
      this.pump();
    });
  }

  /**
   * The endpoint to use now, or how long until one could be used (Infinity: all slots are
   * taken, wait for a release).
   */
  private tryAssign(tokens: number, avoid: Endpoint | undefined, now: number): Endpoint | number {
    let best: Endpoint | undefined;
    let bestScore = Infinity;
    let soonest = Infinity;
    for (const endpoint of this.endpoints) {
      if (!endpoint.hasFreeSlot) continue;
      const wait = endpoint.waitFor(tokens, now);
      if (wait > 0) {
        soonest = Math.min(soonest, wait);
        continue;
      }
      const score = endpoint.inFlight / endpoint.options.concurrency + (endpoint === avoid ? 1 : 0);
      if (score < bestScore) {
        best = endpoint;
        bestScore = score;
      }
    }
    if (best) {
      best.take(tokens, now);
      return best;
    }
    return soonest;
  }

  private pump(): void {
    if (this.waiters.length === 0) return;
    const now = this.clock.now();
    let soonest = Infinity;
    const remaining: Waiter[] = [];
    for (const waiter of this.waiters) {
      // With every slot taken nobody can be served until a release: skip the scan.
      const assigned = this.anyFreeSlot() ? this.tryAssign(waiter.tokens, waiter.avoid, now) : Infinity;
      if (assigned instanceof Endpoint) {
        waiter.signal?.removeEventListener('abort', waiter.onAbort);
        waiter.resolve(this.lease(assigned));
      } else {
        soonest = Math.min(soonest, assigned);
        remaining.push(waiter);
      }
    }
    this.waiters = remaining;
    if (remaining.length === 0) this.cancelWake();
    else if (soonest < Infinity) this.scheduleWake(now + soonest);
  }

  private anyFreeSlot(): boolean {
    return this.endpoints.some((endpoint) => endpoint.hasFreeSlot);
  }

  private scheduleWake(at: number): void {
    if (at >= this.wakeAt) return;
    this.wakeController?.abort();
    const controller = new AbortController();
    this.wakeController = controller;
    this.wakeAt = at;
    this.clock.sleep(Math.max(1, at - this.clock.now()), controller.signal).then(
      () => {
        if (this.wakeController !== controller) return;
        this.wakeAt = Infinity;
        this.wakeController = undefined;
        this.pump();
      },
      () => {},
    );
  }

  private cancelWake(): void {
    this.wakeController?.abort();
    this.wakeController = undefined;
    this.wakeAt = Infinity;
  }

  private lease(endpoint: Endpoint): Lease {
    let settled = false;
    const settle = (): boolean => {
      if (settled) return false;
      settled = true;
      endpoint.inFlight--;
      return true;
    };
    return {
      endpoint,
      succeed: () => {
        if (!settle()) return;
        endpoint.succeeded++;
        endpoint.consecutiveFailures = 0;
        endpoint.cooldowns = 0;
        this.pump();
      },
      fail: (kind, retryAfterMs) => {
        if (!settle()) return;
        endpoint.failed++;
        const now = this.clock.now();
        if (retryAfterMs !== undefined) endpoint.availableAt = Math.max(endpoint.availableAt, now + retryAfterMs);
        if (HEALTH_FAILURES.has(kind)) this.recordHealthFailure(endpoint, now);
        this.pump();
      },
    };
  }

  private recordHealthFailure(endpoint: Endpoint, now: number): void {
    endpoint.consecutiveFailures++;
    if (endpoint.consecutiveFailures < this.unhealthyAfter) return;
    const rest = Math.min(this.maxCooldownMs, this.cooldownMs * 2 ** endpoint.cooldowns);
    endpoint.cooldowns++;
    endpoint.availableAt = Math.max(endpoint.availableAt, now + rest);
    const others = this.endpoints.length > 1 ? '; its work goes to the other endpoints meanwhile' : '';
    this.logger?.warn(
      `endpoint ${endpoint.label} failed ${endpoint.consecutiveFailures} times in a row; resting it for ${(rest / 1000).toFixed(1)} s${others}`,
    );
  }
}
