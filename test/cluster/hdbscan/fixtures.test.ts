import { describe, expect, it } from 'vitest';
import { fitHdbscan, selectFromTree } from '../../../src/cluster/hdbscan/fit.js';
import { resolveHdbscanOptions } from '../../../src/cluster/hdbscan/options.js';
import { canonicalRows, matchLabels } from './compare.js';
import { readCondensedTree, readMergeDistances, readPoints, readReferenceRun, type Method } from './fixtureData.js';
import { hdbscanPrimOrders } from './referenceOrder.js';
import { condenseTree } from '../../../src/cluster/hdbscan/condensedTree.js';
import { singleLinkage } from '../../../src/cluster/hdbscan/singleLinkage.js';

/**
 * Agreement with scikit-learn-contrib/hdbscan 0.8.40 (`hdbscan_generic`, the reference of
 * record; see test/fixtures/hdbscan/README.md), min_cluster_size 10, min_samples default.
 */
const methods: Method[] = ['eom', 'leaf'];
const sum = (values: Float64Array): number => values.reduce((a, b) => a + b, 0);

describe('hdbscan on blobs_2000x5 (no tie matters): identical to the reference', () => {
  const { points } = readPoints('blobs_2000x5');
  for (const method of methods) {
    describe(method, () => {
      const model = fitHdbscan(points, { minClusterSize: 10, clusterSelectionMethod: method });
      const reference = readReferenceRun('blobs_2000x5', method);

      it('labels are the same up to renaming, with the same noise', () => {
        const { disagreements } = matchLabels(model.labels, reference.labels);
        expect(disagreements).toEqual([]);
        expect(model.nClusters).toBe(reference.nClusters);
        expect(model.labels.filter((l) => l < 0).length).toBe(reference.labels.filter((l) => l < 0).length);
      });

      it('probabilities and GLOSH outlier scores agree within 1e-6', () => {
        for (let i = 0; i < points.rows; i++) {
          expect(Math.abs(model.probabilities[i] - reference.probabilities[i])).toBeLessThan(1e-6);
          expect(Math.abs(model.outlierScores[i] - reference.outlierScores[i])).toBeLessThan(1e-6);
        }
      });

      it('the condensed tree has the same rows, clusters matched by content', () => {
        const ours = canonicalRows(model.condensedTree);
        const theirs = canonicalRows(readCondensedTree('blobs_2000x5', method, points.rows));
        const key = (r: { parent: string; child: string; size: number }) => `${r.parent}>${r.child}#${r.size}`;
        const theirLambda = new Map(theirs.map((r) => [key(r), r.lambda]));
        expect(ours.map(key).sort()).toEqual(theirs.map(key).sort());
        for (const row of ours) {
          const lambda = theirLambda.get(key(row)) as number;
          expect(Math.abs(row.lambda - lambda)).toBeLessThanOrEqual(1e-9 * lambda);
        }
      });

      it('cluster persistence agrees per matched cluster', () => {
        const { mapping } = matchLabels(model.labels, reference.labels);
        expect(model.clusterPersistence.length).toBe(reference.persistence.length);
        for (const [ours, theirs] of mapping) {
          expect(model.clusterPersistence[ours]).toBeCloseTo(reference.persistence[theirs], 9);
        }
      });
    });
  }
});

