import { describe, expect, it } from 'vitest';
import {
  clashingGroups,
  jsonObjectIn,
  keywordName,
  labelClusters,
  labelers,
  loadLabelPrompt,
  nameKey,
  readClusterName,
  readNewNames,
  renderNamePrompt,
  type ClusterLabeler,
  type ClusterToName,
} from '../../src/labels/index.js';
import { createOpenAILabeler } from '../../src/labels/openai.js';
import { MalformedResponseError, ProviderFatalError } from '../../src/providers/errors.js';
import { openStore } from '../../src/store/index.js';
import { createContext } from '../../src/types/context.js';
import { sha256 } from '../../src/util/hash.js';
import { useProviderServers } from '../provider-server/index.js';

const CLUSTERS: ClusterToName[] = [
  { label: 0, size: 12, keywords: ['flood', 'river', 'rescue'], descriptions: ['A flooded street.', 'Rescuers in boats.'] },
  { label: 1, size: 9, keywords: ['flood', 'rain', 'warning'], descriptions: ['A storm warning.'] },
  { label: 2, size: 7, keywords: ['protest', 'banner'], descriptions: ['Marchers with a banner.'] },
];

/**
 * A labeler written here to the ClusterLabeler contract, so the caller's caching, renaming and
 * fallback can be checked exactly: it names clusters from a table and counts its calls.
 */
function tableLabeler(names: Record<number, string>, renames: Record<number, string> = {}, failing: ReadonlySet<number> = new Set()) {
  const prompt = { name: 'test', text: 'test prompt', hash: sha256('test prompt') };
  const calls = { name: 0, distinguish: 0 };
  const labeler: ClusterLabeler = {
    name: 'table',
    signature: { labeler: 'table', model: 'fixed', params: {} },
    prompts: { name: prompt, distinguish: prompt },
    concurrency: 2,
    nameCluster: async (cluster) => {
      calls.name++;
      if (failing.has(cluster.label)) throw new MalformedResponseError('no JSON in the answer');
      return { value: { name: names[cluster.label], description: `About ${names[cluster.label]}.`, criteria: 'Shows it.' }, usage: { inputTokens: 100, outputTokens: 20 }, costUsd: 0.001 };
    },
    distinguish: async (clashing) => {
      calls.distinguish++;
      return { value: new Map(clashing.map((c) => [c.label, renames[c.label] ?? c.name])) };
    },
  };
  return { labeler, calls };
}

describe('labelClusters', () => {
  it('names each cluster once, caches every answer, and renames siblings whose names came out alike', async () => {
    const store = openStore(':memory:');
    const { labeler, calls } = tableLabeler({ 0: 'Floods', 1: 'flood', 2: 'Protest march' }, { 0: 'Flood rescue', 1: 'Flood warnings' });
    const first = await labelClusters(CLUSTERS, labeler, store, createContext());
    expect(first.names.map((n) => n.name)).toEqual(['Flood rescue', 'Flood warnings', 'Protest march']);
    expect(first).toMatchObject({ requests: 4, cached: 0, renamed: 2, failures: [] });
    expect(first.usage.costUsd).toBeCloseTo(0.003, 12);
    expect(calls).toEqual({ name: 3, distinguish: 1 });

    const second = await labelClusters(CLUSTERS, labeler, store, createContext());
    expect(second.names.map((n) => n.name)).toEqual(first.names.map((n) => n.name));
    expect(second).toMatchObject({ requests: 0, cached: 4 });
    expect(second.names.every((n) => n.source === 'cache')).toBe(true);
    expect(calls).toEqual({ name: 3, distinguish: 1 });
    store.close();
  });

  it('gives names still alike after renaming a keyword of their own', async () => {
    const store = openStore(':memory:');
    const { labeler } = tableLabeler({ 0: 'Floods', 1: 'Flood', 2: 'Protest' });
    const result = await labelClusters(CLUSTERS, labeler, store, createContext());
    expect(result.names.map((n) => n.name)).toEqual(['Floods', 'Flood (rain)', 'Protest']);
    expect(clashingGroups(result.names)).toEqual([]);
    store.close();
  });

  it('names a cluster by its keywords when the model gives no usable answer, and asks again next time', async () => {
    const store = openStore(':memory:');
    const { labeler, calls } = tableLabeler({ 0: 'Floods', 1: 'Storm warnings', 2: 'Protest' }, {}, new Set([2]));
    const warnings: string[] = [];
    const ctx = createContext({ logger: { debug() {}, info() {}, warn: (m: string) => warnings.push(m), error() {} } });
    const result = await labelClusters(CLUSTERS, labeler, store, ctx);
    expect(result.names[2]).toMatchObject({ name: 'protest · banner', source: 'keywords' });
    expect(result.failures).toEqual([{ label: 2, message: 'no JSON in the answer' }]);
    expect(warnings[0]).toMatch(/cluster 2: no usable name/);
    await labelClusters(CLUSTERS, labeler, store, ctx);
    expect(calls.name).toBe(4);
    store.close();
  });

  it('stops at a fatal provider error (a refused key, an unknown model)', async () => {
    const store = openStore(':memory:');
    const { labeler } = tableLabeler({ 0: 'a', 1: 'b', 2: 'c' });
    const fatal = { ...labeler, nameCluster: async () => Promise.reject(new ProviderFatalError('401 Incorrect API key')) };
    await expect(labelClusters(CLUSTERS, fatal, store, createContext())).rejects.toThrow('Incorrect API key');
    store.close();
  });
});

