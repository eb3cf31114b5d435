import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { useProviderServers } from '../provider-server/index.js';
import { tempDir } from '../support/temp.js';

/**
 * A report, a run.json and a project's store are shared with colleagues and reviewers: an API
 * key from a config file, or a password inside a base URL, must appear in none of them, nor in
 * what the command prints. Each case runs the real CLI against the local provider server (which
 * demands the key, so the key really was used) and greps every byte it wrote.
 */
const serve = useProviderServers();
const CLI = resolve('test/support/connote-cli.ts');

const KEY = 'sk-FAKE-config-key-4f2a9c1e7b';
const ENDPOINT_KEY = 'sk-FAKE-endpoint-key-8d3b6e0a5c';
const PASSWORD = 'hunter2-PASSWORD-c0ffee';

function manifest(dir: string, n: number): string {
  const rows = (parse(readFileSync('examples/climate-demo/manifest.csv', 'utf8'), { columns: true }) as Array<{ id: string; file: string }>).slice(0, n);
  const path = join(dir, 'manifest.csv');
  writeFileSync(path, `id,file\n${rows.map((r) => `${r.id},${resolve('examples/climate-demo', r.file)}`).join('\n')}\n`);
  return path;
}

function run(args: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    // No key in the environment: the only keys are the config file's.
    env: { ...process.env, OPENAI_API_KEY: '', CI: 'true', CONNOTE_DEBUG: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += String(d)));
  child.stderr.on('data', (d) => (output += String(d)));
  return new Promise((done) => child.on('exit', (code) => done({ code, output })));
}

/** Every file under `dir` (run.json, report.html, CSVs, connote.sqlite and its -wal/-shm), as bytes. */
function filesUnder(dir: string): Array<{ path: string; bytes: Buffer }> {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .map((path) => ({ path, bytes: readFileSync(path) }));
}

function expectNoSecret(files: Array<{ path: string; bytes: Buffer }>, output: string): void {
  for (const secret of [KEY, ENDPOINT_KEY, PASSWORD]) {
    expect(output, `printed ${secret}`).not.toContain(secret);
    for (const file of files) expect(file.bytes.includes(Buffer.from(secret)), `${file.path} holds ${secret}`).toBe(false);
  }
}

describe('credentials are never written or printed', () => {
  it('a key in the config file and a password in a base URL: used, but in no output, store byte or log line', async () => {
    const server = await serve({ apiKey: ENDPOINT_KEY });
    const dir = tempDir();
    const out = join(dir, 'project');
    const credentialed = server.url.replace('://', `://researcher:${PASSWORD}@`);
    const config = join(dir, 'study.json');
    writeFileSync(
      config,
      JSON.stringify({
        describer: { name: 'openai', model: 'test-model', apiKey: KEY, baseUrls: [{ url: credentialed, apiKey: ENDPOINT_KEY }] },
        embedder: { name: 'openai', model: 'text-embedding-3-small', baseUrl: credentialed, apiKey: ENDPOINT_KEY },
        reduce: 'pca',
        minClusterSizes: [2],
      }),
    );
    const result = await run(['run', manifest(dir, 8), '--config', config, '--out', out]);
    expect(result.code, result.output).toBe(0);
    expect(server.stats.chatAnswers.size).toBe(8);
    expect(server.stats.byRoute.embeddings).toBeGreaterThan(0);

    const files = filesUnder(out);
    expect(files.map((f) => f.path.slice(out.length + 1))).toEqual(
      expect.arrayContaining(['run.json', 'report.html', 'assignments.csv', 'clusters.csv', 'clusters.json', 'connote.sqlite']),
    );
    expectNoSecret(files, result.output);
    // Provenance says where the key came from, and keeps the URL without its credentials.
    const provenance = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as { config: { describer: { settings: Record<string, unknown> } } };
    expect(provenance.config.describer.settings.apiKey).toBe(`<from config file ${config}>`);
    expect(JSON.stringify(provenance.config.describer.settings.baseUrls)).toContain(server.url.replace('://', '://<redacted>@'));
  }, 120_000);

  it('a refused key: the error names the server without its password, in the output and in the store', async () => {
    const server = await serve({ apiKey: 'sk-the-server-wants-another-key' });
    const dir = tempDir();
    const out = join(dir, 'project');
    const config = join(dir, 'study.json');
    writeFileSync(
      config,
      JSON.stringify({
        describer: { name: 'openai', model: 'test-model', apiKey: KEY, baseUrl: server.url.replace('://', `://researcher:${PASSWORD}@`), maxRetries: 0 },
        embedder: 'tfidf',
      }),
    );
    const result = await run(['run', manifest(dir, 3), '--config', config, '--out', out, '--reduce', 'none']);
    expect(result.output).toMatch(/answered HTTP 401/);
    expect(result.output).toContain('://<redacted>@127.0.0.1');
    expectNoSecret(filesUnder(out), result.output);
  }, 120_000);
});
