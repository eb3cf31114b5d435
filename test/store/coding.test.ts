import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { buildFixtureProject, type FixtureProject } from '../support/project-fixture.js';
import { tempDir } from '../support/temp.js';

let project: FixtureProject | undefined;
afterEach(() => project?.store.close());

describe('pairs and pair ratings', () => {
  it('imports pairs in file order, ignores an identical re-import and refuses conflicts and unknown images', async () => {
    project = await buildFixtureProject();
    const { store, itemIds } = project;
    const pairs = [
      { pairId: 'p2', imageA: itemIds[0], imageB: itemIds[1] },
      { pairId: 'p1', imageA: itemIds[2], imageB: itemIds[3] },
    ];
    expect(store.pairs.importPairs(pairs)).toEqual({ added: 2, unchanged: 0 });
    expect(store.pairs.importPairs(pairs)).toEqual({ added: 0, unchanged: 2 });
    expect(store.pairs.list().map((p) => [p.pairId, p.position])).toEqual([
      ['p2', 0],
      ['p1', 1],
    ]);
    expect(() => store.pairs.importPairs([{ pairId: 'p1', imageA: itemIds[4], imageB: itemIds[5] }], 'b.csv')).toThrow(
      /b\.csv: 1 problem.*'p1' is already stored/,
    );
    expect(() =>
      store.pairs.importPairs([
        { pairId: 'p3', imageA: itemIds[4], imageB: 'nope' },
        { pairId: 'p4', imageA: itemIds[4], imageB: itemIds[5] },
      ]),
    ).toThrow(/no image with id 'nope'/);
    // A failed import adds nothing, not even its good rows.
    expect(store.pairs.count()).toBe(2);
  });

  it('saves each judgement on its own, keeps the other, and checks the scale', async () => {
    project = await buildFixtureProject();
    const { store, itemIds } = project;
    store.pairs.importPairs([{ pairId: 'p1', imageA: itemIds[0], imageB: itemIds[1] }]);
    expect(store.pairs.rate('p1', 'alice', { denotative: 2 })).toMatchObject({ pairId: 'p1', coder: 'alice', denotative: 2, connotative: null });
    expect(store.pairs.rate('p1', 'alice', { connotative: 3 })).toMatchObject({ denotative: 2, connotative: 3 });
    expect(store.pairs.rate('p1', 'alice', { denotative: null })).toMatchObject({ denotative: null, connotative: 3 });
    store.pairs.rate('p1', 'bob', { denotative: 1, connotative: 1 });
    expect(() => store.pairs.rate('p1', 'alice', { denotative: 4 })).toThrow(/from 1 to 3/);
    expect(() => store.pairs.rate('p1', 'alice', { denotative: 1.5 })).toThrow(/whole number/);
    expect(() => store.pairs.rate('nope', 'alice', { denotative: 1 })).toThrow(/no pair 'nope'/);
    expect(store.pairs.ratings().map((r) => [r.coder, r.denotative, r.connotative])).toEqual([
      ['alice', null, 3],
      ['bob', 1, 1],
    ]);
    expect(store.pairs.ratings('bob')).toHaveLength(1);
  });

  it('keeps every rating after the store is closed and reopened', async () => {
    const path = join(tempDir(), 'connote.sqlite');
    const built = await buildFixtureProject(path, 8);
    built.store.pairs.importPairs([{ pairId: 'p1', imageA: built.itemIds[0], imageB: built.itemIds[1] }]);
    built.store.pairs.rate('p1', 'alice', { denotative: 3, connotative: 2 });
    built.store.close();
    const reopened = openStore(path);
    expect(reopened.pairs.ratings()).toEqual([expect.objectContaining({ pairId: 'p1', coder: 'alice', denotative: 3, connotative: 2 })]);
    reopened.close();
  });
});

describe('interpretability studies', () => {
  it('stores tasks and the key apart, and records choices (null for a skip)', async () => {
    project = await buildFixtureProject();
    const { store, itemIds, clusterings } = project;
    const id = store.interpretability.createStudy({
      clusteringId: clusterings.descriptions5,
      imagesPerSet: 2,
      seed: 1,
      tasks: [
        { taskId: 't001', images: [itemIds[0], itemIds[4]], options: [{ optionId: '1', summary: 'ice' }, { optionId: '2', summary: 'flood' }] },
        { taskId: 't002', images: [itemIds[2]], options: [{ optionId: '1', summary: 'flood' }, { optionId: '2', summary: 'ice' }] },
      ],
      key: { tasks: { t001: { cluster: 0, options: { '1': 2, '2': 0 } }, t002: { cluster: 2, options: { '1': 0, '2': 2 } } }, choices: 2 },
    });
    expect(store.interpretability.studies()).toEqual([expect.objectContaining({ id, clusteringId: clusterings.descriptions5, tasks: 2, choices: 2 })]);
    const tasks = store.interpretability.tasks(id);
    expect(tasks.map((t) => t.taskId)).toEqual(['t001', 't002']);
    expect(JSON.stringify(tasks)).not.toMatch(/cluster/);
    expect(store.interpretability.key(id).tasks.t002).toEqual({ cluster: 2, options: { '1': 0, '2': 2 } });
    expect(store.interpretability.choose(id, 't002', 'alice', '2')).toMatchObject({ taskId: 't002', coder: 'alice', choice: '2' });
    store.interpretability.choose(id, 't001', 'alice', null);
    store.interpretability.choose(id, 't001', 'alice', '1');
    expect(() => store.interpretability.choose(id, 't001', 'alice', '3')).toThrow(/no option '3'/);
    expect(() => store.interpretability.choose(id, 't999', 'alice', '1')).toThrow(/no task 't999'/);
    expect(store.interpretability.choices(id).map((c) => [c.taskId, c.choice])).toEqual([
      ['t001', '1'],
      ['t002', '2'],
    ]);
  });
});
