import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { openProjectStore } from '../../src/store/index.js';
import { useProviderServers } from '../provider-server/index.js';
import { connote } from '../support/cli.js';
import { fileTempDir, tempDir } from '../support/temp.js';
import { cpSync } from 'node:fs';

/**
 * `connote label` on the bundled example against the local OpenAI-compatible server: every
 * cluster named, a rerun answered from the cache with no request, and a study that shows names.
 */
const serve = useProviderServers();
let project: string;

beforeAll(async () => {
  project = join(fileTempDir('connote-label-'), 'demo');
  const run = await connote('run', 'examples/climate-demo', '--out', project, '--min-cluster-size', '3,5', '-q');
  expect(run.code, run.stderr).toBe(0);
}, 120_000);

const chatRequests = (server: { requests: ReadonlyArray<{ route: string }> }) => server.requests.filter((r) => r.route === 'chat').length;

describe('connote label against the local server', () => {
  it('names every cluster, then names them again from the cache without a request', async () => {
    const server = await serve();
    const copy = join(tempDir(), 'demo');
    cpSync(project, copy, { recursive: true });
    const first = await connote('label', copy, '--base-url', server.url, '--model', 'test-model', '-q');
    expect(first.code, first.stderr).toBe(0);

    const store = openProjectStore(copy, { readonly: true });
    const clusterings = store.clusterings.forRun(store.runs.latestFinished()!.id);
    const clusters = clusterings.flatMap((c) => store.clusterings.clusters(c.id).map((cluster) => ({ clustering: c.name, ...cluster })));
    store.close();
    expect(clusters.length).toBeGreaterThan(4);
    for (const cluster of clusters) {
      expect(cluster.name, `${cluster.clustering} cluster ${cluster.label}`).toMatch(/\w/);
      expect(cluster.description).toMatch(/\w/);
      expect(cluster.criteria).toMatch(/\w/);
    }
    for (const name of new Set(clusters.map((c) => c.clustering))) {
      const names = clusters.filter((c) => c.clustering === name).map((c) => (c.name ?? '').toLowerCase());
      expect(new Set(names).size, `names of ${name} are distinct`).toBe(names.length);
    }
    const firstRequests = chatRequests(server);
    expect(firstRequests).toBeGreaterThanOrEqual(clusters.length);
    console.log(`connote label: ${clusters.length} clusters named with ${firstRequests} chat requests (${firstRequests - clusters.length} to rename alike siblings)`);

    // The request: one user message with the keywords and descriptions, structured output in strict mode.
    const body = server.requests.find((r) => r.route === 'chat')!.body as Record<string, any>;
    expect(body).toMatchObject({ model: 'test-model', temperature: 0, seed: 42, response_format: { type: 'json_schema', json_schema: { strict: true } } });
    expect(body.messages[0].content).toMatch(/Keywords: /);

    const rerun = await connote('label', copy, '--base-url', server.url, '--model', 'test-model', '-q');
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(chatRequests(server)).toBe(firstRequests);
    expect(rerun.stdout).toMatch(/0 requests, \d+ from cache/);
    console.log(`connote label rerun: ${chatRequests(server) - firstRequests} chat requests`);

    // The names are in the cluster tables and the audit log.
    const rows = parse(readFileSync(join(copy, 'clusters.csv'), 'utf8'), { columns: true }) as Array<Record<string, string>>;
    expect(rows.length).toBe(clusters.length);
    expect(rows.every((row) => row.name !== '' && row.criteria !== '')).toBe(true);
    const audit = JSON.parse(readFileSync(join(copy, 'audit.json'), 'utf8')) as { entries: Array<{ action: string; details: { requests: number } }> };
    expect(audit.entries.filter((e) => e.action === 'label').length).toBe(2 * clusterings.length);
    expect(audit.entries.at(-1)?.details.requests).toBe(0);

    // An interpretability study can offer the names instead of the keywords, over the same images.
    const keywords = await connote('interpretability', 'create', copy, '--clustering', 'descriptions/mcs3');
    const names = await connote('interpretability', 'create', copy, '--clustering', 'descriptions/mcs3', '--summaries', 'names');
    expect(names.code, names.stderr).toBe(0);
    expect(keywords.stdout).toMatch(/options showing keywords/);
    const studies = openProjectStore(copy, { readonly: true });
    const [a, b] = studies.interpretability.studies().slice(-2);
    expect([a.summaries, b.summaries]).toEqual(['keywords', 'names']);
    const tasksA = studies.interpretability.tasks(a.id);
    const tasksB = studies.interpretability.tasks(b.id);
    expect(tasksB.map((t) => t.images)).toEqual(tasksA.map((t) => t.images));
    const named = new Set(clusters.filter((c) => c.clustering === 'descriptions/mcs3').map((c) => c.name));
    expect(tasksB[0].options.every((o) => named.has(o.summary))).toBe(true);
    expect(tasksA[0].options.some((o) => named.has(o.summary))).toBe(false);
    studies.close();
  }, 60_000);

  it('estimates first and sends nothing; an edited prompt is asked anew', async () => {
    const server = await serve();
    const copy = join(tempDir(), 'demo');
    cpSync(project, copy, { recursive: true });
    const estimate = await connote('label', copy, '--base-url', server.url, '--model', 'gpt-4o-mini', '--clustering', 'descriptions/mcs5', '--dry-run');
    expect(estimate.code, estimate.stderr).toBe(0);
    expect(estimate.stdout).toMatch(/clusters to name with gpt-4o-mini:\n {2}input {2}~[\d,]+ tokens/);
    expect(estimate.stdout).toMatch(/cost {3}~\$/);
    expect(chatRequests(server)).toBe(0);

    await connote('label', copy, '--base-url', server.url, '--model', 'test-model', '--clustering', 'descriptions/mcs5', '-q');
    const before = chatRequests(server);
    const prompt = join(tempDir(), 'name.txt');
    writeFileSync(prompt, `${readFileSync('prompts/labels/name.txt', 'utf8')}\nKeep the name under five words.`);
    const edited = await connote('label', copy, '--base-url', server.url, '--model', 'test-model', '--clustering', 'descriptions/mcs5', '--label-prompt-file', prompt, '-q');
    expect(edited.code, edited.stderr).toBe(0);
    expect(chatRequests(server)).toBeGreaterThan(before);
    expect(String((server.requests.at(-1)!.body as any).messages[0].content)).toMatch(/under five words/);

    const broken = join(tempDir(), 'broken.txt');
    writeFileSync(broken, 'Name this cluster.');
    const refused = await connote('label', copy, '--labeler', 'openai', '--base-url', server.url, '--model', 'm', '--label-prompt-file', broken);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`the name prompt ${broken} lacks {{descriptions}}`);
  }, 60_000);

  it('names clusters during connote run --label, and offline by keywords', async () => {
    const server = await serve();
    const out = join(tempDir(), 'run');
    const run = await connote('run', 'examples/climate-demo', '--out', out, '--min-cluster-size', '5', '--label', '--label-base-url', server.url, '--label-model', 'test-model', '-q');
    expect(run.code, run.stderr).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, 'clusters.json'), 'utf8')) as { clusterings: Array<{ summaries: Array<{ name?: string }> }> };
    expect(summary.clusterings[0].summaries.every((s) => typeof s.name === 'string' && s.name.length > 0)).toBe(true);
    expect(chatRequests(server)).toBeGreaterThan(0);

    const offline = await connote('label', out, '--labeler', 'keywords', '-q');
    expect(offline.code, offline.stderr).toBe(0);
    expect(offline.stdout).toMatch(/ · /);
  }, 90_000);
});
