import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SIMILARITY_DIMENSIONS } from '../coding/types.js';
import { matchedChart, qualityChart } from './charts.js';
import { evaluationCsv } from './csv.js';
import { ci, f3, meanPlusMinus, methodName, pct, pValue, shortName, sourcesText } from './format.js';
import type { CoderKinds } from './options.js';
import { readingOf } from './reading.js';
import type { ScoredClustering, ValidationStudy } from './study.js';

export { evaluationCsv } from './csv.js';
export { matchedChart, qualityChart } from './charts.js';

export interface EvaluationPaths {
  readonly markdown: string;
  readonly csv: string;
  readonly charts: readonly string[];
}

export interface EvaluationContext {
  /** Title and the run's provenance in a paragraph. */
  readonly header: string;
  /** Who the coders are, when declared beside the ratings. */
  readonly coders?: CoderKinds | null;
  /** Seconds from the start of the command to the table. */
  readonly seconds?: number;
}

/** The output files of an evaluation: removed before a new one starts, so a failed run never leaves an old table. */
export function evaluationFiles(dir: string): string[] {
  return ['evaluation.md', 'evaluation.csv'].map((name) => join(dir, name));
}

export async function removeEvaluation(dir: string): Promise<void> {
  await Promise.all(evaluationFiles(dir).map((path) => rm(path, { force: true })));
}

/** Writes `text` to a temporary file beside `path` and renames it over `path`: readers see the old file or the new one, never half of one. */
async function writeAtomically(path: string, text: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, text);
  await rename(temporary, path);
}

/** evaluation.md (the table and its reading), evaluation.csv (long form) and SVG charts. */
export async function writeEvaluation(study: ValidationStudy, dir: string, context: EvaluationContext): Promise<EvaluationPaths> {
  const chartsDir = join(dir, 'charts');
  await mkdir(chartsDir, { recursive: true });
  const charts: string[] = [];
  for (const dimension of SIMILARITY_DIMENSIONS) {
    const path = join(chartsDir, `quality-${dimension}.svg`);
    await writeAtomically(path, qualityChart(study, dimension));
    charts.push(path);
    if (study.matched.length > 0) {
      const matched = join(chartsDir, `matched-${dimension}.svg`);
      await writeAtomically(matched, matchedChart(study, dimension));
      charts.push(matched);
    }
  }
  const [markdown, csv] = evaluationFiles(dir);
  await writeAtomically(csv, evaluationCsv(study));
  await writeAtomically(markdown, evaluationMarkdown(study, context));
  return { markdown, csv, charts };
}

/** The sentence that says who rated the pairs; a table built on model coders says so first. */
export function codersNote(study: ValidationStudy, coders: CoderKinds | null | undefined): string | null {
  const names = [...new Set(SIMILARITY_DIMENSIONS.flatMap((d) => study.agreement[d].coders))];
  const models = coders ? names.filter((name) => coders.kinds[name] === 'model') : [];
  if (models.length === 0) return null;
  const all = models.length === names.length;
  return `> **Ratings by model coders${all ? '' : ' (in part)'}.** ${models.join(', ')} ${models.length === 1 ? 'is a model' : 'are models'}, not people${coders?.note ? `: ${coders.note}` : '.'} Declared in \`${coders?.source}\`. Read every figure below as a demonstration of the method, not as a validation by human coders.`;
}

function agreementSection(study: ValidationStudy): string[] {
  const lines = ['## Coders’ agreement', ''];
  lines.push(`${study.pairs} coded pairs${study.pairsUnknown ? ` (${study.pairsUnknown} more name images not in this run and were left out)` : ''}, ${study.ratings} ratings.`, '');
  lines.push("| dimension | coders | Krippendorff's alpha | 95% CI | alpha nominal / interval | kappa |", '| --- | --- | --- | --- | --- | --- |');
  for (const dimension of SIMILARITY_DIMENSIONS) {
    const a = study.agreement[dimension];
    const kappa = a.kappa ? (a.kappa.kind === 'cohen' ? `Cohen ${f3(a.kappa.kappa)} (quadratic ${f3(a.kappa.quadratic)})` : `Fleiss ${f3(a.kappa.kappa)}`) : '';
    const alpha = a.undefinedReason ? `undefined (${a.level}): ${a.undefinedReason}` : `${f3(a.alpha)} (${a.level})`;
    const byLevel = (level: 'nominal' | 'interval'): string => (a.byLevel[level].status === 'n/a' ? 'n/a' : f3(a.alphaByLevel[level] ?? NaN));
    lines.push(`| ${dimension} | ${a.coders.length} | ${alpha} | ${a.undefinedReason ? '' : ci(a.lower, a.upper)} | ${byLevel('nominal')} / ${byLevel('interval')} | ${kappa} |`);
  }
  return lines;
}

