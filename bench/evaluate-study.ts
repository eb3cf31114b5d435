/**
 * The evaluation a reviewer trusts, at full size: `connote evaluate` on the bundled example with
 * five seeds (cold, then with every step cached); the chance baseline on a large corpus against a
 * full shuffle of every label per permutation; and the coverage of the bootstrap interval of a
 * stratified, reweighted design on a simulated population (the share of intervals that contain
 * the population's quality should be close to 95%).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sampleStratifiedPairs } from '../src/evaluate/coding/stratified-pairs.js';
import type { Clustering, ImagePair, PairRating } from '../src/evaluate/coding/types.js';
import { clusterQuality } from '../src/evaluate/statistics/cluster-quality.js';
import { chanceBaseline } from '../src/evaluate/statistics/permutation.js';
import { qualityOf } from '../src/evaluate/statistics/rated-pairs.js';
import { runEvaluation } from '../src/evaluate/study/run.js';
import { resolveRunConfig } from '../src/pipeline/config.js';
import { silentLogger, silentProgress } from '../src/types/context.js';
import { createRandom, shuffleInPlace } from '../src/util/random.js';
import { measure, report, seconds } from './harness.js';

async function exampleSeedStudy(): Promise<void> {
  const out = mkdtempSync(join(tmpdir(), 'connote-bench-eval-'));
  try {
    const config = resolveRunConfig({ input: 'examples/climate-demo', out });
    const io = { logger: silentLogger, progress: silentProgress };
    const options = { seeds: [0, 1, 2, 3, 4] };
    const cold = await measure(() => runEvaluation(config, io, options));
    const warm = await measure(() => runEvaluation(config, io, options));
    report({
      id: 'evaluate-climate-demo-5-seeds',
      benchmark: 'evaluate climate-demo --seeds 0,1,2,3,4',
      ours: `${seconds(cold.seconds)} cold`,
      peer: { kind: 'own-variant', name: 'the same command again, from the cache', figure: seconds(warm.seconds) },
      notes: '2000 bootstrap replicates, 1000 permutations; cached: descriptions, embeddings, CNN features and every seed’s UMAP',
    });
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** A clustering of n images and `pairs` coded pairs with ratings that follow it loosely. */
function largeStudy(n: number, pairs: number): { clustering: Clustering; pairs: ImagePair[]; ratings: PairRating[] } {
  const random = createRandom(3);
  const ids = Array.from({ length: n }, (_, i) => `i${i}`);
  const clustering = new Map(ids.map((id) => [id, random.next() < 0.1 ? -1 : random.int(50)]));
  const list: ImagePair[] = [];
  const ratings: PairRating[] = [];
  for (let p = 0; p < pairs; p++) {
    const a = ids[random.int(n)];
    const b = ids[random.int(n)];
    if (a === b) continue;
    list.push({ pairId: `p${p}`, imageA: a, imageB: b });
    const same = clustering.get(a) === clustering.get(b) && clustering.get(a) !== -1;
    const rating = same ? 2 + random.int(2) : 1 + random.int(2);
    ratings.push({ pairId: `p${p}`, coder: 'c', denotative: rating, connotative: rating });
  }
  return { clustering, pairs: list, ratings };
}

/** The peer: shuffle every label, then score, per permutation (the textbook permutation test). */
function fullShuffleNull(study: ReturnType<typeof largeStudy>, permutations: number): number {
  const ids = [...study.clustering.keys()];
  const labels = [...study.clustering.values()];
  const index = new Map(ids.map((id, i) => [id, i]));
  const values = Float64Array.from(study.ratings, (r) => r.denotative!);
  const same = new Uint8Array(study.pairs.length);
  const random = createRandom(1);
  let sum = 0;
  for (let b = 0; b < permutations; b++) {
    shuffleInPlace(labels, random);
    study.pairs.forEach((pair, t) => {
      const la = labels[index.get(pair.imageA)!];
      const lb = labels[index.get(pair.imageB)!];
      same[t] = la !== -1 && la === lb ? 1 : 0;
    });
    sum += qualityOf(values, null, same);
  }
  return sum / permutations;
}

