import { lineChartSvg, type ChartSeries } from '../../report/chart.js';
import type { SimilarityDimension } from '../coding/types.js';
import { FALLBACK_COLOURS, METHOD_COLOURS, methodName, shortName } from './format.js';
import type { ValidationStudy } from './study.js';

const colourOf = (method: string, index: number): string => METHOD_COLOURS[method] ?? FALLBACK_COLOURS[index % FALLBACK_COLOURS.length];

/**
 * Quality against minimum cluster size per method: the estimate with its bootstrap interval and
 * the number of clusters and noise share beside it; the chance baseline (null mean ± 1.96 sd,
 * dashed); and, with seeds, the mean ± sd over seeds (hollow diamonds).
 */
export function qualityChart(study: ValidationStudy, dimension: SimilarityDimension): string {
  const methods = [...new Set(study.scored.map((s) => s.method))];
  const series: ChartSeries[] = [];
  methods.forEach((method, i) => {
    const scored = study.scored.filter((s) => s.method === method);
    const colour = colourOf(method, i);
    series.push({
      name: methodName(method),
      colour,
      points: scored.map((s) => {
        const q = s.quality.dimensions[dimension];
        const ari = s.seeds ? `, ARI ${s.seeds.ari.mean.toFixed(2)}` : '';
        return { x: s.minClusterSize, y: q?.quality ?? NaN, lower: q?.interval.lower, upper: q?.interval.upper, note: `k=${s.clusters}, ${(s.quality.noiseShare * 100).toFixed(0)}% noise${ari}` };
      }),
    });
    if (scored.some((s) => s.seeds)) {
      series.push({
        name: `${shortName(method)} over seeds (mean ± sd)`,
        colour,
        marker: 'diamond',
        points: scored.map((s) => {
          const m = s.seeds?.quality[dimension];
          return { x: s.minClusterSize, y: m?.mean ?? NaN, lower: m ? m.mean - m.sd : undefined, upper: m ? m.mean + m.sd : undefined };
        }),
      });
    }
    series.push({
      name: `${shortName(method)} chance (mean ± 1.96 sd)`,
      colour,
      dashed: true,
      marker: 'none',
      points: scored.map((s) => {
        const c = s.chance[dimension];
        return { x: s.minClusterSize, y: c?.mean ?? NaN, lower: c ? c.mean - 1.96 * c.sd : undefined, upper: c ? c.mean + 1.96 * c.sd : undefined };
      }),
    });
  });
  return lineChartSvg({
    title: `Cluster quality, ${dimension} similarity`,
    subtitle: `bars: 95% bootstrap CI; beside each point: clusters, noise share${study.seeds.length > 1 ? ', mean ARI between seeds' : ''}`,
    xLabel: 'minimum cluster size',
    yLabel: 'mean rating same - different cluster',
    series,
  });
}

/** Quality of both methods at matched k (k-means), against k, with intervals. */
export function matchedChart(study: ValidationStudy, dimension: SimilarityDimension): string {
  const [first, second] = study.compared ?? ['first', 'second'];
  const byK = new Map<number, (typeof study.matched)[number]>();
  for (const m of study.matched) if (!byK.has(m.k)) byK.set(m.k, m);
  const matched = [...byK.values()].sort((a, b) => a.k - b.k);
  const side = (method: string, index: number, pick: (m: (typeof matched)[number]) => (typeof matched)[number]['first']): ChartSeries => ({
    name: `${methodName(method)}, k-means`,
    colour: colourOf(method, index),
    points: matched.map((m) => {
      const q = pick(m).quality.dimensions[dimension];
      return { x: m.k, y: q?.quality ?? NaN, lower: q?.interval.lower, upper: q?.interval.upper };
    }),
  });
  return lineChartSvg({
    title: `Matched granularity, ${dimension} similarity`,
    subtitle: 'both methods clustered with k-means at the same k (no noise); bars: 95% bootstrap CI',
    xLabel: 'number of clusters k',
    yLabel: 'mean rating same - different cluster',
    series: [side(first, 0, (m) => m.first), side(second, 1, (m) => m.second)],
  });
}
