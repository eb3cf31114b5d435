/**
 * Client overhead of the `openai` describer: 10,000 chat requests with tiny images at
 * concurrency 256 against the local test server (run in a child process, so its CPU is not
 * counted). Reported: throughput and the CPU the client process used (process.cpuUsage).
 * Goal: at least 1,000 requests per second on under one core.
 *
 * Peer: a bare `fetch` loop at the same concurrency sending the same requests (reading each
 * file and base64-encoding it, no retries, limits, resizing or bookkeeping).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { createContext } from '../src/types/context.js';
import { createOpenAIDescriber } from '../src/describe/openai.js';
import { BUILT_IN_PROMPTS } from '../src/describe/prompts.js';
import type { DescribeRequest } from '../src/describe/types.js';
import { sha256 } from '../src/util/hash.js';
import { measure, report } from './harness.js';

const REQUESTS = Number(process.env.BENCH_DESCRIBE_REQUESTS ?? 10_000);
const CONCURRENCY = 256;

async function startServer(): Promise<{ url: string; child: ChildProcess }> {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/provider-server/serve.ts'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
  return { url: (JSON.parse(line) as { url: string }).url, child };
}

async function makeTinyImages(dir: string, count: number): Promise<DescribeRequest[]> {
  const requests: DescribeRequest[] = [];
  for (let i = 0; i < count; i++) {
    const pixels = Buffer.alloc(8 * 8 * 3);
    pixels.writeUInt32BE(i, 0);
    const bytes = await sharp(pixels, { raw: { width: 8, height: 8, channels: 3 } }).png().toBuffer();
    const path = join(dir, `${i}.png`);
    await writeFile(path, bytes);
    requests.push({ imageHash: sha256(bytes), ids: [String(i)], path });
  }
  return requests;
}

async function cpuAndTime<T>(fn: () => Promise<T>): Promise<{ result: T; seconds: number; cpuSeconds: number }> {
  const before = process.cpuUsage();
  const measured = await measure(fn);
  const used = process.cpuUsage(before);
  return { result: measured.result, seconds: measured.seconds, cpuSeconds: (used.user + used.system) / 1e6 };
}

async function bareFetchLoop(url: string, requests: readonly DescribeRequest[], promptText: string): Promise<number> {
  let next = 0;
  let ok = 0;
  const worker = async (): Promise<void> => {
    while (next < requests.length) {
      const request = requests[next++];
      const data = (await readFile(request.path)).toString('base64');
      const response = await fetch(`${url}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer sk-bench' },
        body: JSON.stringify({
          model: 'gpt-4o',
          messages: [{ role: 'user', content: [{ type: 'text', text: promptText }, { type: 'image_url', image_url: { url: `data:image/png;base64,${data}`, detail: 'high' } }] }],
          max_completion_tokens: 400,
          temperature: 0,
          seed: 42,
        }),
      });
      const body = (await response.json()) as { choices?: Array<{ message?: { content?: string } }> };
      if (body.choices?.[0]?.message?.content) ok++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return ok;
}

export async function run(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'connote-bench-describe-'));
  const { url, child } = await startServer();
  try {
    const requests = await makeTinyImages(dir, REQUESTS);
    const prompt = BUILT_IN_PROMPTS.connotative;
    const describer = createOpenAIDescriber(
      { prompt, baseDir: '.', settings: { baseUrl: url, profile: 'openai', apiKey: 'sk-bench', model: 'gpt-4o', concurrency: CONCURRENCY } },
      { env: {} },
    );
    // Warm up both paths (JIT, connection pool, the SDK's lazy import, sharp).
    await bareFetchLoop(url, requests.slice(0, 500), prompt.text);
    for await (const _ of describer.describe(requests.slice(0, 500), createContext())) void _;

    const peer = await cpuAndTime(() => bareFetchLoop(url, requests, prompt.text));
    const ours = await cpuAndTime(async () => {
      let described = 0;
      for await (const outcome of describer.describe(requests, createContext())) if (outcome.kind === 'description') described++;
      return described;
    });
    if (ours.result !== REQUESTS || peer.result !== REQUESTS) {
      throw new Error(`expected ${REQUESTS} answers, got ${ours.result} (describer) and ${peer.result} (fetch loop)`);
    }
    const rate = (m: { seconds: number }): string => `${Math.round(REQUESTS / m.seconds)} req/s`;
    const cores = (m: { seconds: number; cpuSeconds: number }): string => `${(m.cpuSeconds / m.seconds).toFixed(2)} cores`;
    const perRequest = (m: { cpuSeconds: number }): string => `${Math.round((m.cpuSeconds / REQUESTS) * 1e6)} µs CPU/req`;
    // The bare loop is a floor (no retries, rate limits, cache or accounting), not an alternative.
    const floor = 'bare fetch loop (Node fetch, no retries or limits)';
    report({
      id: 'describe-client-throughput',
      benchmark: `describe client, ${REQUESTS.toLocaleString('en')} requests at concurrency ${CONCURRENCY}`,
      ours: `${rate(ours)}, ${perRequest(ours)}`,
      peer: { kind: 'baseline', name: floor, figure: `${rate(peer)}, ${perRequest(peer)}` },
      notes: `goal: >= 1000 req/s; ${ours.seconds.toFixed(2)} s vs ${peer.seconds.toFixed(2)} s; server in a child process`,
      readme: true,
    });
    report({
      id: 'describe-client-cpu',
      benchmark: `describe client CPU, ${REQUESTS.toLocaleString('en')} requests at concurrency ${CONCURRENCY}`,
      ours: cores(ours),
      peer: { kind: 'baseline', name: floor, figure: cores(peer) },
      notes: 'goal: < 1 core',
    });
  } finally {
    child.kill('SIGTERM');
    await rm(dir, { recursive: true, force: true });
  }
}
