import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { SummarisedClustering } from '../../../src/pipeline/analyse.js';
import { evaluationCsv, evaluationMarkdown, qualityChart } from '../../../src/evaluate/study/outputs.js';
import { parsePairsCsv, parseRatingsCsv } from '../../../src/evaluate/coding/pairs-csv.js';
import { validationStudy } from '../../../src/evaluate/study/study.js';

const ids = (parse(readFileSync('examples/climate-demo/manifest.csv', 'utf8'), { columns: true }) as Array<{ id: string }>).map((r) => r.id);
const rows = ids.map((id, i) => ({ hash: `h${i}`, itemIds: [id], text: '' }));
const pairs = parsePairsCsv(readFileSync('examples/climate-demo/pairs.csv', 'utf8'), 'pairs.csv');
const ratings = parseRatingsCsv(readFileSync('examples/climate-demo/ratings.csv', 'utf8'), 'ratings.csv');

function clustering(minClusterSize: number, labels: number[]): SummarisedClustering {
  return {
    minClusterSize,
    result: { labels: Int32Array.from(labels), probabilities: new Float64Array(labels.length).fill(1), outlierScores: null, nClusters: new Set(labels.filter((l) => l >= 0)).size },
    clusters: [],
    seconds: 0,
  };
}

// Method A knows what the coders see (portraits vs NASA imagery); method B is arbitrary.
const bySource = ids.map((id) => (id.startsWith('congress-') ? 0 : 1));
const arbitrary = ids.map((_, i) => i % 2);
const study = validationStudy(
  [
    { method: 'descriptions', clusterings: [clustering(5, bySource)] },
    { method: 'image-features', clusterings: [clustering(5, arbitrary)] },
  ],
  rows,
  pairs,
  ratings,
  { noise: 'different', replicates: 500, seed: 1, alphaLevel: 'ordinal' },
);

describe('validation study', () => {
  it('reports the coders’ agreement per dimension on the bundled ratings', () => {
    expect(study.pairs).toBe(160);
    expect(study.agreement.denotative.alpha).toBeCloseTo(0.9253, 4); // also printed by `connote agreement`
    expect(study.agreement.connotative.alpha).toBeCloseTo(0.9388, 4);
    expect(study.agreement.denotative.kappa).toMatchObject({ kind: 'cohen' });
  });

  it('scores each method and the paired gap, favouring the clustering that matches the coders', () => {
    const [a, b] = study.scored;
    expect(a.method).toBe('descriptions');
    expect(a.quality.dimensions.denotative!.quality).toBeGreaterThan(0.5);
    expect(Math.abs(b.quality.dimensions.denotative!.quality)).toBeLessThan(0.3);
    const gap = study.gaps.find((g) => g.dimension === 'denotative')!;
    expect(gap.lower).toBeGreaterThan(0);
    expect(gap.difference).toBeCloseTo(a.quality.dimensions.denotative!.quality - b.quality.dimensions.denotative!.quality, 10);
  });

  it('writes the table, the long CSV and a chart', () => {
    const md = evaluationMarkdown(study, '# Evaluation');
    expect(md).toMatch(/\| descriptions \(VLM\) \| 5 \| 2 \| 0\.0% \| denotative \|/);
    expect(md).not.toMatch(/model coders/);
    expect(md).toMatch(/## Difference: descriptions \(VLM\) minus image features \(CNN\)/);
    const csv = parse(evaluationCsv(study), { columns: true }) as Array<Record<string, string>>;
    expect(csv.filter((r) => r.kind === 'cluster_quality')).toHaveLength(4);
    expect(csv.filter((r) => r.kind === 'difference')).toHaveLength(2);
    const svg = qualityChart(study, 'connotative');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<circle/g)).toHaveLength(2);
  });

  it('leaves out pairs whose images are not in the run, and says how many', () => {
    const partial = validationStudy([{ method: 'descriptions', clusterings: [clustering(5, bySource.slice(0, 50))] }], rows.slice(0, 50), pairs, ratings, {
      noise: 'different',
      replicates: 200,
      seed: 1,
      alphaLevel: 'interval',
    });
    expect(partial.pairs + partial.pairsUnknown).toBe(160);
    expect(partial.pairsUnknown).toBeGreaterThan(0);
    expect(partial.gaps).toHaveLength(0);
  });
});

