import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { describeImages, descriptionKey } from '../../src/describe/run.js';
import { openStore, type Store } from '../../src/store/index.js';
import { memoryState, type StageState } from '../../src/types/context.js';
import { createOpenAIDescriber } from '../../src/describe/openai.js';
import { BUILT_IN_PROMPTS } from '../../src/describe/prompts.js';
import type { DescribeOutcome, DescribeRequest } from '../../src/describe/types.js';
import { costOf, lookupPrice } from '../../src/providers/pricing.js';
import { SettingsError } from '../../src/util/settings.js';
import { useProviderServers, type ProviderServer } from '../provider-server/index.js';
import { collect, makeImageFolder, testContext, type ImageFolder } from './fixtures.js';

const serve = useProviderServers();
const prompt = BUILT_IN_PROMPTS.denotative;
let folder: ImageFolder;

beforeAll(async () => {
  folder = await makeImageFolder(6);
});
afterAll(async () => {
  await folder.remove();
});


const batchDescriber = (server: ProviderServer, settings: Record<string, unknown> = {}) =>
  createOpenAIDescriber(
    { prompt, baseDir: '.', settings: { baseUrl: server.url, profile: 'openai', apiKey: 'sk-test', model: 'gpt-4o', batch: true, pollSeconds: 0.001, ...settings } },
    { env: {} },
  );

/** A state that reports every write, so a test can stop or "crash" the process at a chosen moment. */
function watchedState(onSet: (key: string, value: unknown) => void): StageState & { values: StageState } {
  const values = memoryState();
  return {
    values,
    get: (key) => values.get(key),
    set: (key, value) => {
      onSet(key, value);
      values.set(key, value);
    },
    delete: (key) => values.delete(key),
  };
}

const hasBatchId = (value: unknown): boolean => !!value && typeof value === 'object' && typeof (value as { batchId?: unknown }).batchId === 'string';
const statuses = (outcomes: DescribeOutcome[]) => outcomes.map((o) => (o.kind === 'description' ? o.status : 'failure'));

/** Runs until the batch id is stored, then stops as Ctrl-C would (between polls). */
async function submitThenStop(server: ProviderServer, requests: DescribeRequest[], state: StageState): Promise<DescribeOutcome[]> {
  const controller = new AbortController();
  const watched: StageState = {
    get: (key) => state.get(key),
    set: (key, value) => {
      state.set(key, value);
      if (hasBatchId(value)) controller.abort(new Error('stopped by the test'));
    },
    delete: (key) => state.delete(key),
  };
  // Stopping ends the outcomes quietly: the batch goes on at the provider.
  const received = await collect(batchDescriber(server).describe(requests, testContext({ signal: controller.signal, state: watched })));
  expect(controller.signal.aborted).toBe(true);
  return received;
}

