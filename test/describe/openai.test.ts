import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createContext, type Logger } from '../../src/types/context.js';
import { loadImagePayload } from '../../src/describe/image-payload.js';
import { createOpenAIDescriber } from '../../src/describe/openai.js';
import { BUILT_IN_PROMPTS } from '../../src/describe/prompts.js';
import type { DescribeOutcome, DescribeRequest } from '../../src/describe/types.js';
import { virtualClock, type Clock } from '../../src/providers/clock.js';
import { ProviderFatalError } from '../../src/providers/errors.js';
import { costOf, lookupPrice } from '../../src/providers/pricing.js';
import { SettingsError } from '../../src/util/settings.js';
import { sha256 } from '../../src/util/hash.js';
import { describeForTest, useProviderServers, type FaultPlan } from '../provider-server/index.js';
import { describerConformance } from '../conformance/describer.js';
import { collect, makeImageFolder, testContext, type ImageFolder } from './fixtures.js';

const serve = useProviderServers();
const prompt = BUILT_IN_PROMPTS.connotative;
let folder: ImageFolder;

beforeAll(async () => {
  folder = await makeImageFolder(12);
});
afterAll(async () => {
  await folder.remove();
});


function describer(settings: Record<string, unknown>, clock?: Clock) {
  return createOpenAIDescriber(
    { prompt, baseDir: '.', settings: { profile: 'openai', apiKey: 'sk-test', model: 'gpt-4o', ...settings } },
    { clock, env: {} },
  );
}

/** The key the server gives an image: a hash of the bytes it received (PNGs this small are sent unchanged). */
const keyOf = (request: DescribeRequest): string => request.imageHash.slice(0, 16);
const byHash = (outcomes: DescribeOutcome[]): Map<string, DescribeOutcome> => new Map(outcomes.map((o) => [o.imageHash, o]));

