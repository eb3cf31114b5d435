import { spawn } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { shellBlocks, type ShellCommand } from './doc-blocks.js';
import { fileTempDir } from './temp.js';
import { startProviderServer, type ProviderServer } from '../provider-server/server.js';

/**
 * Runs the documentation's shell blocks (test/docs-shell-blocks*.test.ts, each for some of the
 * files, so that vitest can run them side by side). Every shell block of the README and docs/ is marked, and every block marked `run` runs as
 * written, in file order, in one workspace holding the bundled example (plus `photos/` and
 * `images/`, a few of its images, for the "your own images" examples). Paid-model commands
 * talk to the in-repo OpenAI-compatible server (OPENAI_API_KEY and OPENAI_BASE_URL point at
 * it, and the servers a --base-url names become local servers too); `connote serve` is started,
 * coded by two scripted coders when a later command exports ratings, and stopped. The few
 * commands that cannot run here, and the few changes made to the ones that do, are listed below
 * (REWRITES), each with its reason, and printed, so nothing is skipped or changed silently.
 */
const REPO = resolve('.');
export const DOCS = ['README.md', 'examples/climate-demo/README.md', ...readdirSync('docs').filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

const NOT_HERE: ReadonlyArray<{ readonly pattern: RegExp; readonly reason: string }> = [
  { pattern: /^npm test\b|&& npm test\b/, reason: 'the test suite itself' },
  { pattern: /^export \w+_API_KEY=/, reason: 'a placeholder key: the test sets OPENAI_API_KEY for the local server' },
  { pattern: /--batch\b/, reason: 'the Batch API polls every 30 s; resumed batches are tested in test/describe/openai-batch.test.ts' },
  { pattern: /--describer local-vlm\b/, reason: 'downloads SmolVLM from the Hugging Face Hub' },
  { pattern: /^(vllm|ollama|llama-server|curl)\b/, reason: 'a program on a GPU machine or a hand-run check, not connote' },
  { pattern: /^node --import tsx test\/provider-server\/serve\.ts/, reason: 'starts the local server by hand; the test starts its own' },
];

/** How a command is changed to run here: each rule says why, and every rewritten command is printed. */
const REWRITES: ReadonlyArray<{ readonly reason: string; readonly apply: (text: string) => string }> = [
  { reason: 'setup prefix: the suite already ran npm ci', apply: (text) => text.replace(/^npm ci && /, '') },
  {
    reason: 'each server a --base-url names becomes a local server (distinct, as the docs intend)',
    apply: (text) => {
      let next = 0;
      const local = (): string => servers[next++ % servers.length]!.url;
      return text.replace(/--base-url\s+(\S+)/g, (_, urls: string) => `--base-url ${urls.split(',').map(local).join(',')}`);
    },
  },
  {
    reason: 'the default embedder, MiniLM, downloads from the Hugging Face Hub: your own images are embedded with tfidf here',
    apply: (text) => (/^(npx )?connote (run|evaluate) (?!examples\/)/.test(text) && !/--embedder\b/.test(text) ? `${text} --embedder tfidf` : text),
  },
  {
    reason: 'no --base-url means api.openai.com: the local server (OPENAI_BASE_URL) stands in for it under the openai profile',
    apply: (text) => (/--embedder openai\b/.test(text) && !/--base-url\b/.test(text) ? `${text} --embedder-settings '{"profile":"openai"}'` : text),
  },
  {
    reason: 'photos/ holds 40 images where a study has thousands: min cluster sizes of 50 and more are scaled down tenfold',
    apply: (text) =>
      text
        .replace(/--min-cluster-size\s+([\d,]+)/, (whole, sizes: string) => (sizes.split(',').every((n) => Number(n) >= 50) ? `--min-cluster-size ${sizes.split(',').map((n) => Number(n) / 10).join(',')}` : whole))
        .replace(/\/mcs(\d+)\b/g, (whole, n: string) => (Number(n) >= 50 ? `/mcs${Number(n) / 10}` : whole)),
  },
  { reason: 'serve on a free port', apply: (text) => (/^(npx )?connote serve\b/.test(text) ? `${text} --port 0` : text) },
];

let workspace: string;
let servers: ProviderServer[];
let server: ProviderServer;
let bin: string;

/** A folder of the example's first `count` images. */
function imageFolder(name: string, count: number): void {
  mkdirSync(join(workspace, name));
  const files = readdirSync(join(REPO, 'examples/climate-demo/images')).sort().slice(0, count);
  for (const file of files) copyFileSync(join(REPO, 'examples/climate-demo/images', file), join(workspace, name, file));
}

/**
 * `connote` and `npx connote` on PATH run this checkout (the built CLI when it is current, else the
 * sources through tsx, named by path: the commands run in the workspace, where `--import tsx` would not resolve).
 */
function installShims(): void {
  bin = join(workspace, '.bin');
  mkdirSync(bin);
  const newest = (dir: string): number =>
    Math.max(...readdirSync(dir, { withFileTypes: true }).map((e) => (e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs)));
  const built = join(REPO, 'dist/cli/index.js');
  const current = existsSync(built) && statSync(built).mtimeMs >= newest(join(REPO, 'src'));
  const run = current ? `node ${join(REPO, 'bin/connote.js')}` : `node --import ${pathToFileURL(join(REPO, 'node_modules/tsx/dist/loader.mjs')).href} ${join(REPO, 'test/support/connote-cli.ts')}`;
  const connote = `#!/bin/sh\nexec ${run} "$@"\n`;
  writeFileSync(join(bin, 'connote'), connote);
  writeFileSync(join(bin, 'npx'), `#!/bin/sh\nif [ "$1" = connote ]; then shift; exec ${run} "$@"; fi\necho "npx $1 is not available in the docs test" >&2; exit 127\n`);
  for (const shim of ['connote', 'npx']) chmodSync(join(bin, shim), 0o755);
}

function setUp(): void {
beforeAll(async () => {
  workspace = fileTempDir('connote-docs-');
  servers = await Promise.all([0, 1, 2].map(() => startProviderServer({ log: false })));
  server = servers[0]!;
  symlinkSync(join(REPO, 'examples'), join(workspace, 'examples'));
  imageFolder('photos', 40);
  imageFolder('images', 8);
  installShims();
});

afterAll(async () => {
  await Promise.all((servers ?? []).map((s) => s.close()));
});
}

interface Outcome {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function environment(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PATH: `${bin}:${process.env.PATH}`,
    OPENAI_API_KEY: 'sk-doc-test',
    OPENAI_BASE_URL: server.url,
    CONNOTE_OFFLINE: '1',
    CONNOTE_MODEL_CACHE: join(workspace, '.models'),
    NO_COLOR: '1',
  };
}

/** The command as it runs here (REWRITES applied in order). */
function asRunHere(command: string): string {
  return REWRITES.reduce((text, rule) => rule.apply(text), command);
}

function runCommand(text: string): Promise<Outcome> {
  return new Promise((done) => {
    const child = spawn('sh', ['-c', text], { cwd: workspace, env: environment() });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', (error) => done({ code: 127, stdout, stderr: `${stderr}${error.message}` }));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

/** Starts `connote serve`, codes every pair as two coders if asked, and stops it with Ctrl-C. */
async function serveAndCode(text: string, code: boolean): Promise<Outcome> {
  const child = spawn('sh', ['-c', `exec ${text}`], { cwd: workspace, env: environment() });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const closed = new Promise<number | null>((done) => {
    child.on('error', () => done(127));
    child.on('close', (c) => done(c));
  });
  for (let i = 0; i < 600 && !/connote serve: http/.test(stdout) && child.exitCode === null; i++) await new Promise((r) => setTimeout(r, 50));
  const url = /connote serve: (http:\/\/[\d.]+:\d+)/.exec(stdout)?.[1];
  if (url && code) {
    const listed = (await (await fetch(`${url}/api/coding/pairs`)).json()) as { pairs: Array<{ pairId: string }> };
    for (const [i, pair] of listed.pairs.entries()) {
      for (const coder of ['alice', 'bob']) {
        const rating = ((i * 7 + (coder === 'bob' && i % 5 === 0 ? 1 : 0)) % 3) + 1;
        const saved = await fetch(`${url}/api/coding/pairs/${pair.pairId}/rating`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ coder, denotative: rating, connotative: rating }),
        });
        if (saved.status !== 200) stderr += `coding pair ${pair.pairId} answered ${saved.status}: ${await saved.text()}\n`;
      }
    }
  }
  child.kill('SIGINT');
  const exit = await closed;
  return { code: url ? (exit === 130 ? 0 : exit) : (exit ?? 1), stdout, stderr: url ? stderr : `${stderr}\nconnote serve never printed its address` };
}

/** Every marked shell block of the files in `files`, in one workspace; `afterwards` checks what they left there. */
export function runDocBlocks(files: readonly string[], afterwards?: (workspace: string) => void): void {
  setUp();
    it('run as written on the bundled example', async () => {
      const skipped: string[] = [];
      const rewritten: string[] = [];
      const failures: string[] = [];
      const timings: Array<{ readonly where: string; readonly seconds: number }> = [];
      for (const block of files.flatMap((file) => shellBlocks(file)).filter((b) => b.marker?.kind === 'run')) {
        const all = block.commands;
        for (const [index, command] of all.entries()) {
          const reason = NOT_HERE.find((rule) => rule.pattern.test(command.text))?.reason;
          if (reason) {
            skipped.push(`${block.file}:${command.line} (${reason})`);
            continue;
          }
          const text = asRunHere(command.text);
          if (text !== command.text && text !== command.text.replace(/^npm ci && /, '')) rewritten.push(`${block.file}:${command.line}: ${text}`);
          const exportsLater = all.slice(index + 1).some((c: ShellCommand) => /connote pairs export\b/.test(c.text));
          const started = performance.now();
          const outcome = /^(npx )?connote serve\b/.test(text) ? await serveAndCode(text, exportsLater) : await runCommand(text);
          timings.push({ where: `${block.file}:${command.line}`, seconds: (performance.now() - started) / 1000 });
          if (outcome.code !== 0) failures.push(`${block.file}:${command.line}: \`${command.text}\` exited ${outcome.code}\n${outcome.stderr.trim().split('\n').slice(-6).join('\n')}`);
        }
      }
      console.log(`docs test: ${skipped.length} commands not run here:\n  ${skipped.join('\n  ')}`);
      const slowest = [...timings].sort((a, b) => b.seconds - a.seconds).slice(0, 8);
      console.log(`docs test: ${timings.length} commands in ${timings.reduce((sum, t) => sum + t.seconds, 0).toFixed(0)} s; slowest:\n  ${slowest.map((t) => `${t.seconds.toFixed(1)} s ${t.where}`).join('\n  ')}`);
      console.log(`docs test: ${rewritten.length} commands run as rewritten (see REWRITES for why):\n  ${rewritten.join('\n  ')}`);
      expect(failures, failures.join('\n\n')).toEqual([]);
      afterwards?.(workspace);
    }, 600_000);
}
