import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { lineChartSvg } from '../../report/chart.js';
import type { ValidationStudy } from './study.js';
import { SIMILARITY_DIMENSIONS, type SimilarityDimension } from '../coding/types.js';

const f3 = (v: number): string => (Number.isFinite(v) ? v.toFixed(3) : 'undefined');
const ci = (lower: number, upper: number): string => `[${f3(lower)}, ${f3(upper)}]`;
const pct = (v: number): string => `${(v * 100).toFixed(1)}%`;

const METHOD_COLOURS: Record<string, string> = { descriptions: '#332288', 'image-features': '#CC6677' };
const METHOD_NAMES: Record<string, string> = {
  descriptions: 'descriptions (VLM)',
  'image-features': 'image features (CNN)',
};
const methodName = (method: string): string => METHOD_NAMES[method] ?? method;

export interface EvaluationPaths {
  readonly markdown: string;
  readonly csv: string;
  readonly charts: readonly string[];
}

/** evaluation.md (the paper's table), evaluation.csv (long form) and one SVG chart per dimension. */
export async function writeEvaluation(study: ValidationStudy, dir: string, context: { readonly header: string }): Promise<EvaluationPaths> {
  const chartsDir = join(dir, 'charts');
  await mkdir(chartsDir, { recursive: true });
  const charts: string[] = [];
  for (const dimension of SIMILARITY_DIMENSIONS) {
    const path = join(chartsDir, `quality-${dimension}.svg`);
    await writeFile(path, qualityChart(study, dimension));
    charts.push(path);
  }
  const markdown = join(dir, 'evaluation.md');
  await writeFile(markdown, evaluationMarkdown(study, context.header));
  const csv = join(dir, 'evaluation.csv');
  await writeFile(csv, evaluationCsv(study));
  return { markdown, csv, charts };
}

export function qualityChart(study: ValidationStudy, dimension: SimilarityDimension): string {
  const methods = [...new Set(study.scored.map((s) => s.method))];
  return lineChartSvg({
    title: `Cluster quality, ${dimension} similarity`,
    xLabel: 'minimum cluster size',
    yLabel: 'mean rating same - different cluster',
    series: methods.map((method, i) => ({
      name: methodName(method),
      colour: METHOD_COLOURS[method] ?? ['#117733', '#DDCC77', '#88CCEE'][i % 3],
      points: study.scored
        .filter((s) => s.method === method)
        .map((s) => {
          const q = s.quality.dimensions[dimension];
          return { x: s.minClusterSize, y: q?.quality ?? NaN, lower: q?.interval.lower, upper: q?.interval.upper };
        }),
    })),
  });
}

export function evaluationMarkdown(study: ValidationStudy, header: string): string {
  const lines: string[] = [header, ''];
  lines.push('## Coders’ agreement', '');
  lines.push(`${study.pairs} coded pairs${study.pairsUnknown ? ` (${study.pairsUnknown} more name images not in this run and were left out)` : ''}, ${study.ratings} ratings.`, '');
  lines.push("| dimension | coders | Krippendorff's alpha | 95% CI | alpha nominal / interval | kappa |", '| --- | --- | --- | --- | --- | --- |');
  for (const dimension of SIMILARITY_DIMENSIONS) {
    const a = study.agreement[dimension];
    const kappa = a.kappa
      ? a.kappa.kind === 'cohen'
        ? `Cohen ${f3(a.kappa.kappa)} (quadratic ${f3(a.kappa.quadratic)})`
        : `Fleiss ${f3(a.kappa.kappa)}`
      : '';
    lines.push(
      `| ${dimension} | ${a.coders.length} | ${f3(a.alpha)} (${a.level}) | ${ci(a.lower, a.upper)} | ${f3(a.alphaByLevel.nominal ?? NaN)} / ${f3(a.alphaByLevel.interval ?? NaN)} | ${kappa} |`,
    );
  }
  lines.push('', '## Cluster quality (Grimmer & King)', '');
  lines.push(
    'Quality = mean rating of pairs in the same cluster minus mean rating of pairs in different clusters (1 unrelated ... 3 closely related), averaged over coders per pair; 95% percentile bootstrap intervals over pairs.',
    '',
  );
  lines.push(
    '| method | min cluster size | clusters | noise share | CQ denotative | 95% CI | CQ connotative | 95% CI | pairs same / different |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  );
  for (const s of study.scored) {
    const d = s.quality.dimensions.denotative;
    const c = s.quality.dimensions.connotative;
    lines.push(
      `| ${methodName(s.method)} | ${s.minClusterSize} | ${s.clusters} | ${pct(s.quality.noiseShare)} | ${f3(d?.quality ?? NaN)} | ${d ? ci(d.interval.lower, d.interval.upper) : ''} | ${f3(c?.quality ?? NaN)} | ${c ? ci(c.interval.lower, c.interval.upper) : ''} | ${c ? `${c.sameCount} / ${c.differentCount}` : ''} |`,
    );
  }
  if (study.compared && study.gaps.length > 0) {
    const [a, b] = study.compared.map(methodName);
    lines.push('', `## Difference: ${a} minus ${b}`, '', 'Paired bootstrap over the same pairs; an interval above 0 favours the first method.', '');
    lines.push('| min cluster size | dimension | difference | 95% CI |', '| --- | --- | --- | --- |');
    for (const g of study.gaps) lines.push(`| ${g.minClusterSize} | ${g.dimension} | ${f3(g.difference)} | ${ci(g.lower, g.upper)} |`);
  }
  lines.push('', 'Charts: `charts/quality-denotative.svg`, `charts/quality-connotative.svg`. Every value is in `evaluation.csv`.', '');
  return lines.join('\n');
}

export function evaluationCsv(study: ValidationStudy): string {
  const rows: Array<Array<string | number>> = [
    ['kind', 'method', 'min_cluster_size', 'dimension', 'estimate', 'ci_lower', 'ci_upper', 'clusters', 'noise_share', 'pairs_same', 'pairs_different'],
  ];
  for (const dimension of SIMILARITY_DIMENSIONS) {
    const a = study.agreement[dimension];
    rows.push([`alpha_${a.level}`, 'coders', '', dimension, a.alpha, a.lower, a.upper, '', '', '', '']);
  }
  for (const s of study.scored) {
    for (const dimension of SIMILARITY_DIMENSIONS) {
      const q = s.quality.dimensions[dimension];
      if (!q) continue;
      rows.push(['cluster_quality', s.method, s.minClusterSize, dimension, q.quality, q.interval.lower, q.interval.upper, s.clusters, s.quality.noiseShare, q.sameCount, q.differentCount]);
    }
  }
  for (const g of study.gaps) {
    rows.push(['difference', study.compared?.join(' - ') ?? '', g.minClusterSize, g.dimension, g.difference, g.lower, g.upper, '', '', '', '']);
  }
  return stringify(rows);
}
