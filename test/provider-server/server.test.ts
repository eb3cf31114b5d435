import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import sharp from 'sharp';
import { describe, expect, test } from 'vitest';
import { describeForTest, useProviderServers, type ProviderServer } from './index.js';


const serve = useProviderServers();
const png = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#225588' } }).png().toBuffer();

const chatBody = (extra: Record<string, unknown> = {}, url = `data:image/png;base64,${png.toString('base64')}`) => ({
  model: 'gpt-4o',
  messages: [{ role: 'user', content: [{ type: 'text', text: 'Describe.' }, { type: 'image_url', image_url: { url, detail: 'low' } }] }],
  max_completion_tokens: 100,
  ...extra,
});

const post = (server: ProviderServer, path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('test provider server', () => {
  test('answers a valid chat request deterministically, in the chat-completion shape', async () => {
    const server = await serve();
    const response = await post(server, '/chat/completions', chatBody());
    expect(response.status).toBe(200);
    const completion = await response.json();
    expect(completion).toMatchObject({
      object: 'chat.completion',
      model: 'gpt-4o',
      choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: describeForTest(png, 'Describe.'), refusal: null } }],
      usage: { prompt_tokens: expect.any(Number), completion_tokens: expect.any(Number) },
    });
    expect(completion.usage.prompt_tokens).toBe(Math.ceil('Describe.'.length / 4) + 85 + 10);
  });

  test.each([
    ['an unknown field', chatBody({ temperature_x: 1 }), /Unrecognized request argument supplied: temperature_x/, 'temperature_x'],
    ['no model', { ...chatBody(), model: '' }, /model parameter/, 'model'],
    ['both max token fields', chatBody({ max_tokens: 5 }), /cannot both be set/, 'max_tokens'],
    ['a temperature out of range', chatBody({ temperature: 3 }), /temperature/, 'temperature'],
    ['an image URL that is not a data URL', chatBody({}, 'https://example.com/cat.png'), /base64 data URL/, 'messages[0].content[1].image_url.url'],
    ['bytes that are not the announced image type', chatBody({}, `data:image/png;base64,${Buffer.from('hello').toString('base64')}`), /not a valid image\/png/, 'messages[0].content[1].image_url.url'],
  ])('rejects %s with a 400 in the providers\' error shape', async (_name, body, message, param) => {
    const server = await serve();
    const response = await post(server, '/chat/completions', body);
    expect(response.status).toBe(400);
    const error = await response.json();
    expect(Object.keys(error.error)).toEqual(['message', 'type', 'param', 'code']);
    expect(error.error).toMatchObject({ message: expect.stringMatching(message), type: 'invalid_request_error', param });
  });

  test('rejects unparseable JSON, a wrong content type, a missing key, and fields a flavour does not document', async () => {
    const server = await serve({ apiKey: 'secret' });
    const broken = await fetch(`${server.url}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer secret' }, body: '{"model":' });
    expect(broken.status).toBe(400);
    expect((await broken.json()).error.message).toMatch(/could not parse the JSON body/);
    const text = await fetch(`${server.url}/chat/completions`, { method: 'POST', headers: { 'content-type': 'text/plain', authorization: 'Bearer secret' }, body: '{}' });
    expect(text.status).toBe(400);
    const unauthorised = await post(server, '/chat/completions', chatBody());
    expect(unauthorised.status).toBe(401);
    expect((await unauthorised.json()).error.code).toBe('invalid_api_key');
    const ollama = await serve({ flavour: 'ollama' });
    const withDetail = await post(ollama, '/chat/completions', { ...chatBody(), max_completion_tokens: undefined, max_tokens: 10 });
    expect(withDetail.status).toBe(400);
    expect((await withDetail.json()).error.message).toMatch(/image_url\.detail/);
  });

  test('injects faults: Retry-After headers, 5xx, malformed JSON, refusals', async () => {
    let n = 0;
    const server = await serve({
      faults: () => {
        n++;
        if (n === 1) return { kind: 'status', status: 429, retryAfter: '3', retryAfterMs: '3000' };
        if (n === 2) return { kind: 'status', status: 503 };
        if (n === 3) return { kind: 'malformed' };
        if (n === 4) return { kind: 'refusal', via: 'field' };
        return undefined;
      },
    });
    const limited = await post(server, '/chat/completions', chatBody());
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    expect(limited.headers.get('retry-after-ms')).toBe('3000');
    expect((await limited.json()).error.type).toBe('rate_limit_exceeded');
    expect((await post(server, '/chat/completions', chatBody())).status).toBe(503);
    const malformed = await post(server, '/chat/completions', chatBody());
    await expect(malformed.json()).rejects.toThrow(SyntaxError);
    const refused = await (await post(server, '/chat/completions', chatBody())).json();
    expect(refused.choices[0].message).toMatchObject({ content: null, refusal: expect.stringContaining("can't assist") });
    expect(server.stats.chatAnswers.size).toBe(1);
  });

  test('embeddings: float and base64, limits enforced with OpenAI\'s messages', async () => {
    const server = await serve({ embeddingLimits: { maxInputs: 3 } });
    const floats = await (await post(server, '/embeddings', { model: 'text-embedding-3-small', input: ['a', 'b'], dimensions: 4 })).json();
    expect(floats.data.map((d: { index: number; embedding: number[] }) => [d.index, d.embedding.length])).toEqual([[0, 4], [1, 4]]);
    const encoded = await (await post(server, '/embeddings', { model: 'text-embedding-3-small', input: 'a', dimensions: 4, encoding_format: 'base64' })).json();
    const decoded = new Float32Array(new Uint8Array(Buffer.from(encoded.data[0].embedding, 'base64')).buffer);
    expect(Array.from(decoded)).toEqual(floats.data[0].embedding.map((x: number) => Math.fround(x)));
    expect((await post(server, '/embeddings', { model: 'm', input: ['a', 'b', 'c', 'd'] })).status).toBe(400);
    expect((await post(server, '/embeddings', { model: 'm', input: [''] })).status).toBe(400);
  });

  test('files and batches: multipart upload, status progression, output file', async () => {
    const server = await serve({ batch: { pollsToComplete: 1 } });
    const line = JSON.stringify({ custom_id: 'img-1', method: 'POST', url: '/v1/chat/completions', body: chatBody() });
    const form = new FormData();
    form.append('purpose', 'batch');
    form.append('file', new Blob([`${line}\n`]), 'input.jsonl');
    const file = await (await fetch(`${server.url}/files`, { method: 'POST', body: form })).json();
    expect(file).toMatchObject({ object: 'file', purpose: 'batch', filename: 'input.jsonl', bytes: line.length + 1 });
    const batch = await (await post(server, '/batches', { input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '24h' })).json();
    expect(batch.status).toBe('validating');
    const seen: string[] = [];
    let current = batch;
    while (!['completed', 'failed'].includes(current.status)) {
      current = await (await fetch(`${server.url}/batches/${batch.id}`)).json();
      seen.push(current.status);
    }
    expect(seen).toEqual(['in_progress', 'finalizing', 'completed']);
    expect(current.request_counts).toEqual({ total: 1, completed: 1, failed: 0 });
    const output = (await (await fetch(`${server.url}/files/${current.output_file_id}/content`)).text()).trim().split('\n').map((l) => JSON.parse(l));
    expect(output).toEqual([
      { id: expect.any(String), custom_id: 'img-1', response: { status_code: 200, request_id: expect.any(String), body: expect.objectContaining({ object: 'chat.completion' }) }, error: null },
    ]);
    const list = await (await fetch(`${server.url}/batches?limit=10`)).json();
    expect(list).toMatchObject({ object: 'list', data: [{ id: batch.id }], has_more: false });
  });

  test('a batch whose file breaks the rules fails validation with line numbers', async () => {
    const server = await serve();
    const form = new FormData();
    form.append('purpose', 'batch');
    form.append('file', new Blob(['{"custom_id":"a","method":"POST","url":"/v1/chat/completions","body":{"model":"m"}}\n{"custom_id":"a","method":"GET","url":"/v1/chat/completions","body":{"model":"m"}}\n']), 'bad.jsonl');
    const file = await (await fetch(`${server.url}/files`, { method: 'POST', body: form })).json();
    const batch = await (await post(server, '/batches', { input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '24h' })).json();
    const failed = await (await fetch(`${server.url}/batches/${batch.id}`)).json();
    expect(failed.status).toBe('failed');
    expect(failed.errors.data.map((e: { code: string; line: number }) => [e.code, e.line])).toEqual([
      ['duplicate_custom_id', 2],
      ['invalid_request', 2],
    ]);
  });

  test('serve.ts runs the server standalone for child-process tests and prints its URL', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/provider-server/serve.ts', '--flavour', 'vllm', '--latency-ms', '1'], {
      cwd: new URL('../..', import.meta.url).pathname,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
      const { url, stats } = JSON.parse(line) as { url: string; stats: string };
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
      const response = await fetch(`${url}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...chatBody(), max_completion_tokens: undefined, max_tokens: 10 }),
      });
      expect(response.status).toBe(200);
      const counts = await (await fetch(stats)).json();
      expect(counts).toMatchObject({ total: 1, byRoute: { chat: 1 } });
      expect(Object.values(counts.chatAnswers)).toEqual([1]);
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  });
});