function qualitySection(study: ValidationStudy, seed: string): string[] {
  const lines = ['', `## Cluster quality (Grimmer & King)${seed}`, ''];
  lines.push(
    `Quality = mean rating of pairs in the same cluster minus mean rating of pairs in different clusters (1 unrelated ... 3 closely related), averaged over coders per pair${study.weighted ? ', weighted back to all image pairs (stratified design)' : ''}; 95% percentile bootstrap intervals over pairs${study.weighted ? ' within strata' : ''}. Chance: the clustering's own labels permuted over the images ${study.permutations} times (same cluster sizes, same noise): the null mean ± sd, quality minus that mean, and a one-sided p (the share of permutations scoring at least as high). A quality is only comparable with another at the same number of clusters and noise share: see the matched comparison below.`,
    '',
  );
  lines.push('| method | min cluster size | clusters | noise share | dimension | CQ | 95% CI | chance mean ± sd | CQ − chance | p | pairs same / different |', '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const s of study.scored) {
    for (const dimension of SIMILARITY_DIMENSIONS) {
      const q = s.quality.dimensions[dimension];
      const c = s.chance[dimension];
      if (!q) continue;
      lines.push(
        `| ${methodName(s.method)} | ${s.minClusterSize} | ${s.clusters} | ${pct(s.quality.noiseShare)} | ${dimension} | ${f3(q.quality)} | ${ci(q.interval.lower, q.interval.upper)} | ${c ? meanPlusMinus(c) : ''} | ${c ? f3(c.excess) : ''} | ${c ? pValue(c.p, c.permutations) : ''} | ${q.sameCount} / ${q.differentCount} |`,
      );
    }
  }
  return lines;
}

function seedsSection(study: ValidationStudy): string[] {
  const withSeeds = study.scored.filter((s): s is ScoredClustering & { seeds: NonNullable<ScoredClustering['seeds']> } => s.seeds !== null);
  if (withSeeds.length === 0) return [];
  const lines = ['', `## Stability across seeds ${study.seeds.join(', ')}`, ''];
  lines.push(
    'Reduce and cluster rerun at every seed (descriptions, embeddings and CNN features from the cache): mean ± sd over the seeds. ARI: adjusted Rand index between every two seeds’ clusterings (1: identical; noise counts as one group), mean and lowest. Kept together: of the image pairs that some seed puts in one cluster, the share every seed puts in one cluster.',
    '',
  );
  lines.push('| method | min cluster size | clusters | noise share | CQ denotative | CQ connotative | ARI between seeds (lowest) | kept together |', '| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const s of withSeeds) {
    const { seeds } = s;
    const noise = `${pct(seeds.noiseShare.mean)} ± ${pct(seeds.noiseShare.sd)}`;
    lines.push(
      `| ${methodName(s.method)} | ${s.minClusterSize} | ${meanPlusMinus(seeds.clusters, 1)} | ${noise} | ${meanPlusMinus(seeds.quality.denotative)} | ${meanPlusMinus(seeds.quality.connotative)} | ${f3(seeds.ari.mean)} (${f3(seeds.ari.min)}) | ${pct(seeds.keptTogether)} |`,
    );
  }
  return lines;
}

function gapsSection(study: ValidationStudy): string[] {
  if (!study.compared || study.gaps.length === 0) return [];
  const [a, b] = study.compared;
  const lines = ['', `## Difference: ${methodName(a)} minus ${methodName(b)}, at each minimum cluster size`, ''];
  lines.push('Paired bootstrap over the same pairs; an interval above 0 favours the first method. Over seeds: the difference at every seed, mean ± sd, and how many seeds favour each method.', '');
  lines.push(`| min cluster size | clusters ${shortName(a)} / ${shortName(b)} | ARI ${shortName(a)} vs ${shortName(b)} | dimension | difference | 95% CI | over seeds | seeds favouring ${shortName(a)} / ${shortName(b)} |`, '| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const g of study.gaps) {
    const k = (method: string): string => String(study.scored.find((s) => s.method === method && s.minClusterSize === g.minClusterSize)?.clusters ?? '');
    lines.push(
      `| ${g.minClusterSize} | ${k(a)} / ${k(b)} | ${f3(g.ari)} | ${g.dimension} | ${f3(g.difference)} | ${ci(g.lower, g.upper)} | ${g.seeds ? meanPlusMinus(g.seeds) : ''} | ${g.seeds ? `${g.seeds.positive} / ${g.seeds.negative} of ${g.seeds.n}` : ''} |`,
    );
  }
  return lines;
}

