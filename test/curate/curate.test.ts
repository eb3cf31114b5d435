import { cpSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  averageLinkage,
  buildClusterHierarchy,
  mergeClusters,
  mergeLabelMap,
  reassignOutliers,
  REASSIGN_STRATEGIES,
} from '../../src/pipeline/curate/index.js';
import { loadStoredClustering, openProjectStore, type Store } from '../../src/store/index.js';
import { createRandom } from '../../src/util/random.js';
import { connote } from '../support/cli.js';
import { fileTempDir, tempDir } from '../support/temp.js';

/** The bundled example, run once (offline); each test edits its own copy. */
let project: string;
beforeAll(async () => {
  project = join(fileTempDir('connote-curate-'), 'demo');
  const run = await connote('run', 'examples/climate-demo', '--out', project, '--min-cluster-size', '3', '-q');
  expect(run.code, run.stderr).toBe(0);
}, 120_000);

function copyProject(): { dir: string; store: Store; clusteringId: number } {
  const dir = join(tempDir(), 'demo');
  cpSync(project, dir, { recursive: true });
  const store = openProjectStore(dir);
  const clusteringId = store.clusterings.byName(store.runs.latestFinished()!.id, 'descriptions/mcs3')!.id;
  return { dir, store, clusteringId };
}

describe('merge', () => {
  it('maps each group to its smallest label and keeps every other label', () => {
    expect(mergeLabelMap([0, 1, 2, 3, -1], [[3, 1]])).toEqual(new Map([[-1, -1], [0, 0], [1, 1], [2, 2], [3, 1]]));
    expect(() => mergeLabelMap([0, 1], [[0, 7]])).toThrow('there is no cluster 7 to merge (clusters: 0, 1)');
    expect(() => mergeLabelMap([0, 1, 2], [[0, 1], [1, 2]])).toThrow('cluster 1 is in two merge groups');
    expect(() => mergeLabelMap([0, 1], [[1, 1]])).toThrow('at least two different clusters');
  });

  it('records a new clustering with its parent, never changing the parent, with an audit entry', async () => {
    const { store, clusteringId } = copyProject();
    const before = store.clusterings.assignments(clusteringId);
    const parentClusters = store.clusterings.clusters(clusteringId);
    store.clusterings.saveLabels(clusteringId, [0, 1, 2].map((label) => ({ label, name: `name ${label}`, description: 'd', criteria: 'c', labeler: 'test', model: 'm' })));
    const result = await mergeClusters(store, clusteringId, { groups: [[1, 2]], who: 'ana', memo: 'both are portraits of officials' });

    expect(store.clusterings.assignments(clusteringId)).toEqual(before);
    expect(result.clustering).toMatchObject({ name: 'descriptions/mcs3/merge-1', parentId: clusteringId, edit: 'merge', nClusters: parentClusters.length - 1 });
    const merged = store.clusterings.clusters(result.clustering.id);
    const size = (label: number) => parentClusters.find((c) => c.label === label)!.size;
    expect(merged.find((c) => c.label === 1)!.size).toBe(size(1) + size(2));
    expect(merged.some((c) => c.label === 2)).toBe(false);
    expect(result.moved).toBe(size(2));
    // Keywords are computed again for the joined cluster; names stay only where the cluster is whole.
    expect(merged.find((c) => c.label === 1)!.keywords).not.toEqual(parentClusters.find((c) => c.label === 1)!.keywords);
    expect(merged.find((c) => c.label === 0)!.name).toBe('name 0');
    expect(merged.find((c) => c.label === 1)!.name).toBeUndefined();

    const [entry] = store.audit.list(result.clustering.id);
    expect(entry).toMatchObject({ who: 'ana', action: 'merge', clusteringId, resultClusteringId: result.clustering.id, memo: 'both are portraits of officials' });
    expect(entry.details).toMatchObject({ groups: [[1, 2]], movedImages: size(2) });
    const again = await mergeClusters(store, clusteringId, { groups: [[0, 3]] });
    expect(again.clustering.name).toBe('descriptions/mcs3/merge-2');
    store.close();
  });
});