async function chanceAtScale(): Promise<void> {
  const study = largeStudy(1_000_000, 2000);
  const ours = await measure(() => chanceBaseline(study.pairs, study.ratings, study.clustering, { permutations: 1000, dimensions: ['denotative'] }));
  // The full shuffle costs O(n) a permutation: time 20 of them and compare per permutation.
  const peer = await measure(() => fullShuffleNull(study, 20));
  report({
    id: 'chance-baseline-1m-images',
    benchmark: 'chance baseline, 1M images, 2000 pairs',
    ours: `${((ours.seconds / 1000) * 1e3).toFixed(2)} ms/permutation`,
    peer: { kind: 'own-variant', name: 'shuffling every label', figure: `${((peer.seconds / 20) * 1e3).toFixed(1)} ms/permutation` },
    notes: `1000 permutations in ${seconds(ours.seconds)}; null mean ${ours.result.denotative!.mean.toFixed(4)}`,
  });
}

/** 95% bootstrap intervals of a reweighted stratified design: how often they contain the truth. */
async function stratifiedCoverage(): Promise<void> {
  const random = createRandom(21);
  const n = 400;
  const ids = Array.from({ length: n }, (_, i) => `i${i}`);
  const topic = ids.map(() => random.int(6));
  const clustering: Clustering = new Map(ids.map((id, i) => [id, random.next() < 0.05 ? -1 : random.next() < 0.8 ? topic[i] : random.int(6)]));
  const rating = new Map<string, number>();
  const ratingOf = (a: number, b: number): number => {
    const key = a < b ? `${a}|${b}` : `${b}|${a}`;
    if (!rating.has(key)) rating.set(key, topic[a] === topic[b] ? (random.next() < 0.8 ? 3 : 2) : random.next() < 0.8 ? 1 : 2);
    return rating.get(key)!;
  };
  let same = 0;
  let nSame = 0;
  let different = 0;
  let nDifferent = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const r = ratingOf(i, j);
      const la = clustering.get(ids[i])!;
      if (la !== -1 && la === clustering.get(ids[j])) (same += r), nSame++;
      else (different += r), nDifferent++;
    }
  }
  const truth = same / nSame - different / nDifferent;
  const indexOf = new Map(ids.map((id, i) => [id, i]));
  for (const allocation of [{ same: 120, different: 60, noise: 20 }, { same: 400, different: 200, noise: 60 }]) {
    let covered = 0;
    let width = 0;
    const reps = 300;
    const timing = await measure(() => {
      for (let rep = 0; rep < reps; rep++) {
        const sample = sampleStratifiedPairs([clustering], allocation, { seed: rep });
        const ratings = sample.pairs.map((p) => ({ pairId: p.pairId, coder: 'c', denotative: ratingOf(indexOf.get(p.imageA)!, indexOf.get(p.imageB)!), connotative: null }));
        const design = { weights: new Map(sample.pairs.map((p) => [p.pairId, p.weight])), strata: new Map(sample.pairs.map((p) => [p.pairId, p.designStratum])) };
        const q = clusterQuality(sample.pairs, ratings, clustering, { design, replicates: 1000, seed: rep, dimensions: ['denotative'] }).dimensions.denotative!;
        if (q.interval.lower <= truth && truth <= q.interval.upper) covered++;
        width += q.interval.upper - q.interval.lower;
      }
    });
    const pairs = allocation.same + allocation.different + allocation.noise;
    report({
      id: `stratified-design-coverage-${pairs}`,
      benchmark: `stratified design, ${pairs} pairs: 95% CI coverage`,
      ours: `${((100 * covered) / reps).toFixed(1)}% of ${reps}`,
      peer: null,
      notes: `nominal 95%; mean CI width ${(width / reps).toFixed(3)}, ${seconds(timing.seconds)}`,
    });
  }
}

export async function run(): Promise<void> {
  await exampleSeedStudy();
  await chanceAtScale();
  await stratifiedCoverage();
}