function matchedSection(study: ValidationStudy): string[] {
  if (!study.compared || study.matched.length === 0) return [];
  const [a, b] = study.compared;
  const lines = ['', '## Matched granularity: both methods at the same number of clusters', ''];
  lines.push(
    `Both methods clustered again with k-means (k-means++, seeded) on their own reduced features, at each number of clusters k that HDBSCAN found (for either method, at the minimum sizes listed): no noise and the same k, so the two differ only in which images they group. CQ with 95% CI and chance p; ARI between the two methods' clusterings (1: the same partition); the difference is paired over the same pairs${study.seeds.length > 1 ? ', and over the seeds (k-means rerun on each seed’s reduction)' : ''}.`,
    '',
  );
  lines.push(`| k | HDBSCAN's k of | ARI ${shortName(a)} vs ${shortName(b)} | dimension | CQ ${shortName(a)} [95% CI], p | CQ ${shortName(b)} [95% CI], p | difference | 95% CI | over seeds |`, '| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const m of study.matched) {
    for (const gap of m.gaps) {
      const cell = (side: typeof m.first): string => {
        const q = side.quality.dimensions[gap.dimension];
        const c = side.chance[gap.dimension];
        return q ? `${f3(q.quality)} ${ci(q.interval.lower, q.interval.upper)}, p ${c ? pValue(c.p, c.permutations) : ''}` : '';
      };
      lines.push(`| ${m.k} | ${sourcesText(m.sources)} | ${f3(m.ari)} | ${gap.dimension} | ${cell(m.first)} | ${cell(m.second)} | ${f3(gap.difference)} | ${ci(gap.lower, gap.upper)} | ${gap.seeds ? meanPlusMinus(gap.seeds) : ''} |`);
    }
  }
  return lines;
}

function labelsSection(study: ValidationStudy): string[] {
  const scored = study.scored.filter((s) => s.labels !== null);
  if (scored.length === 0) return [];
  const lines = ['', `## Label-derived similarity (a proxy, not coded pairs): ${study.labelColumns.join(', ')}`, ''];
  lines.push(
    'Every pair of labelled images rated from its labels: 3 when the Jaccard index of the two label sets is at least 0.5 (for one label per image: the same label), 2 when they share some label, 1 when none. It measures agreement with the existing annotation over all pairs, exactly; it says nothing about what coders see.',
    '',
  );
  lines.push('| method | min cluster size | clusters | CQ (labels) | mean same / different | pairs same / different | scope |', '| --- | --- | --- | --- | --- | --- | --- |');
  for (const s of scored) {
    const l = s.labels!;
    lines.push(`| ${methodName(s.method)} | ${s.minClusterSize} | ${s.clusters} | ${f3(l.quality)} | ${f3(l.meanSame)} / ${f3(l.meanDifferent)} | ${l.sameCount} / ${l.differentCount} | ${l.scope === 'exact' ? `all pairs of ${l.labelledImages} images` : 'a seeded sample of pairs'} |`);
  }
  return lines;
}

export function evaluationMarkdown(study: ValidationStudy, context: EvaluationContext | string): string {
  const { header, coders, seconds } = typeof context === 'string' ? { header: context, coders: null, seconds: undefined } : context;
  const lines: string[] = [header, ''];
  const note = codersNote(study, coders);
  if (note) lines.push(note, '');
  lines.push(...agreementSection(study));
  lines.push(...qualitySection(study, study.seeds.length > 1 ? ' at the main seed' : ''));
  lines.push(...seedsSection(study), ...gapsSection(study), ...matchedSection(study), ...labelsSection(study));
  lines.push('', '## Reading', '', ...readingOf(study, coders), '');
  const charts = SIMILARITY_DIMENSIONS.flatMap((d) => [`charts/quality-${d}.svg`, ...(study.matched.length > 0 ? [`charts/matched-${d}.svg`] : [])]);
  lines.push(`Charts: ${charts.map((c) => `\`${c}\``).join(', ')}. Every value is in \`evaluation.csv\`.${seconds !== undefined ? ` Wall time of this evaluation: ${seconds.toFixed(0)} s.` : ''}`, '');
  return lines.join('\n');
}
