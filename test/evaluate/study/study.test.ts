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
    expect(md).toMatch(/\| descriptions \(VLM\) \| 5 \| 2 \| 0\.0% \|/);
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