describe('openai describer, online', () => {
  test('describes every image, each answer reaching its own image, with usage and cost', async () => {
    const server = await serve({ latencyMs: 5 });
    const outcomes = await collect(describer({ baseUrl: server.url }).describe(folder.requests, testContext()));
    expect(outcomes).toHaveLength(folder.requests.length);
    const price = lookupPrice('gpt-4o')!;
    const found = byHash(outcomes);
    for (const request of folder.requests) {
      const outcome = found.get(request.imageHash)!;
      expect(outcome.kind).toBe('description');
      if (outcome.kind !== 'description') continue;
      const sent = await loadImagePayload(request.path, { maxSide: 1024, jpegQuality: 90 });
      const bytes = Buffer.from(sent.dataUrl.split(',')[1], 'base64');
      expect(outcome.status).toBe('ok');
      expect(outcome.text).toBe(describeForTest(bytes, prompt.text));
      expect(outcome.usage!.inputTokens).toBeGreaterThan(85);
      expect(outcome.costUsd).toBeCloseTo(costOf(outcome.usage!, price), 12);
      expect(outcome.responseModel).toBe('gpt-4o');
    }
    // The documented OpenAI request shape.
    const body = server.requests[0].body as Record<string, unknown>;
    expect(body).toMatchObject({ model: 'gpt-4o', max_completion_tokens: 400, temperature: 0, seed: 42 });
    expect(body).not.toHaveProperty('max_tokens');
    const content = (body.messages as Array<{ content: Array<Record<string, unknown>> }>)[0].content;
    expect(content[0]).toEqual({ type: 'text', text: prompt.text });
    expect(content[1]).toMatchObject({ type: 'image_url', image_url: { detail: 'high' } });
    expect((content[1].image_url as { url: string }).url).toMatch(/^data:image\/png;base64,/);
  });

  test('the signature records every parameter that changes the text, and only those', () => {
    const d = describer({ baseUrl: 'http://127.0.0.1:9/v1', temperature: 0.2, seed: 7, maxTokens: 300, detail: 'low', imageSize: 768, concurrency: 64 });
    expect(d.signature).toEqual({
      describer: 'openai',
      model: 'gpt-4o',
      params: { temperature: 0.2, seed: 7, maxTokens: 300, detail: 'low', imageSize: 768, jpegQuality: 90 },
    });
    expect(d.prompt.hash).toBe(prompt.hash);
  });

  test('a 429 waits exactly the Retry-After seconds, then succeeds', async () => {
    const clock = virtualClock();
    const server = await serve({
      faults: ({ imageAttempt }) => (imageAttempt === 1 ? { kind: 'status', status: 429, retryAfter: '7' } : undefined),
    });
    const requests = folder.requests.slice(0, 3);
    const outcomes = await collect(describer({ baseUrl: server.url, concurrency: 1 }, clock).describe(requests, testContext()));
    expect(outcomes.map((o) => o.kind === 'description' && o.status)).toEqual(['ok', 'ok', 'ok']);
    expect(server.stats.byRoute.chat).toBe(6);
    expect(clock.sleeps.filter((ms) => ms === 7000)).toHaveLength(3);
  });

  test('a Retry-After given as an HTTP date is honoured too', async () => {
    const clock = virtualClock();
    const server = await serve({
      faults: ({ imageAttempt }) =>
        imageAttempt === 1 ? { kind: 'status', status: 429, retryAfter: new Date(clock.now() + 30_000).toUTCString() } : undefined,
    });
    const outcomes = await collect(describer({ baseUrl: server.url, concurrency: 1 }, clock).describe(folder.requests.slice(0, 1), testContext()));
    expect(outcomes[0]).toMatchObject({ kind: 'description', status: 'ok' });
    expect(clock.sleeps).toHaveLength(1);
    expect(clock.sleeps[0]).toBeGreaterThan(29_000);
    expect(clock.sleeps[0]).toBeLessThanOrEqual(30_000);
  });

  test('5xx answers are retried with growing, jittered backoff', async () => {
    const clock = virtualClock();
    const server = await serve({
      faults: ({ imageAttempt }) =>
        imageAttempt === 1 ? { kind: 'status', status: 500 } : imageAttempt === 2 ? { kind: 'status', status: 503 } : undefined,
    });
    const outcomes = await collect(describer({ baseUrl: server.url, concurrency: 1 }, clock).describe(folder.requests.slice(0, 1), testContext()));
    expect(outcomes[0]).toMatchObject({ kind: 'description', status: 'ok' });
    expect(server.stats.byRoute.chat).toBe(3);
    expect(clock.sleeps).toHaveLength(2);
    expect(clock.sleeps[0]).toBeGreaterThanOrEqual(500);
    expect(clock.sleeps[0]).toBeLessThanOrEqual(1000);
    expect(clock.sleeps[1]).toBeGreaterThanOrEqual(1000);
    expect(clock.sleeps[1]).toBeLessThanOrEqual(2000);
  });

  test.each(['hang', 'hang-body'] as const)('a request that %s past the timeout is abandoned and retried', async (kind) => {
    const clock = virtualClock();
    const server = await serve({ faults: ({ imageAttempt }) => (imageAttempt === 1 ? { kind } : undefined) });
    const outcomes = await collect(
      describer({ baseUrl: server.url, concurrency: 1, timeoutSeconds: 0.3 }, clock).describe(folder.requests.slice(0, 1), testContext()),
    );
    expect(outcomes[0]).toMatchObject({ kind: 'description', status: 'ok' });
    expect(server.stats.byRoute.chat).toBe(2);
  });

  test.each([
    ['malformed', /malformed response/],
    ['truncated', /connection|terminated|malformed/],
  ] as const)('a %s body that never heals gives a failure outcome naming the image', async (kind, pattern) => {
    const [bad, ...good] = folder.requests.slice(0, 4);
    const clock = virtualClock();
    const server = await serve({ faults: ({ imageKey }) => (imageKey === keyOf(bad) ? { kind } : undefined) });
    const outcomes = await collect(describer({ baseUrl: server.url, maxRetries: 2 }, clock).describe([bad, ...good], testContext()));
    const failure = byHash(outcomes).get(bad.imageHash)!;
    expect(failure.kind).toBe('failure');
    if (failure.kind === 'failure') {
      expect(failure.message).toContain(bad.path);
      expect(failure.message).toMatch(pattern);
      expect(failure.message).toContain('gave up after 3 attempts');
    }
    for (const request of good) expect(byHash(outcomes).get(request.imageHash)).toMatchObject({ kind: 'description', status: 'ok' });
  });

  test('refusals (field, prose, content filter) and empty answers are recorded as such, never retried', async () => {
    const [field, prose, filtered, empty, fine] = folder.requests;
    const plan = new Map<string, FaultPlan extends (c: never) => infer F ? F : never>([
      [keyOf(field), { kind: 'refusal', via: 'field' }],
      [keyOf(prose), { kind: 'refusal', via: 'text' }],
      [keyOf(filtered), { kind: 'content-filter' }],
      [keyOf(empty), { kind: 'empty' }],
    ]);
    const server = await serve({ faults: ({ imageKey }) => plan.get(imageKey ?? '') });
    const outcomes = byHash(await collect(describer({ baseUrl: server.url }).describe([field, prose, filtered, empty, fine], testContext())));
    expect(outcomes.get(field.imageHash)).toMatchObject({ kind: 'description', status: 'refused', text: "I'm sorry, I can't assist with that request." });
    expect(outcomes.get(prose.imageHash)).toMatchObject({ kind: 'description', status: 'refused', text: "I'm sorry, I can't help with that." });
    expect(outcomes.get(filtered.imageHash)).toMatchObject({ kind: 'description', status: 'refused' });
    expect(outcomes.get(empty.imageHash)).toMatchObject({ kind: 'description', status: 'empty', text: '' });
    expect(outcomes.get(fine.imageHash)).toMatchObject({ kind: 'description', status: 'ok' });
    expect(server.stats.byRoute.chat).toBe(5);
  });

  test('never more requests in flight than the concurrency limit', async () => {
    const server = await serve({ latencyMs: 40 });
    const outcomes = await collect(describer({ baseUrl: server.url, concurrency: 3 }).describe(folder.requests, testContext()));
    expect(outcomes.every((o) => o.kind === 'description')).toBe(true);
    expect(server.stats.maxInFlight).toBeLessThanOrEqual(3);
    expect(server.stats.maxInFlight).toBeGreaterThan(1);
  });

  test('works at a concurrency of 256', async () => {
    const many = await makeImageFolder(300, { width: 8, height: 8 });
    try {
      const server = await serve({ latencyMs: 400, log: false });
      const outcomes = await collect(describer({ baseUrl: server.url, concurrency: 256 }).describe(many.requests, testContext()));
      expect(outcomes.filter((o) => o.kind === 'description')).toHaveLength(300);
      expect(new Set(outcomes.map((o) => o.imageHash)).size).toBe(300);
      expect(server.stats.maxInFlight).toBeLessThanOrEqual(256);
      expect(server.stats.maxInFlight).toBeGreaterThan(64);
    } finally {
      await many.remove();
    }
  });

  test('requests per minute are limited (measured where the server receives them)', async () => {
    const many = await makeImageFolder(30, { width: 8, height: 8 });
    try {
      const server = await serve();
      const outcomes = await collect(describer({ baseUrl: server.url, concurrency: 30, rpm: 1200 }).describe(many.requests, testContext()));
      expect(outcomes).toHaveLength(30);
      const times = server.requests.map((r) => r.receivedAt).sort((x, y) => x - y);
      // 1,200 per minute is 20 a second with a burst of 20: the last request cannot come before 0.5 s.
      expect(times[29] - times[0]).toBeGreaterThanOrEqual(450);
      // Any half-second window holds at most the burst plus half a second's refill (plus a little network jitter).
      for (const start of times) expect(times.filter((t) => t >= start && t < start + 500).length).toBeLessThanOrEqual(20 + 10 + 2);
    } finally {
      await many.remove();
    }
  });

  test("tokens per minute are limited by each request's estimated tokens", async () => {
    const server = await serve();
    // A 40 x 30 image at high detail (255 tokens), the prompt (~190) and 400 output tokens: about 850 reserved each.
    // 102,000 TPM is 1,700 a second with a burst of 1,700: two at once, the third half a second later.
    await collect(describer({ baseUrl: server.url, concurrency: 3, tpm: 102_000 }).describe(folder.requests.slice(0, 3), testContext()));
    const times = server.requests.map((r) => r.receivedAt).sort((x, y) => x - y);
    expect(times[2] - times[0]).toBeGreaterThanOrEqual(350);
  });

  test('several endpoints share the work', async () => {
    const a = await serve({ latencyMs: 20 });
    const b = await serve({ latencyMs: 20 });
    const outcomes = await collect(describer({ baseUrls: [a.url, b.url], concurrency: 3 }).describe(folder.requests, testContext()));
    expect(outcomes.filter((o) => o.kind === 'description')).toHaveLength(12);
    expect(a.stats.byRoute.chat).toBeGreaterThanOrEqual(3);
    expect(b.stats.byRoute.chat).toBeGreaterThanOrEqual(3);
    expect(a.stats.byRoute.chat + b.stats.byRoute.chat).toBe(12);
    expect(Math.max(a.stats.maxInFlight, b.stats.maxInFlight)).toBeLessThanOrEqual(3);
  });

  test('an endpoint that keeps failing is rested and its work goes to the healthy one', async () => {
    const healthy = await serve({ latencyMs: 10 });
    const broken = await serve({ faults: () => ({ kind: 'status', status: 503 }) });
    const warnings: string[] = [];
    const logger: Logger = { info: () => {}, debug: () => {}, error: () => {}, warn: (m) => warnings.push(m) };
    const d = describer({ baseUrls: [broken.url, healthy.url], concurrency: 2 });
    const outcomes = await collect(d.describe(folder.requests, createContext({ seed: 3, logger })));
    expect(outcomes.map((o) => o.kind === 'description' && o.status)).toEqual(new Array(12).fill('ok'));
    expect(healthy.stats.chatAnswers.size).toBe(12);
    expect(broken.stats.byRoute.chat).toBeLessThanOrEqual(4);
    expect(warnings.some((w) => w.includes(broken.url) && w.includes('resting it'))).toBe(true);
    expect(d.endpointStats().find((e) => e.url === healthy.url)!.succeeded).toBe(12);
  });

  test.each([
    [401, undefined, /API key was refused/],
    [404, undefined, /not found.*model name/],
    [429, 'insufficient_quota', /no quota left/],
  ] as const)('HTTP %s (%s) stops the run with a clear error instead of failing every image', async (status, code, pattern) => {
    const server = await serve({ faults: () => ({ kind: 'status', status, code }) });
    const outcomes: DescribeOutcome[] = [];
    const run = async (): Promise<void> => {
      for await (const outcome of describer({ baseUrl: server.url, concurrency: 2 }).describe(folder.requests, testContext())) outcomes.push(outcome);
    };
    await expect(run()).rejects.toThrow(ProviderFatalError);
    await expect(run()).rejects.toThrow(pattern);
    expect(outcomes).toHaveLength(0);
    expect(server.stats.byRoute.chat).toBeLessThanOrEqual(6);
  });

  test('a fatal error on one endpoint still hands over the answers in flight on the others (they are paid for)', async () => {
    const healthy = await serve({ latencyMs: 80 });
    const broken = await serve({ faults: () => ({ kind: 'status', status: 404 }) });
    const outcomes: DescribeOutcome[] = [];
    const run = async (): Promise<void> => {
      for await (const outcome of describer({ baseUrls: [broken.url, healthy.url], concurrency: 2 }).describe(folder.requests, testContext())) outcomes.push(outcome);
    };
    await expect(run()).rejects.toThrow(/not found.*model name/);
    const billed = [...healthy.stats.chatAnswers.values()].reduce((a, b) => a + b, 0);
    expect(billed).toBeGreaterThan(0);
    expect(outcomes.filter((o) => o.kind === 'description')).toHaveLength(billed);
  });

  test('a paid answer that is not a chat completion (usage, no choices) is kept as unreadable and never retried', async () => {
    const [odd, fine] = folder.requests;
    const server = await serve({ faults: ({ imageKey }) => (imageKey === keyOf(odd) ? { kind: 'no-choices' } : undefined) });
    const outcomes = byHash(await collect(describer({ baseUrl: server.url }).describe([odd, fine], testContext())));
    expect(outcomes.get(odd.imageHash)).toMatchObject({ kind: 'description', status: 'unreadable', text: expect.stringContaining('"choices":[]'), usage: { inputTokens: expect.any(Number) } });
    expect(outcomes.get(fine.imageHash)).toMatchObject({ kind: 'description', status: 'ok' });
    expect(server.stats.byRoute.chat).toBe(2);
  });

  test('a hosted service without a key fails before sending anything, and names the variable to set', async () => {
    const d = createOpenAIDescriber({ prompt, baseDir: '.', settings: { model: 'gpt-4o' } }, { env: {} });
    await expect(collect(d.describe(folder.requests, testContext()))).rejects.toThrow(/OPENAI_API_KEY/);
    await expect(collect(d.describe(folder.requests, testContext()))).rejects.toThrow(SettingsError);
  });

  test('Ctrl-C (the abort signal) stops new requests; those in flight finish and come out, then the outcomes end', async () => {
    const server = await serve({ latencyMs: 30 });
    const controller = new AbortController();
    const received: DescribeOutcome[] = [];
    for await (const outcome of describer({ baseUrl: server.url, concurrency: 2 }).describe(folder.requests, testContext({ signal: controller.signal }))) {
      received.push(outcome);
      if (received.length === 3) controller.abort();
    }
    expect(received.length).toBeGreaterThanOrEqual(3);
    expect(received.length).toBeLessThan(12);
    expect(received.every((o) => o.kind === 'description')).toBe(true);
    // Every answer the server gave (and would bill) reached the caller.
    const answered = [...server.stats.chatAnswers.values()].reduce((a, b) => a + b, 0);
    expect(received).toHaveLength(answered);
  });

  test('a caller that stops reading aborts the requests in flight', async () => {
    const server = await serve({ latencyMs: 200 });
    for await (const outcome of describer({ baseUrl: server.url, concurrency: 4 }).describe(folder.requests, testContext())) {
      expect(outcome.kind).toBe('description');
      break;
    }
    for (let waited = 0; server.stats.inFlight > 0 && waited < 5000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(server.stats.inFlight).toBe(0);
    expect(server.stats.byRoute.chat).toBeLessThan(12);
  });

  test('an unreadable image is a failure naming the file, and costs no request', async () => {
    const server = await serve();
    const path = join(folder.dir, 'broken.png');
    await writeFile(path, 'not an image');
    const broken: DescribeRequest = { imageHash: sha256('not an image'), ids: ['broken.png'], path };
    const outcomes = await collect(describer({ baseUrl: server.url }).describe([broken], testContext()));
    expect(outcomes).toEqual([{ kind: 'failure', imageHash: broken.imageHash, message: expect.stringContaining(path) }]);
    expect(server.stats.byRoute.chat).toBe(0);
  });

  test('large or rotated images are fitted into imageSize as JPEG; small PNGs go unchanged', async () => {
    const server = await serve();
    const largePath = join(folder.dir, 'large.jpg');
    await sharp({ create: { width: 3000, height: 2000, channels: 3, background: '#3366aa' } }).jpeg().toFile(largePath);
    const rotatedPath = join(folder.dir, 'rotated.jpg');
    await sharp({ create: { width: 60, height: 20, channels: 3, background: '#aa3366' } }).jpeg().withMetadata({ orientation: 6 }).toFile(rotatedPath);
    const requests = await Promise.all(
      [largePath, rotatedPath, folder.requests[0].path].map(async (path) => ({ imageHash: sha256(await readFile(path)), ids: [path], path })),
    );
    await collect(describer({ baseUrl: server.url, imageSize: 512, concurrency: 1 }).describe(requests, testContext()));
    const sent = server.requests.map((r) => {
      const url = ((r.body as { messages: Array<{ content: Array<{ image_url?: { url: string } }> }> }).messages[0].content[1].image_url!).url;
      return Buffer.from(url.split(',')[1], 'base64');
    });
    const sizes = await Promise.all(sent.map(async (bytes) => {
      const meta = await sharp(bytes).metadata();
      return [meta.format, meta.width, meta.height];
    }));
    expect(sizes).toEqual([
      ['jpeg', 512, 341],
      ['jpeg', 20, 60],
      ['png', 40, 30],
    ]);
    expect(sent[2].equals(await readFile(folder.requests[0].path))).toBe(true);
  });
});

describe.each(['node', 'fetch'] as const)('transport %s', (transport) => {
  test('answers, timeouts in the body, and cut-off bodies behave the same', async () => {
    const [hangs, cut, fine] = folder.requests;
    const server = await serve({
      faults: ({ imageKey, imageAttempt }) =>
        imageKey === keyOf(hangs) && imageAttempt === 1 ? { kind: 'hang-body' } : imageKey === keyOf(cut) ? { kind: 'truncated' } : undefined,
    });
    const outcomes = byHash(
      await collect(describer({ baseUrl: server.url, transport, timeoutSeconds: 0.3, maxRetries: 1 }, virtualClock()).describe([hangs, cut, fine], testContext())),
    );
    expect(outcomes.get(hangs.imageHash)).toMatchObject({ kind: 'description', status: 'ok' });
    expect(outcomes.get(cut.imageHash)).toMatchObject({ kind: 'failure', message: expect.stringContaining(cut.path) });
    expect(outcomes.get(fine.imageHash)).toMatchObject({ kind: 'description', status: 'ok' });
  });
});

describe('conformance', () => {
  describerConformance(
    async () => describer({ baseUrl: (await serve()).url }),
    () => folder.requests,
  );
});
