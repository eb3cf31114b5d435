import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/store/schema.js';
import { openStore } from '../../src/store/index.js';
import { hashOf } from '../../src/util/hash.js';
import { tempDir } from '../support/temp.js';

const key = { describer: 'openai', model: 'gpt-4o', promptHash: 'p'.repeat(64), params: { temperature: 0, detail: 'low' } };

describe('store', () => {
  it('opens in WAL mode and applies every migration once', () => {
    const path = join(tempDir(), 'connote.sqlite');
    const store = openStore(path);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    store.close();
    const again = openStore(path);
    expect(again.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    again.close();
  });

  it('refuses a project written by a newer connote', () => {
    const path = join(tempDir(), 'connote.sqlite');
    const db = new Database(path);
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    db.close();
    expect(() => openStore(path)).toThrow(/newer connote/);
  });

  it('caches descriptions by image, describer, model, prompt and parameters (order-insensitive)', () => {
    const store = openStore(':memory:');
    store.descriptions.put(key, {
      imageHash: 'img1',
      status: 'ok',
      text: 'a turbine means hope',
      inputTokens: 120,
      outputTokens: 80,
      costUsd: 0.001,
      responseModel: 'gpt-4o-2024-08-06',
    });
    expect(store.descriptions.get('img1', { ...key, params: { detail: 'low', temperature: 0 } })?.text).toBe('a turbine means hope');
    expect(store.descriptions.get('img1', { ...key, params: { detail: 'high', temperature: 0 } })).toBeUndefined();
    expect(store.descriptions.get('img1', { ...key, model: 'gpt-4.1-mini' })).toBeUndefined();
    expect(store.descriptions.getMany(['img1', 'img2'], key).size).toBe(1);
    store.close();
  });

  it('keeps per-item texts beside the image\'s, and a project of schema 2 keeps its descriptions and search', () => {
    const path = join(tempDir(), 'connote.sqlite');
    const old = new Database(path);
    for (const migration of MIGRATIONS.slice(0, 2)) old.exec(migration);
    old.pragma('user_version = 2');
    old.prepare(
      `INSERT INTO descriptions (image_hash, describer, model, prompt_hash, params_hash, status, text, params, created_at)
       VALUES ('img1', 'openai', 'gpt-4o', ?, ?, 'ok', 'a turbine means hope', '{}', '2025-01-01')`,
    ).run(key.promptHash, hashOf(key.params));
    old.prepare(`INSERT INTO images (hash, format, width, height, bytes, created_at) VALUES ('img1', 'png', 1, 1, 1, '2025-01-01')`).run();
    old.prepare(`INSERT INTO items (id, hash, path, position, updated_at) VALUES ('a', 'img1', 'a.png', 0, '2025-01-01'), ('b', 'img1', 'b.png', 1, '2025-01-01')`).run();
    old.close();
    const store = openStore(path);
    expect(store.descriptions.get('img1', key)).toMatchObject({ itemId: null, text: 'a turbine means hope' });
    expect(store.search.search('turbine').itemIds).toEqual(['a', 'b']);
    // Texts that belong to one item each: both kept, each found for its own item only.
    const reference = { describer: 'reference', model: 'd.jsonl@1', promptHash: key.promptHash, params: {} };
    const row = { imageHash: 'img1', status: 'ok' as const, inputTokens: null, outputTokens: null, costUsd: null, responseModel: null };
    store.descriptions.put(reference, { ...row, itemId: 'a', text: 'a wind farm of hope' });
    store.descriptions.put(reference, { ...row, itemId: 'b', text: 'an eyesore of blades' });
    expect(store.descriptions.getMany(['img1'], reference).get('img1')!.map((d) => [d.itemId, d.text])).toEqual([
      ['a', 'a wind farm of hope'],
      ['b', 'an eyesore of blades'],
    ]);
    expect(store.descriptions.forImage('img1', 'b').map((d) => d.text)).toEqual(['a turbine means hope', 'an eyesore of blades']);
    store.close();
    // The index follows other connections' writes (the web app reads what a run wrote).
    const reader = openStore(path);
    expect(reader.search.search('eyesore').itemIds).toEqual(['b']);
    expect(reader.search.search('eyesore').hits.map((h) => h.itemId)).toEqual(['b']);
    expect(reader.search.search('turbine').itemIds).toEqual(['a', 'b']);
    reader.close();
  });

  it('round-trips embeddings, matrices and persistent state exactly', () => {
    const store = openStore(':memory:');
    const vector = Float32Array.from([0.1, -2.5, 3e-8]);
    store.embeddings.putMany([{ textHash: 't', vector }], 'k');
    expect(store.embeddings.getMany(['t', 'u'], 'k').get('t')).toEqual(vector);
    const matrix = { rows: 2, cols: 2, data: Float64Array.from([Math.PI, -0, 1e-300, 5]) };
    store.artifacts.putMatrix('m', 'reduction', matrix);
    expect(store.artifacts.getMatrix('m')).toEqual(matrix);
    const state = store.state('describe');
    state.set('batch', { id: 'batch_123' });
    expect(store.state('describe').get('batch')).toEqual({ id: 'batch_123' });
    expect(store.state('other').get('batch')).toBeUndefined();
    store.close();
  });

  it('saves clusterings with assignments and cluster summaries', () => {
    const store = openStore(':memory:');
    store.runs.start('r1', { any: 'config' });
    const id = store.clusterings.save({
      runId: 'r1',
      name: 'descriptions/mcs5',
      method: 'descriptions',
      minClusterSize: 5,
      params: {},
      assignments: [
        { itemId: 'a', label: 0, probability: 1, outlierScore: 0.1 },
        { itemId: 'b', label: -1, probability: 0, outlierScore: 0.9 },
      ],
      clusters: [{ label: 0, size: 1, keywords: [{ term: 'ice', score: 0.5 }], tfidfKeywords: [], representatives: ['a'] }],
    });
    expect(store.clusterings.get(id)).toMatchObject({ nClusters: 1, nNoise: 1, minClusterSize: 5 });
    expect(store.clusterings.clusters(id)[0].keywords).toEqual([{ term: 'ice', score: 0.5 }]);
    store.runs.finish('r1', 'finished', { ok: true });
    expect(store.runs.latestFinished()?.id).toBe('r1');
    store.close();
  });
});