describe('names', () => {
  it('count as the same regardless of case, punctuation, plural -s and word order', () => {
    expect(nameKey('Climate protests')).toBe(nameKey('protest, climate'));
    expect(nameKey('Glass')).not.toBe(nameKey('Glas'));
    expect(clashingGroups([{ label: 0, name: 'Floods' }, { label: 1, name: 'Fires' }, { label: 2, name: 'flood' }])).toEqual([[0, 2]]);
  });

  it('are read from JSON answers, fenced or not, and a missing field is malformed', () => {
    expect(readClusterName('```json\n{"name": "\\"Flood rescue.\\"", "description": "Boats.", "criteria": "Shows a rescue."}\n```')).toEqual({
      name: 'Flood rescue',
      description: 'Boats.',
      criteria: 'Shows a rescue.',
    });
    expect(() => readClusterName('{"name": "x"}')).toThrow(MalformedResponseError);
    expect(jsonObjectIn('no json here')).toBeUndefined();
    expect(readNewNames('{"c3": "A", "c4": "B"}', new Map([['c3', 3], ['c4', 4]]))).toEqual(new Map([[3, 'A'], [4, 'B']]));
    expect(() => readNewNames('{"c3": "A"}', new Map([['c3', 3], ['c4', 4]]))).toThrow(/new name for c4/);
  });

  it('by keywords need no model', async () => {
    expect(keywordName({ label: 0, keywords: ['flood', 'river', 'rescue', 'boat'] })).toEqual({
      name: 'flood · river · rescue',
      description: 'Images whose descriptions speak most distinctively of flood, river and rescue.',
      criteria: 'An image belongs here when its description is chiefly about flood, river, rescue or boat.',
    });
    const labeler = labelers.get('keywords').create({ baseDir: '.', settings: {} });
    expect((await labeler.nameCluster(CLUSTERS[0], createContext())).value.name).toBe('flood · river · rescue');
  });
});

describe('prompts', () => {
  it('ship as files and fill in the cluster', () => {
    const prompt = loadLabelPrompt('name');
    expect(prompt.name).toBe('connote:name');
    const text = renderNamePrompt(prompt, CLUSTERS[0]);
    expect(text).toContain('Keywords: flood, river, rescue');
    expect(text).toContain('1. A flooded street.\n2. Rescuers in boats.');
    expect(text).toContain('(2 of the 12 in the cluster)');
    expect(text).not.toMatch(/\{\{/);
  });

  it('name the file when it cannot be read', () => {
    expect(() => loadLabelPrompt('distinguish', '/nonexistent/prompt.txt')).toThrow('cannot read the distinguish prompt /nonexistent/prompt.txt');
  });

  it('refuse settings the openai labeler does not know, naming them', () => {
    expect(() => labelers.get('openai').create({ baseDir: '.', settings: { model: 'm', temprature: 0 } })).toThrow(/unknown setting 'temprature'/);
  });
});

describe('the openai labeler on the local server', () => {
  const serve = useProviderServers();

  it('waits out a 429 with Retry-After and retries a 500, through the shared client stack', async () => {
    const server = await serve({
      faults: ({ route, routeCount }) =>
        route !== 'chat' ? undefined : routeCount === 1 ? { kind: 'status', status: 429, retryAfterMs: '30' } : routeCount === 2 ? { kind: 'status', status: 500 } : undefined,
    });
    const labeler = createOpenAILabeler(
      { baseDir: '.', settings: { baseUrl: server.url, model: 'test-model', concurrency: 1 } },
      { env: {} },
    );
    const store = openStore(':memory:');
    const result = await labelClusters(CLUSTERS.slice(0, 1), labeler, store, createContext());
    expect(result.failures).toEqual([]);
    expect(result.names[0].source).toBe('model');
    expect(server.requests.filter((r) => r.route === 'chat').map((r) => r.status)).toEqual([429, 500, 200]);
    await labeler.close?.();
    store.close();
  });

  it('asks Anthropic-style servers for JSON in the prompt only, and reads the answer from prose', async () => {
    const server = await serve({ flavour: 'anthropic' });
    const labeler = createOpenAILabeler({ baseDir: '.', settings: { baseUrl: server.url, model: 'claude', profile: 'anthropic', apiKey: 'k' } }, { env: {} });
    expect(labeler.signature.params.responseFormat).toBe('text');
    // The test server answers prose without a schema: no JSON, so the cluster falls back to its keywords.
    const store = openStore(':memory:');
    const result = await labelClusters(CLUSTERS.slice(0, 1), labeler, store, createContext());
    expect(result.names[0].source).toBe('keywords');
    expect((server.requests[0].body as Record<string, unknown>).response_format).toBeUndefined();
    await labeler.close?.();
    store.close();
  });
});
