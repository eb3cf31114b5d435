import { describe, expect, test } from 'vitest';
import { createContext } from '../../src/types/context.js';
import { createOpenAIEmbedder } from '../../src/embed/openai.js';
import { ModelUnavailableError } from '../../src/types/errors.js';
import { virtualClock } from '../../src/providers/clock.js';
import { embedderConformance } from '../conformance/embedder.js';
import { embedForTest, useProviderServers, type ProviderServer } from '../provider-server/index.js';


const serve = useProviderServers();
const embedder = (settings: Record<string, unknown>) =>
  createOpenAIEmbedder({ baseDir: '.', settings: { profile: 'openai', apiKey: 'sk-test', ...settings } }, { env: {}, clock: virtualClock() });
const ctx = () => createContext({ seed: 1 });
const texts = (n: number, prefix = 'description') => Array.from({ length: n }, (_, i) => `${prefix} number ${i}: a crowd with banners under a grey sky.`);
const inputsPerRequest = (server: ProviderServer) => server.requests.filter((r) => r.route === 'embeddings').map((r) => ((r.body as { input: string[] }).input).length);

describe('openai embedder', () => {
  test('text-embedding-3-small by default; each vector is the one the server derived for that text', async () => {
    const server = await serve();
    const e = embedder({ baseUrl: server.url });
    expect(e.signature).toEqual({ embedder: 'openai', model: 'text-embedding-3-small', params: { dimensions: undefined } });
    const input = texts(5);
    const vectors = await e.embed(input, ctx());
    expect(vectors).toHaveLength(5);
    vectors.forEach((vector, i) => expect(Array.from(vector)).toEqual(Array.from(embedForTest(input[i], 1536))));
    expect(server.requests[0].body).toMatchObject({ model: 'text-embedding-3-small', encoding_format: 'base64' });
  });

  test('`dimensions` shortens the vectors and is part of the signature', async () => {
    const server = await serve();
    const e = embedder({ baseUrl: server.url, dimensions: 256 });
    const vectors = await e.embed(texts(3), ctx());
    expect(vectors.map((v) => v.length)).toEqual([256, 256, 256]);
    expect(server.requests[0].body).toMatchObject({ dimensions: 256 });
    expect(e.signature.params).toEqual({ dimensions: 256 });
  });

  test('a call is split into requests of at most 2,048 inputs, sent in parallel, results in order', async () => {
    const server = await serve({ latencyMs: 20 });
    const e = embedder({ baseUrl: server.url, dimensions: 8 });
    expect(e.batchSize).toBe(2048 * 4);
    const input = texts(5000);
    const vectors = await e.embed(input, ctx());
    expect(inputsPerRequest(server).sort((a, b) => b - a)).toEqual([2048, 2048, 904]);
    expect(server.stats.maxInFlight).toBeGreaterThan(1);
    for (const i of [0, 2047, 2048, 4999]) expect(Array.from(vectors[i])).toEqual(Array.from(embedForTest(input[i], 8)));
  });

  test('requests stay under the token limit per request', async () => {
    const server = await serve({ embeddingLimits: { maxTokensPerRequest: 1000 } });
    const input = texts(60); // about 15 tokens each, cautiously 20
    const vectors = await embedder({ baseUrl: server.url, dimensions: 4, maxTokensPerRequest: 1000 }).embed(input, ctx());
    expect(vectors).toHaveLength(60);
    expect(inputsPerRequest(server).every((n) => n <= 60)).toBe(true);
    expect(server.requests.every((r) => r.status === 200)).toBe(true);
  });

  test('a request the server refuses as too large is split in half until it fits', async () => {
    const server = await serve({ embeddingLimits: { maxTokensPerRequest: 200 } });
    const input = texts(40);
    const vectors = await embedder({ baseUrl: server.url, dimensions: 4 }).embed(input, ctx());
    vectors.forEach((vector, i) => expect(Array.from(vector)).toEqual(Array.from(embedForTest(input[i], 4))));
    expect(server.requests.some((r) => r.status === 400)).toBe(true);
    expect(server.requests.filter((r) => r.status === 200).every((r) => (r.body as { input: string[] }).input.length <= 13)).toBe(true);
  });

  test('429 and 5xx are retried', async () => {
    const server = await serve({
      faults: ({ routeCount }) =>
        routeCount === 1 ? { kind: 'status', status: 429, retryAfter: '2' } : routeCount === 2 ? { kind: 'status', status: 502 } : undefined,
    });
    const vectors = await embedder({ baseUrl: server.url, dimensions: 4 }).embed(texts(3), ctx());
    expect(vectors).toHaveLength(3);
    expect(server.stats.byRoute.embeddings).toBe(3);
  });

  test('Ollama and vLLM: floats are asked for, and the model must be named', async () => {
    const server = await serve({ flavour: 'ollama' });
    const vectors = await createOpenAIEmbedder({ baseDir: '.', settings: { baseUrl: server.url, profile: 'ollama', model: 'nomic-embed-text' } }, { env: {} }).embed(
      ['a flooded street'],
      ctx(),
    );
    expect(Array.from(vectors[0])).toEqual(Array.from(embedForTest('a flooded street', 768)));
    expect(server.requests[0].body).toMatchObject({ encoding_format: 'float', model: 'nomic-embed-text' });
    expect(() => createOpenAIEmbedder({ baseDir: '.', settings: { baseUrl: 'http://localhost:11434/v1' } }, { env: {} })).toThrow(/setting 'model' must be set for Ollama/);
  });

  test('empty texts are refused before anything is sent; an unknown model stops the run', async () => {
    const server = await serve({ faults: () => ({ kind: 'status', status: 404, message: 'The model `nope` does not exist' }) });
    const e = embedder({ baseUrl: server.url, model: 'nope' });
    await expect(e.embed(['fine', '  '], ctx())).rejects.toThrow(/text 1 is empty/);
    expect(server.stats.byRoute.embeddings).toBe(0);
    await expect(e.embed(['fine'], ctx())).rejects.toThrow(ModelUnavailableError);
  });

  test('a request that fails for good names the texts it carried', async () => {
    const server = await serve({ faults: () => ({ kind: 'status', status: 400, message: 'bad input' }) });
    await expect(embedder({ baseUrl: server.url, dimensions: 4 }).embed(texts(3), ctx())).rejects.toThrow(/texts 0 to 2: .*HTTP 400: bad input/);
  });
});

describe('conformance', () => {
  embedderConformance(async () => embedder({ baseUrl: (await serve()).url, dimensions: 64 }));
});
