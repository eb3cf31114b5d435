/**
 * `npm run bench -- umap-quality`: our UMAP's embedding quality against umap-js on the three small
 * labelled fixtures the suite once checked in full (the suite keeps one, to stay fast): mean
 * trustworthiness and kNN label purity at k = 15 over six seeds on each side.
 */
import { UMAP } from 'umap-js';
import { knnLabelPurity, trustworthiness } from '../src/evaluate/statistics/embedding-quality.js';
import { fitUmap } from '../src/reduce/umap/fit.js';
import { createMatrix, type Matrix } from '../src/util/matrix.js';
import { createRandom } from '../src/util/random.js';
import { overlappingBlobs, separatedBlobs, swissRoll, type LabelledData } from '../test/reduce/umap/quality-fixtures.js';
import { report } from './harness.js';
import { cosineDistance } from './reduce.js';

const SEEDS = [1, 2, 3, 4, 5, 6];

export function umapJsEmbedding(data: Matrix, options: { nComponents: number; minDist: number; cosine: boolean; seed: number }): Matrix {
  const random = createRandom(options.seed);
  const rows = Array.from({ length: data.rows }, (_, i) => Array.from(data.data.subarray(i * data.cols, (i + 1) * data.cols)));
  const umap = new UMAP({
    nComponents: options.nComponents,
    nNeighbors: 15,
    minDist: options.minDist,
    random: () => random.next(),
    ...(options.cosine ? { distanceFn: cosineDistance } : {}),
  });
  return createMatrix(data.rows, options.nComponents, Float64Array.from(umap.fit(rows).flat()));
}

const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;

function compare(fixture: LabelledData, metric: 'cosine' | 'euclidean'): void {
  const ours = SEEDS.map((seed) => fitUmap(fixture.data, { nComponents: 2, nNeighbors: 15, minDist: 0.1, metric, random: createRandom(seed) }).embedding);
  const peer = SEEDS.map((seed) => umapJsEmbedding(fixture.data, { nComponents: 2, minDist: 0.1, cosine: metric === 'cosine', seed }));
  const trust = (embeddings: Matrix[]) => mean(embeddings.map((e) => trustworthiness(fixture.data, e, 15, { metric })));
  const purity = (embeddings: Matrix[]) => mean(embeddings.map((e) => knnLabelPurity(e, fixture.labels, 15)));
  const peerOf = (figure: number) => ({ kind: 'library' as const, name: 'umap-js 1.4 (seeded)', figure: figure.toFixed(4) });
  const [t, tp, p, pp] = [trust(ours), trust(peer), purity(ours), purity(peer)];
  report({ id: `umap-quality-${fixture.name}-trust`, benchmark: `UMAP ${fixture.name} (${metric}) trustworthiness@15, 6 seeds`, ours: t.toFixed(4), peer: peerOf(tp), difference: t - tp });
  report({ id: `umap-quality-${fixture.name}-purity`, benchmark: `UMAP ${fixture.name} (${metric}) kNN purity@15, 6 seeds`, ours: p.toFixed(4), peer: peerOf(pp), difference: p - pp });
}

export async function run(): Promise<void> {
  compare(separatedBlobs(700, 11), 'cosine');
  compare(overlappingBlobs(700, 12), 'euclidean');
  compare(swissRoll(700, 10, 13), 'euclidean');
}
