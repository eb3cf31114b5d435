import { SIMILARITY_DIMENSIONS } from '../evaluate/coding/types.js';
import type { EvaluationSummary } from '../evaluate/study/run.js';
import { sourcesText } from '../evaluate/study/format.js';
import { formatDuration } from './progress.js';

const f = (v: number): string => (Number.isFinite(v) ? v.toFixed(3) : 'undef');
const pm = (m: { mean: number; sd: number } | undefined): string => (m && Number.isFinite(m.mean) ? `${f(m.mean)}±${Number.isFinite(m.sd) ? m.sd.toFixed(3) : 'undef'}` : '');
const p = (v: number | undefined): string => (v === undefined || !Number.isFinite(v) ? '' : v < 0.001 ? '<.001' : v.toFixed(3));

/** What `connote evaluate` prints: the main table per method, minimum size and dimension, then where the files are. */
export function printEvaluation(summary: EvaluationSummary): void {
  const out: string[] = [];
  const study = summary.study;
  if (summary.status === 'interrupted' || !study || !summary.paths) {
    process.stdout.write('Stopped. Every finished description is saved; run the same command again to resume.\n');
    return;
  }
  out.push(`Done in ${formatDuration(summary.seconds)}. ${study.pairs} coded pairs, ${study.ratings} ratings.${summary.key ? ` Blind ids mapped back with ${summary.key}.` : ''}`);
  if (summary.modelCoders.length > 0) out.push(`  Ratings by model coders (${summary.modelCoders.join(', ')}), not people: the table says so.`);
  for (const [dimension, a] of Object.entries(study.agreement)) {
    out.push(`  coders' alpha (${a.level}), ${dimension}: ${a.undefinedReason ? `undefined (${a.undefinedReason})` : `${f(a.alpha)} [${f(a.lower)}, ${f(a.upper)}]`}`);
  }
  const seeds = study.seeds.length > 1;
  const width = Math.max(16, ...study.scored.map((s) => s.method.length));
  out.push(
    `  ${'method'.padEnd(width)}  mcs  clusters  noise  dimension    CQ [95% CI]               chance mean±sd  p${seeds ? `      seeds ${study.seeds.join(',')}: CQ mean±sd  clusters  ARI mean (min)` : ''}`,
  );
  for (const s of study.scored) {
    for (const dimension of SIMILARITY_DIMENSIONS) {
      const q = s.quality.dimensions[dimension];
      const c = s.chance[dimension];
      if (!q) continue;
      const seedCells = s.seeds
        ? `  ${pm(s.seeds.quality[dimension]).padEnd(20)}  ${pm(s.seeds.clusters).padEnd(8)}  ${f(s.seeds.ari.mean)} (${f(s.seeds.ari.min)})`
        : '';
      out.push(
        `  ${s.method.padEnd(width)} ${String(s.minClusterSize).padStart(4)}  ${String(s.clusters).padStart(8)}  ${`${(s.quality.noiseShare * 100).toFixed(0)}%`.padStart(5)}  ${dimension.padEnd(11)}  ${`${f(q.quality)} [${f(q.interval.lower)}, ${f(q.interval.upper)}]`.padEnd(24)}  ${(c ? pm(c) : '').padEnd(14)}  ${p(c?.p).padEnd(5)}${seedCells}`,
      );
    }
  }
  if (study.compared && study.gaps.length > 0) {
    out.push(`  ${study.compared.join(' - ')}:`);
    for (const g of study.gaps) {
      out.push(`    mcs ${String(g.minClusterSize).padStart(3)} ${g.dimension.padEnd(11)} ${f(g.difference)} [${f(g.lower)}, ${f(g.upper)}]${g.seeds ? `  seeds ${pm(g.seeds)}` : ''}`);
    }
    for (const m of study.matched) {
      for (const g of m.gaps) {
        out.push(`    matched k=${String(m.k).padStart(2)} (k-means; HDBSCAN k of ${sourcesText(m.sources)}) ${g.dimension.padEnd(11)} ${f(g.difference)} [${f(g.lower)}, ${f(g.upper)}]${g.seeds ? `  seeds ${pm(g.seeds)}` : ''}`);
      }
    }
  }
  out.push(`Table: ${summary.paths.markdown}`, `Charts: ${summary.paths.charts.join(', ')}`, `Reports: ${summary.paths.reports.join(', ')}`);
  process.stdout.write(`${out.join('\n')}\n`);
}
