import { afterEach, describe, expect, it } from 'vitest';
import { buildFixtureProject, type FixtureProject } from '../support/project-fixture.js';

let project: FixtureProject | undefined;
afterEach(() => project?.store.close());

describe('explore queries', () => {
  it('lists layouts and returns points in item order', async () => {
    project = await buildFixtureProject();
    const { store, runId, itemIds } = project;
    expect(store.explore.layouts()).toEqual([
      { runId, method: 'descriptions', points: 40 },
      { runId, method: 'image-features', points: 40 },
    ]);
    const layout = store.explore.layoutPoints(runId, 'descriptions');
    expect(layout.ids).toEqual(itemIds);
    expect(layout.xy).toHaveLength(80);
    const stored = store.clusterings.layout(runId, 'descriptions').find((p) => p.itemId === itemIds[5]);
    expect(layout.xy[10]).toBeCloseTo(stored?.x ?? NaN, 5);
    expect(layout.xy[11]).toBeCloseTo(stored?.y ?? NaN, 5);
  });

  it('aligns labels, pages members, and finds every clustering of an item', async () => {
    project = await buildFixtureProject();
    const { store, itemIds, clusterings } = project;
    const labels = store.explore.labelsFor(clusterings.descriptions5, [itemIds[0], 'unknown', itemIds[4]], -2);
    expect([...labels]).toEqual([0, -2, -1]);
    const page = store.explore.members(clusterings.descriptions5, 1, 0, 3);
    expect(page.total).toBe(store.clusterings.clusters(clusterings.descriptions5).find((c) => c.label === 1)?.size);
    expect(page.members).toHaveLength(3);
    expect(page.members[0].probability).toBeGreaterThanOrEqual(page.members[2].probability);
    const all = [0, 3, 6, 9].flatMap((offset) => store.explore.members(clusterings.descriptions5, 1, offset, 3).members.map((m) => m.itemId));
    expect(new Set(all).size).toBe(page.total);
    expect(store.explore.itemAssignments(itemIds[0]).map((a) => a.clusteringId)).toEqual([
      clusterings.descriptions3,
      clusterings.descriptions5,
      clusterings.features4,
    ]);
  });

  it('crosses two clusterings: counts add up to the shared items, cells list their members', async () => {
    project = await buildFixtureProject();
    const { store, clusterings } = project;
    const cells = store.explore.contingency(clusterings.descriptions5, clusterings.features4);
    expect(cells.reduce((sum, c) => sum + c.count, 0)).toBe(40);
    // Feature clusters are the description themes shifted by one.
    const big = cells.filter((c) => c.labelA >= 0 && c.labelB >= 0).sort((x, y) => y.count - x.count)[0];
    expect(big.labelB).toBe((big.labelA + 1) % 4);
    const cell = store.explore.crossMembers(clusterings.descriptions5, big.labelA, clusterings.features4, big.labelB, 0, 100);
    expect(cell.total).toBe(big.count);
    expect(cell.members).toHaveLength(big.count);
  });

  it('lists clusterings of finished runs and metadata columns', async () => {
    project = await buildFixtureProject();
    const { store } = project;
    expect(store.explore.clusterings().map((c) => c.name)).toEqual(['descriptions/mcs3', 'descriptions/mcs5', 'image-features/mcs4']);
    expect(store.explore.metadataColumns()).toEqual(['source', 'year']);
  });
});
