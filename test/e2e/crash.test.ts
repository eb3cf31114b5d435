import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useProviderServers } from '../provider-server/index.js';
import { tempDir } from '../support/temp.js';

const serve = useProviderServers();
const CLI = resolve('test/support/connote-cli.ts');

/** A manifest of the first `n` example images (absolute paths). */
function manifest(dir: string, n: number): string {
  const rows = (parse(readFileSync('examples/climate-demo/manifest.csv', 'utf8'), { columns: true }) as Array<{ id: string; file: string }>).slice(0, n);
  const path = join(dir, 'manifest.csv');
  writeFileSync(path, `id,file\n${rows.map((r) => `${r.id},${resolve('examples/climate-demo', r.file)}`).join('\n')}\n`);
  return path;
}

function start(args: string[]): { child: ChildProcess; exited: Promise<number | null>; output: () => string; finished: () => boolean } {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    env: { ...process.env, OPENAI_API_KEY: 'sk-test', CI: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += String(d)));
  child.stderr?.on('data', (d) => (output += String(d)));
  let finished = false;
  const exited = new Promise<number | null>((done) =>
    child.on('exit', (code) => {
      finished = true;
      done(code);
    }),
  );
  return { child, exited, output: () => output, finished: () => finished };
}

function storedHashes(project: string): string[] {
  try {
    const db = new Database(join(project, 'connote.sqlite'), { readonly: true, fileMustExist: true });
    try {
      return (db.prepare("SELECT image_hash FROM descriptions WHERE describer = 'openai'").all() as Array<{ image_hash: string }>).map((r) => r.image_hash);
    } finally {
      db.close();
    }
  } catch {
    return []; // not created yet, or its tables not yet
  }
}

describe('crash safety: SIGKILL mid-describe, then resume', () => {
  it.each([6, 18])('killed after %i descriptions: every image described exactly once, nothing stored is requested again', async (killAfter) => {
    const server = await serve({ latencyMs: 150 });
    const dir = tempDir();
    const project = join(dir, 'project');
    const images = 30;
    const args = ['run', manifest(dir, images), '--describer', 'openai', '--base-url', server.url, '--model', 'test-model',
      '--embedder', 'tfidf', '--min-cluster-size', '3', '--concurrency', '4', '--out', project];

    const first = start(args);
    const deadline = Date.now() + 60_000;
    while (storedHashes(project).length < killAfter) {
      if (first.finished()) throw new Error(`the first run ended before it could be killed:\n${first.output()}`);
      if (Date.now() > deadline) throw new Error(`the first run never stored ${killAfter} descriptions:\n${first.output()}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    first.child.kill('SIGKILL');
    expect(await first.exited).toBeNull(); // killed, not finished
    const storedBeforeRestart = storedHashes(project);
    expect(storedBeforeRestart.length).toBeGreaterThanOrEqual(killAfter);
    expect(storedBeforeRestart.length).toBeLessThan(images);

    const second = start(args);
    expect(await second.exited, second.output()).toBe(0);
    expect(second.output()).toMatch(new RegExp(`Descriptions: ${storedBeforeRestart.length} from cache, ${images - storedBeforeRestart.length} new`));

    const stored = storedHashes(project);
    expect(stored).toHaveLength(images);
    expect(new Set(stored).size).toBe(images);
    // The server counts answers per image (keyed by the first 16 hex digits of the bytes' SHA-256;
    // these small JPEGs are sent unchanged, so that is the image hash).
    const answers = server.stats.chatAnswers;
    for (const hash of storedBeforeRestart) expect(answers.get(hash.slice(0, 16)), `re-requested ${hash}`).toBe(1);
    for (const hash of stored) expect(answers.get(hash.slice(0, 16)) ?? 0).toBeGreaterThanOrEqual(1);
  }, 120_000);

  it('Ctrl-C (SIGINT) stops gracefully: answers in flight are stored, and it says how to resume', async () => {
    const server = await serve({ latencyMs: 300 });
    const dir = tempDir();
    const project = join(dir, 'project');
    const args = ['run', manifest(dir, 30), '--describer', 'openai', '--base-url', server.url, '--model', 'test-model',
      '--embedder', 'tfidf', '--min-cluster-size', '3', '--concurrency', '4', '--out', project];
    const run = start(args);
    const deadline = Date.now() + 60_000;
    while (storedHashes(project).length < 4) {
      if (run.finished() || Date.now() > deadline) throw new Error(`no descriptions to interrupt:\n${run.output()}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(130);
    expect(run.output()).toMatch(/stopping: answers already requested are still received and saved/);
    expect(run.output()).toMatch(/Run the same command again to resume/);
    const stored = new Set(storedHashes(project).map((hash) => hash.slice(0, 16)));
    expect(stored.size).toBeLessThan(30);
    // Everything the server answered (and so was paid for) was stored before the process ended.
    for (const answered of server.stats.chatAnswers.keys()) expect(stored.has(answered), `lost ${answered}`).toBe(true);
  }, 120_000);
});