describe('openai describer, Batch API', () => {
  test('writes the JSONL, uploads it, creates the batch, polls, and ingests outcomes at batch prices', async () => {
    const server = await serve();
    const written = new Set<string>();
    const state = watchedState((key) => written.add(key));
    const outcomes = await collect(batchDescriber(server).describe(folder.requests, testContext({ state })));
    expect(statuses(outcomes)).toEqual(new Array(6).fill('ok'));
    expect(new Set(outcomes.map((o) => o.imageHash))).toEqual(new Set(folder.requests.map((r) => r.imageHash)));
    const price = lookupPrice('gpt-4o')!;
    for (const outcome of outcomes) {
      if (outcome.kind === 'description') expect(outcome.costUsd).toBeCloseTo(costOf(outcome.usage!, price, true), 12);
    }
    expect(server.stats).toMatchObject({ filesUploaded: 1, batchesCreated: 1 });
    expect(server.stats.byRoute.chat).toBe(0);
    const upload = server.requests.find((r) => r.path === '/v1/files')!;
    expect(upload.body).toMatchObject({ purpose: 'batch', lines: 6 });
    const input = [...server.files.values()].find((f) => f.purpose === 'batch')!;
    const lines = input.bytes.toString('utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(lines.map((l) => l.custom_id).sort()).toEqual(folder.requests.map((r) => r.imageHash).sort());
    expect(lines[0]).toMatchObject({ method: 'POST', url: '/v1/chat/completions', body: { model: 'gpt-4o', max_completion_tokens: 400, seed: 42 } });
    const created = server.requests.find((r) => r.path === '/v1/batches' && r.method === 'POST')!;
    expect(created.body).toMatchObject({ endpoint: '/v1/chat/completions', completion_window: '24h' });
    // The batch was remembered while it ran, and nothing is left to resume once ingested.
    const indexKey = [...written].find((key) => key.endsWith(':index'))!;
    const recordKeys = [...written].filter((key) => key !== indexKey);
    expect(recordKeys).toHaveLength(1);
    expect(state.get(indexKey)).toEqual([]);
    expect(state.get(recordKeys[0])).toBeUndefined();
  });

  test('the batch id is stored before the first poll', async () => {
    const server = await serve();
    let retrievalsWhenStored = -1;
    const state = watchedState((_key, value) => {
      if (hasBatchId(value) && retrievalsWhenStored < 0) {
        retrievalsWhenStored = server.requests.filter((r) => r.method === 'GET' && /^\/v1\/batches\/batch_/.test(r.path)).length;
      }
    });
    await collect(batchDescriber(server).describe(folder.requests, testContext({ state })));
    expect(retrievalsWhenStored).toBe(0);
  });

  test('a restarted process resumes the stored batch and never submits it again', async () => {
    const server = await serve();
    const state = memoryState();
    const first = await submitThenStop(server, folder.requests, state);
    expect(first).toEqual([]);
    expect(server.stats.batchesCreated).toBe(1);
    const outcomes = await collect(batchDescriber(server).describe(folder.requests, testContext({ state })));
    expect(statuses(outcomes)).toEqual(new Array(6).fill('ok'));
    expect(server.stats).toMatchObject({ filesUploaded: 1, batchesCreated: 1 });
    expect([...server.stats.batchAnswers.values()].every((n) => n === 1)).toBe(true);
  });

  test('a process that died right after creating the batch (before storing its id) adopts it instead of paying twice', async () => {
    const server = await serve();
    const state = memoryState();
    let crashed = false;
    const crashing: StageState = {
      get: (key) => state.get(key),
      set: (key, value) => {
        if (hasBatchId(value) && !crashed) {
          crashed = true;
          throw new Error('process died');
        }
        state.set(key, value);
      },
      delete: (key) => state.delete(key),
    };
    await expect(collect(batchDescriber(server).describe(folder.requests, testContext({ state: crashing })))).rejects.toThrow('process died');
    expect(server.stats.batchesCreated).toBe(1);
    const outcomes = await collect(batchDescriber(server).describe(folder.requests, testContext({ state })));
    expect(outcomes).toHaveLength(6);
    expect(server.stats).toMatchObject({ filesUploaded: 1, batchesCreated: 1 });
  });

  test('only images in no stored batch are submitted', async () => {
    const server = await serve();
    const state = memoryState();
    const [a, b, c] = folder.requests;
    await submitThenStop(server, [a, b], state);
    const outcomes = await collect(batchDescriber(server).describe([a, b, c], testContext({ state })));
    expect(new Set(outcomes.map((o) => o.imageHash))).toEqual(new Set([a.imageHash, b.imageHash, c.imageHash]));
    expect(server.stats.batchesCreated).toBe(2);
    const uploads = server.requests.filter((r) => r.path === '/v1/files').map((r) => (r.body as { lines: number }).lines);
    expect(uploads).toEqual([2, 1]);
  });

  test('an expired batch gives its answered half, failures for the rest, and a re-run resubmits only those', async () => {
    const server = await serve({ batch: { ending: 'expired' } });
    const state = memoryState();
    const outcomes = await collect(batchDescriber(server).describe(folder.requests, testContext({ state })));
    expect(statuses(outcomes).filter((s) => s === 'ok')).toHaveLength(3);
    const failures = outcomes.filter((o) => o.kind === 'failure');
    expect(failures).toHaveLength(3);
    for (const failure of failures) {
      const request = folder.requests.find((r) => r.imageHash === failure.imageHash)!;
      expect(failure.kind === 'failure' && failure.message).toContain(request.path);
      expect(failure.kind === 'failure' && failure.message).toContain('could not be executed before the completion window expired');
    }
    const retry = folder.requests.filter((r) => failures.some((f) => f.imageHash === r.imageHash));
    await collect(batchDescriber(server).describe(retry, testContext({ state })));
    const uploads = server.requests.filter((r) => r.path === '/v1/files').map((r) => (r.body as { lines: number }).lines);
    expect(uploads).toEqual([6, 3]);
  });

  test('refusals, empty answers and per-request errors inside a batch', async () => {
    const [refused, empty, broken, ...fine] = folder.requests;
    const key = (r: DescribeRequest) => r.imageHash.slice(0, 16);
    const server = await serve({
      faults: ({ imageKey }) =>
        imageKey === key(refused)
          ? { kind: 'refusal', via: 'field' }
          : imageKey === key(empty)
            ? { kind: 'empty' }
            : imageKey === key(broken)
              ? { kind: 'status', status: 400, message: 'image too large' }
              : undefined,
    });
    const outcomes = new Map((await collect(batchDescriber(server).describe(folder.requests, testContext()))).map((o) => [o.imageHash, o]));
    expect(outcomes.get(refused.imageHash)).toMatchObject({ kind: 'description', status: 'refused' });
    expect(outcomes.get(empty.imageHash)).toMatchObject({ kind: 'description', status: 'empty' });
    expect(outcomes.get(broken.imageHash)).toMatchObject({ kind: 'failure', message: expect.stringMatching(/HTTP 400.*image too large/) });
    for (const r of fine) expect(outcomes.get(r.imageHash)).toMatchObject({ kind: 'description', status: 'ok' });
  });

  test('large jobs are split into several batches within the request limit', async () => {
    const server = await serve();
    const outcomes = await collect(batchDescriber(server, { batchMaxRequests: 4 }).describe(folder.requests, testContext()));
    expect(outcomes).toHaveLength(6);
    expect(server.stats.batchesCreated).toBe(2);
  });

  test('batch mode is refused where the provider has no Batch API', () => {
    expect(() =>
      createOpenAIDescriber({ prompt, baseDir: '.', settings: { baseUrl: 'http://localhost:11434/v1', model: 'llava', batch: true } }, { env: {} }),
    ).toThrow(SettingsError);
    expect(() =>
      createOpenAIDescriber({ prompt, baseDir: '.', settings: { baseUrl: 'http://localhost:11434/v1', model: 'llava', batch: true } }, { env: {} }),
    ).toThrow(/setting 'batch' must be false for Ollama/);
  });
});


test('batch mode needs a single server', () => {
  expect(() =>
    createOpenAIDescriber(
      { prompt, baseDir: '.', settings: { baseUrls: ['https://api.openai.com/v1', 'https://other.example/v1'], profile: 'openai', batch: true } },
      { env: {} },
    ),
  ).toThrow(/setting 'batch' must be false with several base URLs/);
});

describe('a batch never throws away an answer it paid for', () => {
  const stores: Store[] = [];
  afterAll(() => stores.forEach((store) => store.close()));
  const newStore = (): Store => {
    const store = openStore(':memory:');
    stores.push(store);
    return store;
  };
  const billed = (server: ProviderServer) => [...server.stats.batchAnswers.values()];

  test('a batch resumed with a changed input set keeps the answers for images not in this run, and a later run reuses them', async () => {
    const server = await serve();
    const store = newStore();
    const written = new Set<string>();
    const state = watchedState((key) => written.add(key));
    const [a, b, c, d] = folder.requests;
    await submitThenStop(server, [a, b, c], state);
    // The next run asks for b (in the batch) and d (not): a and c come back too, paid for.
    const resumed = await describeImages([b, d], batchDescriber(server), store, testContext({ state }));
    expect(resumed.described).toBe(2);
    expect(resumed.keptForLater).toBe(2);
    expect(resumed.failures).toEqual([]);
    expect(server.stats.batchesCreated).toBe(2); // the resumed one, and one for d alone
    const key = descriptionKey(batchDescriber(server));
    for (const request of [a, b, c, d]) expect(store.descriptions.get(request.imageHash, key)?.status).toBe('ok');
    // A later run with a and c sends nothing: they were paid for once, and kept.
    const later = await describeImages([a, c], batchDescriber(server), store, testContext({ state }));
    expect(later).toMatchObject({ cached: 2, described: 0, keptForLater: 0 });
    expect(server.stats).toMatchObject({ filesUploaded: 2, batchesCreated: 2 });
    expect(billed(server)).toEqual([1, 1, 1, 1]);
    // Nothing is left to resume.
    const indexes = [...written].filter((k) => k.endsWith(':index'));
    expect(indexes.length).toBeGreaterThan(0);
    for (const index of indexes) expect(state.get(index)).toEqual([]);
  });

  test('a finished batch of images this run does not ask for is collected on the way, without waiting', async () => {
    const server = await serve();
    const store = newStore();
    const state = memoryState();
    const [a, b, c] = folder.requests;
    await submitThenStop(server, [a, b], state);
    // Still running at the provider: this run leaves it alone (and does not wait for it).
    const first = await describeImages([c], batchDescriber(server), store, testContext({ state }));
    expect(first).toMatchObject({ described: 1, keptForLater: 0 });
    const pending = server.batches.all()[0]; // the batch of a and b, submitted first
    while (server.batches.get(pending.id).status !== 'completed') await server.batches.retrieve(pending.id, Date.now());
    // Finished now: the next run, about other images altogether, stores its answers.
    const second = await describeImages([folder.requests[3]], batchDescriber(server), store, testContext({ state }));
    expect(second).toMatchObject({ described: 1, keptForLater: 2 });
    const later = await describeImages([a, b], batchDescriber(server), store, testContext({ state }));
    expect(later).toMatchObject({ cached: 2, described: 0 });
    expect(billed(server)).toEqual([1, 1, 1, 1]);
  });

  test('a late answer never replaces a description earlier runs used', async () => {
    const server = await serve();
    const store = newStore();
    const state = memoryState();
    const [a, b] = folder.requests;
    await submitThenStop(server, [a, b], state);
    const key = descriptionKey(batchDescriber(server));
    store.descriptions.put(key, { imageHash: a.imageHash, status: 'ok', text: 'described meanwhile', inputTokens: 1, outputTokens: 1, costUsd: 0, responseModel: null });
    const resumed = await describeImages([b], batchDescriber(server), store, testContext({ state }));
    expect(resumed.keptForLater).toBe(1);
    expect(store.descriptions.get(a.imageHash, key)?.text).toBe('described meanwhile');
  });

  test('a paid answer that is not a chat completion is kept as unreadable, not asked for again', async () => {
    const [odd, ...rest] = folder.requests.slice(0, 3);
    const server = await serve({ faults: ({ imageKey }) => (imageKey === odd.imageHash.slice(0, 16) ? { kind: 'no-choices' } : undefined) });
    const store = newStore();
    const state = memoryState();
    const result = await describeImages([odd, ...rest], batchDescriber(server), store, testContext({ state }));
    expect(result.unreadable).toEqual([{ imageHash: odd.imageHash, ids: odd.ids, text: expect.stringContaining('"choices":[]') }]);
    expect(store.descriptions.get(odd.imageHash, descriptionKey(batchDescriber(server)))).toMatchObject({ status: 'unreadable', inputTokens: expect.any(Number) });
    const again = await describeImages([odd, ...rest], batchDescriber(server), store, testContext({ state }));
    expect(again).toMatchObject({ cached: 3, described: 0 });
    expect(server.stats.filesUploaded).toBe(1);
  });

  test('images of a different size setting are a different ledger: their batch is never taken for this configuration', async () => {
    const server = await serve();
    const state = memoryState();
    const [a] = folder.requests;
    await submitThenStop(server, [a], state);
    // Same model and prompt, a different imageSize: another cache key, so another batch.
    await collect(batchDescriber(server, { imageSize: 256 }).describe([a], testContext({ state })));
    expect(server.stats.batchesCreated).toBe(2);
  });
});
