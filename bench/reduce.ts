/**
 * `npm run bench -- reduce`: UMAP (5-D for clustering, 2-D for the map) against umap-js and
 * PCA to 50 components against ml-pca, on seeded blobs (12,000 x 384, 30 centres).
 * BENCH_LARGE=1 adds UMAP and PCA on 100,000 x 384 (ours only).
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { PCA as MlPca } from 'ml-pca';
import { UMAP } from 'umap-js';
import { knnLabelPurity, trustworthiness } from '../src/evaluate/statistics/embedding-quality.js';
import { fitPca } from '../src/reduce/pca/fit.js';
import { fitUmap } from '../src/reduce/umap/fit.js';
import { createMatrix, selectRows, type Matrix } from '../src/util/matrix.js';
import { createRandom } from '../src/util/random.js';
import { makeBlobs } from './data.js';
import { measure, ratio, report, seconds } from './harness.js';

const DIMS = 384;
const CENTERS = 30;
const NEIGHBORS = 15;
/** Trustworthiness is O(n²·d); it is computed on the same random sample of rows for both. */
const QUALITY_SAMPLE = 2000;

function rowsOf(data: Matrix): number[][] {
  return Array.from({ length: data.rows }, (_, i) => Array.from(data.data.subarray(i * data.cols, (i + 1) * data.cols)));
}

/** The cosine distance umap-js is given (it has no built-in cosine metric). */
export function cosineDistance(a: number[], b: number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return 1 - dot / Math.sqrt(na * nb);
}

function sampleIndices(n: number, size: number): Int32Array {
  const random = createRandom(7);
  const chosen = new Set<number>();
  while (chosen.size < Math.min(size, n)) chosen.add(random.int(n));
  return Int32Array.from([...chosen].sort((a, b) => a - b));
}

function quality(data: Matrix, embedding: Matrix, labels: Int32Array, sample: Int32Array) {
  const high = selectRows(data, sample);
  const low = selectRows(embedding, sample);
  return {
    trust: trustworthiness(high, low, NEIGHBORS, { metric: 'cosine' }),
    purity: knnLabelPurity(embedding, labels, NEIGHBORS),
  };
}

const mib = (value: number) => `${value.toFixed(0)} MiB`;

/** Peak RSS of our reduction alone, measured in a fresh process (see reduce-probe.ts). */
function probePeakMemory(method: 'umap' | 'pca', rows: number, components: number): { peakMiB: number } {
  const probe = fileURLToPath(new URL('./reduce-probe.ts', import.meta.url));
  const output = execFileSync(process.execPath, [...process.execArgv, probe, method, String(rows), String(components)], {
    encoding: 'utf8',
  });
  return JSON.parse(output.trim().split('\n').pop()!) as { peakMiB: number };
}

async function benchUmap(data: Matrix, labels: Int32Array, nComponents: number, minDist: number): Promise<void> {
  const label = `UMAP ${data.rows} x ${data.cols} -> ${nComponents}-D (cosine)`;
  const ours = await measure(() =>
    fitUmap(data, { nComponents, nNeighbors: NEIGHBORS, minDist, metric: 'cosine', random: createRandom(42) }).embedding,
  );
  const peer = await measure(() => {
    const random = createRandom(42);
    const umap = new UMAP({ nComponents, nNeighbors: NEIGHBORS, minDist, random: () => random.next(), distanceFn: cosineDistance });
    const result = umap.fit(rowsOf(data));
    return createMatrix(data.rows, nComponents, Float64Array.from(result.flat()));
  });
  report({ benchmark: `${label} time`, ours: seconds(ours.seconds), peer: seconds(peer.seconds), ratio: ratio(ours.seconds, peer.seconds) });
  const memory = probePeakMemory('umap', data.rows, nComponents);
  report({
    benchmark: `${label} memory`,
    ours: `peak RSS ${mib(memory.peakMiB)}`,
    peer: `RSS growth ${mib(peer.rssDeltaMiB)}`,
    ratio: 'n/a',
    notes: 'ours: peak of a whole Node process (runtime, input data, UMAP) in a separate run; peer: in-process RSS growth',
  });
  const sample = sampleIndices(data.rows, QUALITY_SAMPLE);
  const q = quality(data, ours.result, labels, sample);
  const p = quality(data, peer.result, labels, sample);
  report({
    benchmark: `${label} trustworthiness@15`,
    ours: q.trust.toFixed(4),
    peer: p.trust.toFixed(4),
    ratio: `${(q.trust - p.trust).toFixed(4)} diff`,
    notes: `on ${sample.length} sampled rows`,
  });
  report({
    benchmark: `${label} kNN label purity@15`,
    ours: q.purity.toFixed(4),
    peer: p.purity.toFixed(4),
    ratio: `${(q.purity - p.purity).toFixed(4)} diff`,
  });
}

async function benchPca(data: Matrix, components: number): Promise<void> {
  const label = `PCA ${data.rows} x ${data.cols} -> ${components}`;
  const ours = await measure(() => {
    const model = fitPca(data, { nComponents: components });
    model.transform(data);
    return model;
  });
  const rows = rowsOf(data);
  const peer = await measure(() => {
    const model = new MlPca(rows, { center: true });
    model.predict(rows, { nComponents: components });
    return model;
  });
  const peerRatios = peer.result.getExplainedVariance().slice(0, components);
  let worst = 0;
  for (let c = 0; c < components; c++) worst = Math.max(worst, Math.abs(ours.result.explainedVarianceRatio[c] - peerRatios[c]));
  report({
    benchmark: `${label} time (fit + transform)`,
    ours: seconds(ours.seconds),
    peer: seconds(peer.seconds),
    ratio: ratio(ours.seconds, peer.seconds),
    notes: `solver ${ours.result.solver}`,
  });
  report({
    benchmark: `${label} explained-variance ratio agreement`,
    ours: ours.result.explainedVarianceRatio.slice(0, components).reduce((s, v) => s + v, 0).toFixed(6),
    peer: peerRatios.reduce((s, v) => s + v, 0).toFixed(6),
    ratio: `max |diff| ${worst.toExponential(2)}`,
    notes: 'sum of the ratios of the kept components',
  });
}

async function benchLarge(): Promise<void> {
  const { data } = makeBlobs({ n: 100_000, dims: DIMS, centers: CENTERS, seed: 42 });
  const umap = await measure(() => fitUmap(data, { nComponents: 5, nNeighbors: NEIGHBORS, minDist: 0, metric: 'cosine', random: createRandom(42) }));
  report({
    benchmark: 'UMAP 100000 x 384 -> 5-D (ours only)',
    ours: seconds(umap.seconds),
    peer: 'not run',
    ratio: 'n/a',
    notes: `RSS growth ${mib(umap.rssDeltaMiB)}`,
  });
  const pca = await measure(() => fitPca(data, { nComponents: 50 }).transform(data));
  report({ benchmark: 'PCA 100000 x 384 -> 50 (ours only)', ours: seconds(pca.seconds), peer: 'not run', ratio: 'n/a' });
}

export async function run(): Promise<void> {
  const { data, labels } = makeBlobs({ n: 12_000, dims: DIMS, centers: CENTERS, seed: 42 });
  await benchPca(data, 50);
  await benchUmap(data, labels, 5, 0);
  await benchUmap(data, labels, 2, 0.1);
  if (process.env.BENCH_LARGE === '1') await benchLarge();
}
