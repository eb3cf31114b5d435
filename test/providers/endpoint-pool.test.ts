import { describe, expect, test } from 'vitest';
import { virtualClock } from '../../src/providers/clock.js';
import { EndpointPool, type Lease } from '../../src/providers/endpoint-pool.js';

const endpoint = (url: string, extra: { concurrency?: number; rpm?: number; tpm?: number } = {}) => ({
  url,
  apiKey: 'k',
  concurrency: extra.concurrency ?? 4,
  rpm: extra.rpm,
  tpm: extra.tpm,
});

describe('EndpointPool', () => {
  test('hands out at most `concurrency` leases per endpoint, then serves waiters first come first served', async () => {
    const pool = new EndpointPool([endpoint('http://a/v1', { concurrency: 2 })], { clock: virtualClock() });
    const first = await pool.acquire(0);
    const second = await pool.acquire(0);
    const order: number[] = [];
    const third = pool.acquire(0).then((lease) => (order.push(3), lease));
    const fourth = pool.acquire(0).then((lease) => (order.push(4), lease));
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual([]);
    first.succeed();
    (await third).succeed();
    second.succeed();
    (await fourth).succeed();
    expect(order).toEqual([3, 4]);
    expect(pool.endpoints[0].inFlight).toBe(0);
  });

  test('a request rate limit spaces grants by the bucket: burst of one second, then the refill rate', async () => {
    const clock = virtualClock();
    const pool = new EndpointPool([endpoint('http://a/v1', { concurrency: 100, rpm: 120 })], { clock });
    const start = clock.now();
    const grantedAt: number[] = [];
    await Promise.all(
      Array.from({ length: 8 }, () =>
        pool.acquire(0).then((lease) => {
          grantedAt.push(clock.now() - start);
          lease.succeed();
        }),
      ),
    );
    // 120 per minute: 2 at once, then one every 500 ms.
    expect(grantedAt).toEqual([0, 0, 500, 1000, 1500, 2000, 2500, 3000]);
  });

  test('a token rate limit counts each request\'s tokens; an oversized request waits for a full bucket', async () => {
    const clock = virtualClock();
    const pool = new EndpointPool([endpoint('http://a/v1', { concurrency: 100, tpm: 6000 })], { clock });
    const start = clock.now();
    const grantedAt: number[] = [];
    for (const tokens of [60, 40, 100, 250]) {
      const lease = await pool.acquire(tokens);
      grantedAt.push(clock.now() - start);
      lease.succeed();
    }
    // 6,000 per minute is 100 a second, bucket of 100: 60 and 40 at once, 100 after a second, 250 (over the bucket) after another.
    expect(grantedAt).toEqual([0, 0, 1000, 2000]);
  });

  test('Retry-After pauses the endpoint; work goes to another endpoint meanwhile', async () => {
    const clock = virtualClock();
    const pool = new EndpointPool([endpoint('http://a/v1', { concurrency: 1 }), endpoint('http://b/v1', { concurrency: 1 })], { clock });
    const lease = await pool.acquire(0);
    const paused = lease.endpoint;
    lease.fail('rate-limit', 5000);
    const next = await pool.acquire(0);
    expect(next.endpoint).not.toBe(paused);
    const waiting = pool.acquire(0);
    const before = clock.now();
    const after = await waiting;
    expect(after.endpoint).toBe(paused);
    expect(clock.now() - before).toBeGreaterThanOrEqual(5000);
    next.succeed();
    after.succeed();
  });

  test('repeated failures rest an endpoint with a doubling cool-down; a success restores it', async () => {
    const clock = virtualClock();
    const warnings: string[] = [];
    const pool = new EndpointPool([endpoint('http://a/v1', { concurrency: 1 })], {
      clock,
      unhealthyAfter: 2,
      cooldownMs: 1000,
      logger: { info() {}, debug() {}, error() {}, warn: (m) => warnings.push(m) },
    });
    const fail = async (): Promise<number> => {
      const before = clock.now();
      const lease: Lease = await pool.acquire(0);
      const waited = clock.now() - before;
      lease.fail('server');
      return waited;
    };
    expect(await fail()).toBe(0);
    expect(await fail()).toBe(0); // second failure: rested for 1 s
    expect(await fail()).toBeGreaterThanOrEqual(1000); // third: rested for 2 s
    expect(await fail()).toBeGreaterThanOrEqual(2000);
    expect(warnings).toHaveLength(3);
    expect(warnings[0]).toContain('http://a/v1');
    const lease = await pool.acquire(0);
    lease.succeed();
    expect(pool.endpoints[0].consecutiveFailures).toBe(0);
    expect(pool.endpoints[0].cooldowns).toBe(0);
  });

  test('client errors (4xx) do not count against an endpoint\'s health', async () => {
    const pool = new EndpointPool([endpoint('http://a/v1')], { clock: virtualClock(), unhealthyAfter: 1 });
    for (let i = 0; i < 5; i++) (await pool.acquire(0)).fail('client');
    expect(pool.endpoints[0].availableAt).toBe(0);
  });

  test('a waiter whose signal aborts leaves the queue with the abort reason', async () => {
    const pool = new EndpointPool([endpoint('http://a/v1', { concurrency: 1 })], { clock: virtualClock() });
    const held = await pool.acquire(0);
    const controller = new AbortController();
    const waiting = pool.acquire(0, controller.signal);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    held.succeed();
    expect(pool.endpoints[0].inFlight).toBe(0);
  });

  test('a lease settles once: a second report changes nothing', async () => {
    const pool = new EndpointPool([endpoint('http://a/v1')], { clock: virtualClock() });
    const lease = await pool.acquire(0);
    lease.succeed();
    lease.fail('server');
    expect(pool.endpoints[0].inFlight).toBe(0);
    expect(pool.endpoints[0].failed).toBe(0);
  });
});