describe('validation study: chance, seeds, matched granularity and the reading', () => {
  const portraits = Int32Array.from(bySource);
  // Three "seeds" of a noisy method: the source split with a few images moved.
  const jitter = (seed: number) => Int32Array.from(bySource, (label, i) => ((i * 7 + seed) % 23 === 0 ? 1 - label : label));
  const result = (labels: Int32Array) => ({ labels, probabilities: new Float64Array(labels.length).fill(1), outlierScores: null, nClusters: new Set([...labels].filter((l) => l >= 0)).size });
  const repeats = (make: (seed: number) => Int32Array) =>
    [0, 1, 2].map((seed) => ({ seed, clusterings: [{ minClusterSize: 5, result: result(make(seed)) }], matched: new Map([[2, result(make(seed))]]) }));
  const full = validationStudy(
    [
      { method: 'descriptions', clusterings: [{ minClusterSize: 5, result: result(portraits) }], matched: new Map([[2, result(portraits)]]), repeats: repeats(jitter) },
      { method: 'image-features', clusterings: [{ minClusterSize: 5, result: result(Int32Array.from(arbitrary)) }], matched: new Map([[2, result(Int32Array.from(arbitrary))]]), repeats: repeats(() => Int32Array.from(arbitrary)) },
    ],
    rows,
    pairs,
    ratings,
    { noise: 'different', replicates: 300, seed: 1, alphaLevel: 'ordinal', permutations: 199 },
  );

  it('gives golden chance baselines on the bundled ratings', () => {
    const [a, b] = full.scored;
    // The portrait split is far above chance; an arbitrary split is not.
    expect(a.chance.connotative!.p).toBe(1 / 200);
    expect(a.chance.connotative!.excess).toBeCloseTo(a.quality.dimensions.connotative!.quality - a.chance.connotative!.mean, 12);
    expect(b.chance.connotative!.p).toBeGreaterThan(0.05);
    expect(a.quality.dimensions.connotative!.quality).toBeCloseTo(1.47265625, 10);
    // Golden values of the seeded permutation null (seed 1, 199 permutations).
    expect(a.chance.connotative!.mean).toBeCloseTo(0.001321, 6);
    expect(a.chance.connotative!.sd).toBeCloseTo(0.125365, 6);
    expect(b.chance.connotative!.p).toBeCloseTo(0.92, 12);
  });

  it('summarises the seeds: spread, ARI between seeds, and the difference over seeds', () => {
    const [a, b] = full.scored;
    expect(a.seeds!.seeds).toEqual([0, 1, 2]);
    expect(a.seeds!.ari.mean).toBeLessThan(1);
    expect(a.seeds!.quality.connotative.sd).toBeGreaterThan(0);
    expect(b.seeds!.ari.mean).toBe(1);
    expect(b.seeds!.keptTogether).toBe(1);
    const gap = full.gaps.find((g) => g.dimension === 'connotative')!;
    expect(gap.seeds).toMatchObject({ n: 3, positive: 3, negative: 0 });
  });

  it('compares the methods at matched k, once per k, naming where k comes from', () => {
    expect(full.matched).toHaveLength(1);
    expect(full.matched[0].k).toBe(2);
    expect(full.matched[0].sources).toEqual([
      { method: 'descriptions', minClusterSize: 5 },
      { method: 'image-features', minClusterSize: 5 },
    ]);
    expect(full.matched[0].gaps.find((g) => g.dimension === 'connotative')!.difference).toBeGreaterThan(0.5);
  });

  it('reads the result in plain language, with its rules', () => {
    const md = evaluationMarkdown(full, { header: '# Evaluation', coders: { kinds: { coder1: 'model', coder2: 'model' }, note: 'two VLMs.', source: 'ratings.coders.json' } });
    expect(md).toMatch(/> \*\*Ratings by model coders\.\*\* coder1, coder2 are models, not people: two VLMs\./);
    expect(md).toMatch(/- In short: at equal numbers of clusters, differences that exceed both the noise of sampling pairs and the variation between seeds: .*connotative at k = 2 \(VLM higher/);
    expect(md).toMatch(/beyond both the noise of sampling pairs and the variation between seeds/);
    expect(md).toMatch(/- Rules: a quality exceeds chance when its permutation p < 0\.05/);
    const csv = parse(evaluationCsv(full), { columns: true }) as Array<Record<string, string>>;
    expect(csv.filter((r) => r.kind === 'matched_quality')).toHaveLength(4);
    expect(Number(csv.find((r) => r.kind === 'cluster_quality')!.seeds_n)).toBe(3);
  });
});
