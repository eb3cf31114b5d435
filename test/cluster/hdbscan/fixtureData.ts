import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CondensedTree } from '../../../src/cluster/hdbscan/condensedTree.js';
import type { Matrix } from '../../../src/util/matrix.js';

/** Readers for the reference outputs in test/fixtures/hdbscan (see its README.md). */
const directory = fileURLToPath(new URL('../../fixtures/hdbscan/', import.meta.url));

export type Dataset = 'blobs_2000x5' | 'blobs_2000x5_std2' | 'noisy_blobs_6300x4';
export type Method = 'eom' | 'leaf';

function readCsv(name: string): number[][] {
  const lines = readFileSync(directory + name, 'utf8').trim().split('\n');
  return lines.slice(1).map((line, i) => {
    const values = line.split(',').map(Number);
    if (values.some((v) => Number.isNaN(v))) throw new Error(`${name}: row ${i + 2} is not numeric`);
    return values;
  });
}

export function readPoints(dataset: Dataset): { points: Matrix; truth: Int32Array } {
  const rows = readCsv(`${dataset}.csv`);
  const dims = rows[0].length - 1;
  const data = new Float64Array(rows.length * dims);
  const truth = new Int32Array(rows.length);
  rows.forEach((row, i) => {
    for (let j = 0; j < dims; j++) data[i * dims + j] = row[j];
    truth[i] = row[dims];
  });
  return { points: { rows: rows.length, cols: dims, data }, truth };
}

export interface ReferenceRun {
  readonly labels: Int32Array;
  readonly probabilities: Float64Array;
  readonly outlierScores: Float64Array;
  readonly persistence: number[];
  readonly nClusters: number;
  readonly nNoise: number;
}

export function readReferenceRun(dataset: Dataset, method: Method, implementation = 'hdbscan_generic'): ReferenceRun {
  const rows = readCsv(`${dataset}.${implementation}.${method}.csv`);
  const meta = JSON.parse(readFileSync(`${directory}${dataset}.json`, 'utf8'));
  const key = `${implementation}.${method}`;
  // The blobs files describe each run under `runs`; noisy_blobs_6300x4 gives counts under `results`.
  const run = meta.runs?.[key];
  const nClusters = run?.n_clusters ?? meta.results?.[key]?.clusters;
  if (typeof nClusters !== 'number') throw new Error(`${dataset}.json: no cluster count for ${key}`);
  return {
    labels: Int32Array.from(rows, (r) => r[0]),
    probabilities: Float64Array.from(rows, (r) => r[1]),
    outlierScores: Float64Array.from(rows, (r) => r[2]),
    persistence: run?.cluster_persistence ?? [],
    nClusters,
    nNoise: run?.n_noise ?? meta.results?.[key]?.noise,
  };
}

export function readCondensedTree(dataset: Dataset, method: Method, nPoints: number): CondensedTree {
  const rows = readCsv(`${dataset}.condensed_tree.hdbscan_generic.${method}.csv`);
  const maxCluster = rows.reduce((max, r) => Math.max(max, r[0], r[1] >= nPoints ? r[1] : 0), nPoints);
  return {
    parent: Int32Array.from(rows, (r) => r[0]),
    child: Int32Array.from(rows, (r) => r[1]),
    lambdaVal: Float64Array.from(rows, (r) => r[2]),
    childSize: Int32Array.from(rows, (r) => r[3]),
    nPoints,
    nClusterNodes: maxCluster - nPoints + 1,
  };
}

/** Merge heights of the reference single-linkage tree. */
export function readMergeDistances(dataset: Dataset): Float64Array {
  return Float64Array.from(readCsv(`${dataset}.single_linkage.hdbscan_generic.csv`), (r) => r[2]);
}
