import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/index.js';
import { parseRatingsCsv } from '../../src/evaluate/coding/pairs-csv.js';
import { openStore } from '../../src/store/index.js';
import { buildFixtureProject } from '../support/project-fixture.js';
import { tempDir } from '../support/temp.js';

interface Captured {
  stdout: string[];
  stderr: string[];
  restore(): void;
}

/** Captures what the CLI prints while it runs in-process. */
function capture(): Captured {
  const captured: Captured = { stdout: [], stderr: [], restore: () => {} };
  const writeOut = process.stdout.write.bind(process.stdout);
  const writeErr = process.stderr.write.bind(process.stderr);
  const errorLog = console.error;
  process.stdout.write = ((chunk: string | Uint8Array) => (captured.stdout.push(String(chunk)), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => (captured.stderr.push(String(chunk)), true)) as typeof process.stderr.write;
  console.error = (...parts: unknown[]) => captured.stderr.push(parts.join(' '));
  captured.restore = () => {
    process.stdout.write = writeOut;
    process.stderr.write = writeErr;
    console.error = errorLog;
  };
  return captured;
}

let output: Captured | undefined;
afterEach(() => output?.restore());

async function connote(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  output = capture();
  try {
    const code = await main(['node', 'connote', ...args]);
    return { code, stdout: output.stdout.join(''), stderr: output.stderr.join('') };
  } finally {
    output.restore();
  }
}

async function fixtureOnDisk(): Promise<{ dir: string; itemIds: string[] }> {
  const dir = tempDir();
  const project = await buildFixtureProject(join(dir, 'connote.sqlite'), 8);
  project.store.close();
  return { dir, itemIds: project.itemIds };
}

describe('connote pairs import / export', () => {
  it('imports a pairs file once, refuses unknown images, and exports the ratings', async () => {
    const { dir, itemIds } = await fixtureOnDisk();
    const pairs = join(dir, 'pairs.csv');
    writeFileSync(pairs, `pair_id,image_a,image_b\np1,${itemIds[0]},${itemIds[1]}\np2,${itemIds[2]},${itemIds[3]}\n`);
    const first = await connote('pairs', 'import', dir, pairs);
    expect(first).toMatchObject({ code: 0, stdout: '2 pairs imported, 0 already there; 2 in all.\n' });
    expect((await connote('pairs', 'import', dir, pairs)).stdout).toBe('0 pairs imported, 2 already there; 2 in all.\n');
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, `pair_id,image_a,image_b\np3,${itemIds[0]},ghost\n`);
    const refused = await connote('pairs', 'import', dir, bad);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/bad\.csv: 1 problem.*no image with id 'ghost'/);

    const store = openStore(join(dir, 'connote.sqlite'));
    store.pairs.rate('p1', 'alice', { denotative: 2, connotative: 3 });
    store.close();
    const out = join(dir, 'ratings.csv');
    expect((await connote('pairs', 'export', dir, '--out', out)).code).toBe(0);
    expect(parseRatingsCsv(readFileSync(out, 'utf8'), out)).toEqual([{ pairId: 'p1', coder: 'alice', denotative: 2, connotative: 3 }]);
  });

  it('names the folder when there is no project', async () => {
    const dir = tempDir();
    const result = await connote('pairs', 'import', dir, 'examples/climate-demo/pairs.csv');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`no connote project in ${dir}`);
  });
});

describe('connote serve', () => {
  it('refuses to listen beyond this machine without tokens, and weak tokens', async () => {
    const { dir } = await fixtureOnDisk();
    const open = await connote('serve', dir, '--host', '0.0.0.0');
    expect(open.code).toBe(1);
    expect(open.stderr).toMatch(/--host 0\.0\.0\.0 lets other machines connect: give every coder a token/);
    const weak = await connote('serve', dir, '--token', 'alice:secret');
    expect(weak.code).toBe(1);
    expect(weak.stderr).toMatch(/shorter than 12 characters/);
    expect((await connote('serve', tempDir())).stderr).toMatch(/no connote project/);
  });

  it('imports pairs, serves the project, prints each coder\u2019s link and stops on Ctrl-C', async () => {
    const { dir, itemIds } = await fixtureOnDisk();
    const pairs = join(dir, 'pairs.csv');
    writeFileSync(pairs, `pair_id,image_a,image_b\np1,${itemIds[0]},${itemIds[1]}\n`);
    output = capture();
    const running = main(['node', 'connote', 'serve', dir, '--port', '0', '--pairs', pairs, '--token', 'alice:alice-secret-token']);
    const printed = (): string => (output as Captured).stdout.join('');
    for (let i = 0; i < 200 && !/connote serve: http/.test(printed()); i++) await new Promise((resolve) => setTimeout(resolve, 25));
    const url = /connote serve: (http:\/\/127\.0\.0\.1:\d+)/.exec(printed())?.[1];
    const link = /alice: (\S+)/.exec(printed())?.[1];
    try {
      expect(printed()).toContain('Pairs: 1 imported, 0 already there');
      expect(url).toBeDefined();
      expect(link).toBe(`${url}/?token=alice-secret-token`);
      expect((await fetch(`${url}/api/overview`)).status).toBe(401);
      const overview = await fetch(`${url}/api/overview`, { headers: { Authorization: 'Bearer alice-secret-token' } });
      expect(await overview.json()).toMatchObject({ coder: 'alice', items: 8, coding: { pairs: 1 } });
    } finally {
      process.emit('SIGINT');
      expect(await running).toBe(0);
      output.restore();
    }
    await expect(fetch(`${url}/api/overview`)).rejects.toThrow();
  });
});