describe('reassign', () => {
  it.each(REASSIGN_STRATEGIES)('%s moves noise into clusters and keeps everything else', async (strategy) => {
    const { store, clusteringId } = copyProject();
    const parent = loadStoredClustering(store, clusteringId);
    const noise = [...parent.labels].filter((l) => l < 0).length;
    expect(noise).toBeGreaterThan(0);
    const result = await reassignOutliers(store, clusteringId, { strategy, who: 'ana' });
    expect(result.outliers).toBe(noise);
    expect(result.reassigned).toBeGreaterThan(0);
    const child = loadStoredClustering(store, result.clustering.id);
    parent.labels.forEach((label, row) => {
      if (label >= 0) {
        expect(child.labels[row]).toBe(label);
        expect(child.probabilities[row]).toBe(parent.probabilities[row]);
      } else if (child.labels[row] >= 0) {
        expect(child.probabilities[row]).toBeGreaterThan(0);
      }
    });
    expect([...child.labels].filter((l) => l < 0).length).toBe(noise - result.reassigned);
    expect(store.audit.list(result.clustering.id)[0].details).toMatchObject({ strategy, threshold: 0, outliers: noise, reassigned: result.reassigned });
    store.close();
  });

  it('moves fewer outliers at a higher threshold and refuses one outside 0 to 1', async () => {
    const { store, clusteringId } = copyProject();
    const loose = await reassignOutliers(store, clusteringId, { strategy: 'ctfidf', threshold: 0 });
    const strict = await reassignOutliers(store, clusteringId, { strategy: 'ctfidf', threshold: 0.99 });
    expect(strict.reassigned).toBeLessThan(loose.reassigned);
    await expect(reassignOutliers(store, clusteringId, { strategy: 'ctfidf', threshold: 2 })).rejects.toThrow('threshold must be from 0 to 1');
    store.close();
  });

  it('uses soft clustering only for a clustering HDBSCAN made, and says what to use instead', async () => {
    const { store, clusteringId } = copyProject();
    const merged = await mergeClusters(store, clusteringId, { groups: [[1, 2]] });
    await expect(reassignOutliers(store, merged.clustering.id, { strategy: 'probabilities' })).rejects.toThrow(/a merge edit: use ctfidf or embeddings/);
    const reassigned = await reassignOutliers(store, merged.clustering.id, { strategy: 'embeddings' });
    expect(reassigned.clustering.parentId).toBe(merged.clustering.id);
    store.close();
  });
});

/** Average linkage the slow, obvious way: merge the closest pair, recompute all pair means from the members. */
function naiveAverageLinkage(distances: Float64Array, k: number): Array<[number, number, number]> {
  let clusters = Array.from({ length: k }, (_, i) => ({ id: i, members: [i] }));
  const merges: Array<[number, number, number]> = [];
  while (clusters.length > 1) {
    let best: [number, number, number] = [0, 1, Infinity];
    for (let a = 0; a < clusters.length; a++) {
      for (let b = a + 1; b < clusters.length; b++) {
        let sum = 0;
        for (const i of clusters[a].members) for (const j of clusters[b].members) sum += distances[i * k + j];
        const mean = sum / (clusters[a].members.length * clusters[b].members.length);
        if (mean < best[2]) best = [a, b, mean];
      }
    }
    const [a, b, height] = best;
    const ids = [clusters[a].id, clusters[b].id].sort((x, y) => x - y);
    merges.push([ids[0], ids[1], height]);
    const joined = { id: k + merges.length - 1, members: [...clusters[a].members, ...clusters[b].members] };
    clusters = [...clusters.filter((_, i) => i !== a && i !== b), joined];
  }
  return merges;
}

