import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { MATCH_END, MATCH_START, toFtsQuery } from '../../src/store/search.js';
import { buildFixtureProject, type FixtureProject } from '../support/project-fixture.js';
import { tempDir } from '../support/temp.js';

let project: FixtureProject | undefined;
afterEach(() => project?.store.close());

describe('toFtsQuery', () => {
  it('keeps words, quotes them, keeps a prefix star and drops FTS5 syntax', () => {
    expect(toFtsQuery('flood')).toBe('"flood"');
    expect(toFtsQuery('melting ice*')).toBe('"melting" "ice"*');
    expect(toFtsQuery('"a" OR b) NEAR(c')).toBe('"a" "OR" "b" "NEAR" "c"');
    expect(toFtsQuery('Überschwemmung')).toBe('"Überschwemmung"');
    expect(toFtsQuery(' ()"* ')).toBeNull();
  });
});

describe('description search', () => {
  it('finds items by stemmed words in any description, best first, with marked snippets', async () => {
    project = await buildFixtureProject();
    const { store, itemIds } = project;
    const floods = store.search.search('flooding');
    const themed = itemIds.filter((id) => id.startsWith('flood/'));
    // Every flood item (connotative 'flood' and, for item 2, the hostile 'flooded street'), no other.
    expect(new Set(floods.itemIds)).toEqual(new Set([...themed, itemIds[2]]));
    expect(floods.truncated).toBe(false);
    expect(floods.hits.length).toBeGreaterThan(0);
    for (const hit of floods.hits) {
      expect(hit.snippet).toContain(MATCH_START);
      expect(hit.snippet).toContain(MATCH_END);
      expect(['connotative', 'denotative']).toContain(hit.prompt);
    }
    // All words must match.
    expect(store.search.search('flood glacier').itemIds).toEqual([]);
    // Item 2 is a glacier image whose connotative text was replaced by a hostile one.
    const glaciers = itemIds.filter((id, i) => id.startsWith('glacier/') && i !== 2);
    expect(new Set(store.search.search('glac*').itemIds)).toEqual(new Set(glaciers));
    expect(store.search.search('', {}).itemIds).toEqual([]);
    expect(store.search.search('flood', { limit: 3 })).toMatchObject({ truncated: true, itemIds: expect.any(Array) });
    expect(store.search.search('flood', { limit: 3 }).itemIds).toHaveLength(3);
  });

  it('rebuilds the index when another process changes the descriptions', async () => {
    const path = join(tempDir(), 'connote.sqlite');
    project = await buildFixtureProject(path, 8);
    const { store } = project;
    expect(store.search.search('volcano').itemIds).toEqual([]);
    const other = new Database(path);
    other.prepare(`UPDATE descriptions SET text = 'a volcano erupting', created_at = '2999-01-01T00:00:00Z' WHERE rowid = 1`).run();
    other.close();
    expect(store.search.search('volcano').itemIds).toHaveLength(1);
    expect(store.search.refresh()).toBe(false);
    // A reopened store finds its index up to date.
    store.close();
    const again = openStore(path);
    expect(again.search.refresh()).toBe(false);
    again.close();
  });
});
