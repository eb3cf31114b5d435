import { stringify } from 'csv-stringify/sync';
import { SIMILARITY_DIMENSIONS } from '../coding/types.js';
import type { ChanceBaseline } from '../statistics/permutation.js';
import { sourcesText } from './format.js';
import type { ValidationStudy } from './study.js';

const COLUMNS = [
  'kind', 'method', 'min_cluster_size', 'k', 'dimension', 'estimate', 'ci_lower', 'ci_upper', 'clusters', 'noise_share',
  'pairs_same', 'pairs_different', 'chance_mean', 'chance_sd', 'chance_p', 'seeds_mean', 'seeds_sd', 'seeds_n', 'ari_mean', 'ari_min', 'kept_together',
] as const;
type Row = Partial<Record<(typeof COLUMNS)[number], string | number>>;

const chanceCells = (c: ChanceBaseline | undefined): Row => (c ? { chance_mean: c.mean, chance_sd: c.sd, chance_p: c.p } : {});

/** Every figure of the study in long form, one row per estimate (empty cells where a column does not apply). */
export function evaluationCsv(study: ValidationStudy): string {
  const rows: Row[] = [];
  for (const dimension of SIMILARITY_DIMENSIONS) {
    const a = study.agreement[dimension];
    rows.push({ kind: `alpha_${a.level}`, method: 'coders', dimension, estimate: a.alpha, ci_lower: a.lower, ci_upper: a.upper });
  }
  for (const s of study.scored) {
    for (const dimension of SIMILARITY_DIMENSIONS) {
      const q = s.quality.dimensions[dimension];
      if (!q) continue;
      const seeds = s.seeds;
      rows.push({
        kind: 'cluster_quality', method: s.method, min_cluster_size: s.minClusterSize, k: s.clusters, dimension,
        estimate: q.quality, ci_lower: q.interval.lower, ci_upper: q.interval.upper, clusters: s.clusters, noise_share: s.quality.noiseShare,
        pairs_same: q.sameCount, pairs_different: q.differentCount, ...chanceCells(s.chance[dimension]),
        ...(seeds ? { seeds_mean: seeds.quality[dimension].mean, seeds_sd: seeds.quality[dimension].sd, seeds_n: seeds.quality[dimension].n, ari_mean: seeds.ari.mean, ari_min: seeds.ari.min, kept_together: seeds.keptTogether } : {}),
      });
    }
    if (s.labels) {
      rows.push({ kind: 'label_quality', method: s.method, min_cluster_size: s.minClusterSize, k: s.clusters, dimension: 'labels', estimate: s.labels.quality, clusters: s.clusters, noise_share: s.quality.noiseShare, pairs_same: s.labels.sameCount, pairs_different: s.labels.differentCount });
    }
  }
  const comparedName = study.compared?.join(' - ') ?? '';
  for (const g of study.gaps) {
    rows.push({ kind: 'difference', method: comparedName, min_cluster_size: g.minClusterSize, dimension: g.dimension, estimate: g.difference, ci_lower: g.lower, ci_upper: g.upper, ...(g.seeds ? { seeds_mean: g.seeds.mean, seeds_sd: g.seeds.sd, seeds_n: g.seeds.n } : {}) });
  }
  for (const m of study.matched) {
    for (const [method, side] of [[study.compared?.[0] ?? '', m.first], [study.compared?.[1] ?? '', m.second]] as const) {
      for (const dimension of SIMILARITY_DIMENSIONS) {
        const q = side.quality.dimensions[dimension];
        if (!q) continue;
        rows.push({ kind: 'matched_quality', method: `${method} (kmeans; HDBSCAN k of ${sourcesText(m.sources)})`, k: m.k, dimension, estimate: q.quality, ci_lower: q.interval.lower, ci_upper: q.interval.upper, clusters: m.k, noise_share: 0, pairs_same: q.sameCount, pairs_different: q.differentCount, ...chanceCells(side.chance[dimension]) });
      }
    }
    for (const g of m.gaps) {
      rows.push({ kind: 'matched_difference', method: comparedName, k: m.k, dimension: g.dimension, estimate: g.difference, ci_lower: g.lower, ci_upper: g.upper, ...(g.seeds ? { seeds_mean: g.seeds.mean, seeds_sd: g.seeds.sd, seeds_n: g.seeds.n } : {}) });
    }
  }
  return stringify([[...COLUMNS], ...rows.map((row) => COLUMNS.map((column) => row[column] ?? ''))]);
}
