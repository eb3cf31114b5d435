import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { execFile } from 'node:child_process';
import { describe, expect, it, vi } from 'vitest';
import { tempDir } from './support/temp.js';

/** The README's "As a library" code block, as written there. */
function libraryExample(): string {
  const readme = readFileSync('README.md', 'utf8');
  const section = readme.slice(readme.indexOf('## As a library'));
  const block = /```ts\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error("README.md: no ```ts block under '## As a library'");
  return block[1];
}

/**
 * The example, importing connote from this checkout's sources and writing its project into
 * `out` (instead of the README's out/ folder): otherwise exactly what the README shows.
 */
function runnable(out: string): string {
  const code = libraryExample();
  expect(code).toContain("from 'connote'");
  expect(code).toContain("'out/library-demo'");
  return code.replace("from 'connote'", `from ${JSON.stringify(resolve('src/index.js'))}`).replace("'out/library-demo'", JSON.stringify(out));
}

describe("README.md's library example", () => {
  it('type-checks against the library', async () => {
    const dir = tempDir();
    const file = join(dir, 'example.mts');
    writeFileSync(file, `${runnable('out/library-demo')}\nexport {};\n`);
    // The project's compiler settings, this one file (and what it imports); in a child process,
    // so that the test's own thread stays free while the compiler works.
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ extends: resolve('tsconfig.json'), compilerOptions: { noEmit: true, rootDir: '/' }, include: [], files: [file] }));
    const result = await new Promise<{ code: number | null; output: string }>((done) => {
      execFile(process.execPath, [resolve('node_modules/typescript/bin/tsc'), '-p', join(dir, 'tsconfig.json')], (error, stdout, stderr) =>
        done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, output: `${stdout}${stderr}` }),
      );
    });
    expect(result.output).toBe('');
    expect(result.code).toBe(0);
  }, 180_000);

  it('runs as written: the example pipeline, HDBSCAN on plain arrays, and alpha', async () => {
    const dir = tempDir();
    const file = join(dir, 'example.mts');
    writeFileSync(file, `${runnable(join(dir, 'project'))}\nexport {};\n`);
    const printed: unknown[][] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void printed.push(args));
    const info = vi.spyOn(console, 'info').mockImplementation(() => {});
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      await import(pathToFileURL(file).href);
    } finally {
      log.mockRestore();
      info.mockRestore();
      warn.mockRestore();
    }
    const [clusterings, [nClusters, labels], [alpha]] = printed as [[Array<{ clusters: number }>], [number, Int32Array], [number]];
    expect(clusterings[0].length).toBeGreaterThan(0);
    expect(clusterings[0].some((c) => c.clusters >= 3)).toBe(true);
    expect(nClusters).toBe(2);
    expect(labels).toHaveLength(60);
    expect(alpha).toBeGreaterThan(0.5);
    expect(alpha).toBeLessThanOrEqual(1);
  }, 120_000);
});