describe('hdbscan on blobs_2000x5_std2 (many tied edges): what ties cannot change', () => {
  const { points } = readPoints('blobs_2000x5_std2');
  const referenceMerges = readMergeDistances('blobs_2000x5_std2');

  it('the spanning tree has the reference total weight and merge heights', () => {
    const model = fitHdbscan(points, { minClusterSize: 10 });
    expect(sum(model.spanningTree.weight)).toBeCloseTo(sum(referenceMerges), 8);
    const ours = Array.from(model.singleLinkageTree.distance);
    const theirs = Array.from(referenceMerges).sort((a, b) => a - b);
    expect(ours.length).toBe(theirs.length);
    ours.forEach((d, i) => expect(Math.abs(d - theirs[i])).toBeLessThanOrEqual(1e-12 * theirs[i]));
  });

  for (const method of methods) {
    it(`${method}: same number of clusters; only points that leave at a tied split height differ`, () => {
      const model = fitHdbscan(points, { minClusterSize: 10, clusterSelectionMethod: method });
      const reference = readReferenceRun('blobs_2000x5_std2', method);
      const referenceTree = readCondensedTree('blobs_2000x5_std2', method, points.rows);
      expect(model.nClusters).toBe(reference.nClusters);
      // A point that leaves exactly where clusters split can go to either side of the split,
      // depending on how equal-weight edges were ordered (README: ties).
      const splitLambdas = new Set<number>();
      referenceTree.child.forEach((child, row) => {
        if (child >= points.rows) splitLambdas.add(referenceTree.lambdaVal[row]);
      });
      const atSplit = (point: number): boolean => {
        const row = referenceTree.child.indexOf(point);
        const lambda = referenceTree.lambdaVal[row];
        return [...splitLambdas].some((s) => Math.abs(s - lambda) <= 1e-12 * s);
      };
      const { disagreements } = matchLabels(model.labels, reference.labels);
      expect(disagreements.length).toBeLessThanOrEqual(method === 'eom' ? 1 : 5);
      for (const point of disagreements) expect(atSplit(point)).toBe(true);
      for (let i = 0; i < points.rows; i++) {
        if (disagreements.includes(i)) continue;
        if (!atSplit(i)) expect(Math.abs(model.probabilities[i] - reference.probabilities[i])).toBeLessThan(1e-6);
      }
    });
  }
});

describe('selection and scores on the reference condensed trees', () => {
  // Feeding hdbscan's own condensed tree isolates selection, labelling, probabilities, GLOSH
  // and persistence from the spanning tree: here even the tie-laden data set must match.
  for (const dataset of ['blobs_2000x5', 'blobs_2000x5_std2'] as const) {
    for (const method of methods) {
      it(`${dataset} ${method}`, () => {
        const tree = readCondensedTree(dataset, method, 2000);
        const reference = readReferenceRun(dataset, method);
        const result = selectFromTree(tree, resolveHdbscanOptions({ minClusterSize: 10, clusterSelectionMethod: method }));
        expect(Array.from(result.labels)).toEqual(Array.from(reference.labels));
        for (let i = 0; i < 2000; i++) {
          expect(Math.abs(result.probabilities[i] - reference.probabilities[i])).toBeLessThan(1e-12);
          expect(Math.abs(result.outlierScores[i] - reference.outlierScores[i])).toBeLessThan(1e-12);
        }
        Array.from(result.clusterPersistence).forEach((p, k) => expect(p).toBeCloseTo(reference.persistence[k], 12));
      });
    }
  }
});

describe("hdbscan's own order of tied merges (Prim from row 0, numpy's argsort) through connote's hierarchy", () => {
  // The std2 differences above come from the order of tied merges alone: replayed in hdbscan's
  // order (see referenceOrder.ts), the condensed tree has the reference's rows and every label,
  // probability and GLOSH score matches.
  for (const dataset of ['blobs_2000x5', 'blobs_2000x5_std2'] as const) {
    it(dataset, () => {
      const { points } = readPoints(dataset);
      const { generic } = hdbscanPrimOrders(points, fitHdbscan(points, { minClusterSize: 10 }).coreDistances);
      const tree = condenseTree(singleLinkage(generic.tree, generic.order), 10);
      for (const method of methods) {
        const ours = canonicalRows(tree);
        const theirs = canonicalRows(readCondensedTree(dataset, method, points.rows));
        const key = (r: { parent: string; child: string; size: number }) => `${r.parent}>${r.child}#${r.size}`;
        const theirLambda = new Map(theirs.map((r) => [key(r), r.lambda]));
        expect(ours.map(key).sort()).toEqual(theirs.map(key).sort());
        // Lambdas differ in the last bits only: generic's distances come from a dot-product formula.
        expect(ours.filter((r) => Math.abs(r.lambda - (theirLambda.get(key(r)) as number)) > 1e-12 * r.lambda)).toEqual([]);
        const result = selectFromTree(tree, resolveHdbscanOptions({ minClusterSize: 10, clusterSelectionMethod: method }));
        const reference = readReferenceRun(dataset, method);
        expect(matchLabels(result.labels, reference.labels).disagreements).toEqual([]);
        for (let i = 0; i < points.rows; i++) {
          expect(Math.abs(result.probabilities[i] - reference.probabilities[i])).toBeLessThan(1e-12);
          expect(Math.abs(result.outlierScores[i] - reference.outlierScores[i])).toBeLessThan(1e-12);
        }
      }
    });
  }
});