describe('hierarchy', () => {
  it('average linkage by nearest-neighbour chain matches the obvious algorithm', () => {
    const random = createRandom(3);
    for (const k of [2, 3, 7, 20]) {
      const points = Array.from({ length: k }, () => [random.next(), random.next(), random.next()]);
      const distances = new Float64Array(k * k);
      for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) distances[i * k + j] = Math.hypot(...points[i].map((v, d) => v - points[j][d]));
      const fast = averageLinkage(distances, k);
      const slow = naiveAverageLinkage(distances, k);
      expect(fast.map(([a, b]) => [a, b])).toEqual(slow.map(([a, b]) => [a, b]));
      fast.forEach(([, , h], i) => expect(h).toBeCloseTo(slow[i][2], 12));
    }
  });

  it('joins every cluster of a clustering into one tree, summarised by keywords, and stores it', () => {
    const { store, clusteringId } = copyProject();
    const clusters = store.clusterings.clusters(clusteringId);
    const tree = buildClusterHierarchy(store, clusteringId);
    expect(tree.nodes.length).toBe(2 * clusters.length - 1);
    const root = tree.nodes[tree.root];
    expect(root.labels).toEqual(clusters.map((c) => c.label));
    expect(root.size).toBe(clusters.reduce((sum, c) => sum + c.size, 0));
    for (const node of tree.nodes.slice(clusters.length)) {
      expect(node.children).toHaveLength(2);
      expect(node.keywords.length).toBeGreaterThan(0);
      for (const child of node.children) expect(tree.nodes[child].distance).toBeLessThanOrEqual(node.distance);
    }
    expect(store.hierarchies.get(clusteringId, tree.method)).toEqual(tree);
    store.close();
  });
});

describe('the edit commands', () => {
  it('merge, reassign and hierarchy from the CLI export the result and the audit log', async () => {
    const { dir, store } = copyProject();
    store.close();
    const merge = await connote('merge', dir, '--clustering', 'descriptions/mcs3', '--clusters', '1+2', '--by', 'ana', '--memo', 'same theme');
    expect(merge.code, merge.stderr).toBe(0);
    expect(merge.stdout).toContain('New clustering descriptions/mcs3/merge-1');
    for (const file of ['assignments.csv', 'assignments.parquet', 'clusters.csv', 'clusters.json', 'clusters.parquet']) {
      expect(existsSync(join(dir, 'edits', 'descriptions-mcs3-merge-1', file)), file).toBe(true);
    }
    const reassign = await connote('reassign', dir, '--clustering', 'descriptions/mcs3/merge-1', '--strategy', 'ctfidf', '--threshold', '0.05');
    expect(reassign.code, reassign.stderr).toBe(0);
    expect(reassign.stdout).toMatch(/Reassigned \d+ of \d+ noise images by ctfidf/);
    const audit = readFileSync(join(dir, 'audit.csv'), 'utf8').trim().split('\n');
    expect(audit[0]).toBe('id,at,who,action,clustering_id,result_clustering_id,memo,details');
    expect(audit[1]).toMatch(/^1,\d{4}-.*,ana,merge,\d+,\d+,same theme,/);
    expect(audit[2]).toMatch(/,reassign,/);
    const hierarchy = await connote('hierarchy', dir, '--clustering', 'descriptions/mcs3');
    expect(hierarchy.code, hierarchy.stderr).toBe(0);
    expect(hierarchy.stdout).toMatch(/^clusters 0, 1, 2, .* at 0\.\d+ \(\d+ images\)/);
    expect(JSON.parse(readFileSync(join(dir, 'hierarchy-descriptions-mcs3.json'), 'utf8')).method).toBe('ctfidf-average');
    const bad = await connote('reassign', dir, '--clustering', 'descriptions/mcs3', '--strategy', 'nearest');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("unknown strategy 'nearest'; choose probabilities, ctfidf, embeddings");
  }, 60_000);
});
