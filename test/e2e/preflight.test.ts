import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useProviderServers, type ProviderServer } from '../provider-server/index.js';
import { tempDir } from '../support/temp.js';

/**
 * A configuration that cannot work must fail before the first paid call: each case points the
 * openai describer at the local provider server (which counts every request it receives) and
 * checks that the command exits 2, the server saw nothing, and nothing was written.
 */
const serve = useProviderServers();
const CLI = resolve('test/support/connote-cli.ts');

function manifest(dir: string, n: number): string {
  const rows = (parse(readFileSync('examples/climate-demo/manifest.csv', 'utf8'), { columns: true }) as Array<{ id: string; file: string }>).slice(0, n);
  const path = join(dir, 'manifest.csv');
  writeFileSync(path, `id,file\n${rows.map((r) => `${r.id},${resolve('examples/climate-demo', r.file)}`).join('\n')}\n`);
  return path;
}

function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    env: { ...process.env, OPENAI_API_KEY: 'sk-test', CI: 'true', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += String(d)));
  child.stderr.on('data', (d) => (output += String(d)));
  return new Promise((done) => child.on('exit', (code) => done({ code, output })));
}

/** Requests of every kind the server received: chat, embeddings, files, batches. */
const paidCalls = (server: ProviderServer): number => server.stats.total;

describe('pre-flight: nothing is paid for or written when the configuration cannot work', () => {
  const describerArgs = (server: ProviderServer) => ['--describer', 'openai', '--base-url', server.url, '--model', 'test-model'];

  it('a typo in --reduce: exit 2, 0 paid calls, no project folder', async () => {
    const server = await serve();
    const dir = tempDir();
    const out = join(dir, 'project');
    const result = await run(['run', manifest(dir, 8), ...describerArgs(server), '--embedder', 'tfidf', '--reduce', 'umpa', '--out', out]);
    expect(result.code, result.output).toBe(2);
    expect(result.output).toContain("unknown reducer 'umpa' (did you mean 'umap'?); choose one of: umap, pca, none");
    expect(paidCalls(server)).toBe(0);
    expect(existsSync(out)).toBe(false);
  }, 60_000);

  it('an unknown key in the config file and a misspelt stage setting: all problems at once, exit 2, 0 paid calls', async () => {
    const server = await serve();
    const dir = tempDir();
    const out = join(dir, 'project');
    const config = join(dir, 'connote.config.json');
    writeFileSync(
      config,
      JSON.stringify({
        describer: { name: 'openai', baseUrl: server.url, model: 'test-model', concurency: 4 },
        embeder: 'tfidf',
        embedder: 'tfidf',
        reduce: { name: 'umap', nNeighbors: -3 },
      }),
    );
    const result = await run(['run', manifest(dir, 8), '--config', config, '--out', out]);
    expect(result.code, result.output).toBe(2);
    expect(result.output).toContain('3 problems, nothing was run');
    expect(result.output).toContain(`config file ${config}: unknown setting 'embeder'; did you mean 'embedder'?`);
    expect(result.output).toContain("describer 'openai': unknown setting 'concurency'; did you mean 'concurrency'?");
    expect(result.output).toContain("reduce: reducer 'umap': setting 'nNeighbors' must be an integer of at least 2, got -3");
    expect(paidCalls(server)).toBe(0);
    expect(existsSync(out)).toBe(false);
  }, 60_000);

  it('an embedder whose model cannot load (offline, empty model cache): exit 2, 0 paid calls, nothing written', async () => {
    const server = await serve();
    const dir = tempDir();
    const out = join(dir, 'project');
    const cache = join(dir, 'empty-cache');
    mkdirSync(cache);
    const result = await run(['run', manifest(dir, 8), ...describerArgs(server), '--embedder', 'minilm', '--offline', '--out', out], {
      CONNOTE_MODEL_CACHE: cache,
    });
    expect(result.code, result.output).toBe(2);
    expect(result.output).toMatch(/embedder 'minilm': cannot load the text embedding model 'Xenova\/all-MiniLM-L6-v2': it is not in the model cache/);
    expect(paidCalls(server)).toBe(0);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(cache)).toEqual([]);
  }, 60_000);

  it('a corpus too small for the reducer, and --out naming a file', async () => {
    const server = await serve();
    const dir = tempDir();
    const file = join(dir, 'not-a-folder');
    writeFileSync(file, 'x');
    // UMAP falls back on small corpora (as umap-learn does); PCA to 5 components cannot work on 4 images.
    const result = await run(['run', manifest(dir, 4), ...describerArgs(server), '--embedder', 'tfidf', '--reduce', 'pca', '--out', file]);
    expect(result.code, result.output).toBe(2);
    expect(result.output).toContain(`--out ${file} is a file`);
    expect(result.output).toContain('reduce: PCA to 5 components needs at least 5 points; the input');
    expect(paidCalls(server)).toBe(0);
  }, 60_000);

  it('the same command without the mistake runs (the checks pass a valid configuration)', async () => {
    const server = await serve();
    const dir = tempDir();
    const out = join(dir, 'project');
    const result = await run(['run', manifest(dir, 8), ...describerArgs(server), '--embedder', 'tfidf', '--reduce', 'pca', '--min-cluster-size', '2', '--out', out]);
    expect(result.code, result.output).toBe(0);
    expect(server.stats.chatAnswers.size).toBe(8);
    expect(existsSync(join(out, 'report.html'))).toBe(true);
  }, 120_000);
});
