import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { readCodingPairs } from '../evaluate/coding/pair-files.js';
import { parseRatingsCsv } from '../evaluate/coding/pairs-csv.js';
import { SIMILARITY_DIMENSIONS, type Clustering, type SimilarityDimension } from '../evaluate/coding/types.js';
import { ASSUMED_RATING_SD, planPairs, type PairPlan, type PairPlanOptions } from '../evaluate/study/plan.js';
import { openProjectStore, type Store } from '../store/index.js';
import { parseNumber, prose } from './options.js';

export interface PlanFlags {
  clustering?: string[];
  run?: string;
  dimension: string;
  halfWidth?: number;
  pilotPairs?: string;
  pilotRatings?: string;
  sd?: number;
  noisePolicy: string;
  everyFigure?: boolean;
}

/** The options `pairs plan` and `pairs sample --stratified` share. */
export function addPlanOptions(command: Command): Command {
  return command
    .option('--dimension <name>', 'denotative or connotative', 'connotative')
    .option('--pilot-pairs <file>', 'pairs already coded (default: the pairs of the run, if it was connote evaluate)')
    .option('--pilot-ratings <file>', 'their ratings (default: the ratings of the run)')
    .option('--sd <x>', `spread of a pair's mean rating where the pilot says nothing (default ${ASSUMED_RATING_SD})`, parseNumber)
    .option('--every-figure', "make each clustering's quality as narrow as the difference, not only the difference")
    .option('--noise-policy <policy>', "pairs with a noise image count as 'different' or are 'drop'ped, as connote evaluate --noise", 'different');
}

/** The pilot: the flags' files, or the pairs and ratings the run was evaluated on. */
async function pilotOf(store: Store, runConfig: Record<string, unknown>, flags: PlanFlags): Promise<PairPlanOptions['pilot']> {
  const evaluation = (runConfig.evaluation ?? {}) as { pairs?: string | null; ratings?: string | null };
  const pairsPath = flags.pilotPairs ?? (flags.pilotRatings ? undefined : (evaluation.pairs ?? undefined));
  const ratingsPath = flags.pilotRatings ?? (flags.pilotPairs ? undefined : (evaluation.ratings ?? undefined));
  if (!pairsPath && !ratingsPath) return undefined;
  if (!pairsPath || !ratingsPath) throw new Error('give --pilot-pairs and --pilot-ratings together');
  if (!existsSync(pairsPath) || !existsSync(ratingsPath)) {
    if (flags.pilotPairs || flags.pilotRatings) throw new Error(`cannot read the pilot: ${!existsSync(pairsPath) ? pairsPath : ratingsPath} not found`);
    return undefined;
  }
  const { pairs } = await readCodingPairs(pairsPath, { isKnownImage: (id) => store.images.getItem(id) !== undefined });
  return { pairs, ratings: parseRatingsCsv(readFileSync(ratingsPath, 'utf8'), ratingsPath), source: pairsPath };
}

/** What a plan (or a stratified sample) needs from a project: the clusterings of a run and a pilot. */
export async function planInputs(
  store: Store,
  flags: PlanFlags,
  clusteringsOfRun: (store: Store, runId: string | undefined, names: readonly string[] | undefined) => Readonly<Record<string, Clustering>>,
): Promise<{ groups: string[][]; clusterings: Readonly<Record<string, Clustering>>; options: Omit<PairPlanOptions, 'clusterings' | 'halfWidth'> }> {
  if (!SIMILARITY_DIMENSIONS.includes(flags.dimension as SimilarityDimension)) throw new Error(`--dimension must be denotative or connotative, got '${flags.dimension}'`);
  if (flags.noisePolicy !== 'different' && flags.noisePolicy !== 'drop') throw new Error(`--noise-policy must be 'different' or 'drop', got '${flags.noisePolicy}'`);
  const run = flags.run ? store.runs.get(flags.run) : store.runs.latestFinished();
  if (!run) throw new Error(flags.run ? `no run '${flags.run}' in this project` : 'this project has no finished run yet: run `connote run` or `connote evaluate` first');
  const clusterings = clusteringsOfRun(store, run.id, flags.clustering);
  const names = Object.keys(clusterings);
  let groups: string[][];
  if (flags.clustering && flags.clustering.length > 0) {
    if (flags.clustering.length > 2) throw new Error('name one clustering (its quality) or two (their difference)');
    groups = [flags.clustering];
  } else {
    // Both methods at each minimum cluster size they share, or every clustering on its own.
    const sizes = names.filter((n) => n.startsWith('descriptions/')).map((n) => n.slice('descriptions/'.length));
    const paired = sizes.filter((size) => names.includes(`image-features/${size}`)).map((size) => [`descriptions/${size}`, `image-features/${size}`]);
    groups = paired.length > 0 ? paired : names.map((n) => [n]);
  }
  return {
    groups,
    clusterings,
    options: {
      dimension: flags.dimension as SimilarityDimension,
      noise: flags.noisePolicy,
      pilot: await pilotOf(store, run.config, flags),
      assumedSd: flags.sd,
      cover: flags.everyFigure ? 'every' : 'target',
    },
  };
}

const n0 = (v: number): string => v.toLocaleString('en-US');
const f2 = (v: number): string => (Number.isFinite(v) ? v.toFixed(3) : 'n/a');

export function formatPlan(plan: PairPlan, project: string, extraFlags = ''): string[] {
  const lines = [`Plan: ${plan.target}${plan.cover === 'every' ? ' and each quality' : ''}, ${Math.round(plan.level * 100)}% CI half-width ${plan.halfWidth}`];
  if (plan.strata.every((h) => h.coefficient === 0)) {
    lines.push('  the two clusterings are the same partition: their difference is 0 whatever is coded, so there is nothing to plan');
    return lines;
  }
  lines.push(`  image pairs in the corpus: ${n0(plan.population.totalPairs)} (${n0(plan.population.items.length)} images)${plan.pilot ? `; pilot: ${plan.pilot.pairs} coded pairs from ${plan.pilot.source}` : '; no pilot: every sd assumed'}`);
  lines.push('  stratum                      pairs in corpus   rating sd (from)         weight c_h   pairs to code');
  for (const h of plan.strata.filter((s) => s.populationPairs > 0)) {
    const from = h.source === 'pilot' ? `pilot, ${h.pilotPairs}` : h.source === 'pooled' ? `pooled, ${h.pilotPairs} own` : 'assumed';
    lines.push(`  ${h.name.padEnd(27)}  ${n0(h.populationPairs).padStart(15)}   ${`${h.sd.toFixed(2)} (${from})`.padEnd(23)}  ${h.coefficient.toFixed(3).padStart(11)}   ${String(h.pairs).padStart(13)}`);
  }
  lines.push(`  stratified sample (Neyman allocation): ${n0(plan.stratified.total)} pairs, expected half-width ${f2(plan.stratified.halfWidth)}`);
  lines.push(`  a simple random sample of image pairs would need ${n0(plan.simpleRandomPairs)} pairs for the same half-width on the ${plan.names.length === 2 ? "difference" : "quality"}`);
  if (plan.pilot) lines.push(`  the pilot's ${plan.pilot.pairs} pairs, had they been a simple random sample: half-width ${f2(plan.pilot.halfWidth)}`);
  lines.push(`  with the stratified sample: ${plan.figures.map((f) => `${f.figure} +-${f2(f.halfWidth)}`).join('; ')}`);
  const clusteringFlags = plan.names.map((name) => `--clustering ${name}`).join(' ');
  lines.push(`  draw it: connote pairs sample ${project} --stratified ${clusteringFlags} --dimension ${plan.dimension} --half-width ${plan.halfWidth}${plan.cover === 'every' ? ' --every-figure' : ''}${extraFlags} -o pairs.csv`);
  return lines;
}

/** The flags `pairs sample --stratified` needs to make the same plan. */
function samePlanFlags(flags: PlanFlags): string {
  const parts: string[] = [];
  if (flags.run) parts.push(`--run ${flags.run}`);
  if (flags.pilotPairs) parts.push(`--pilot-pairs ${flags.pilotPairs}`, `--pilot-ratings ${flags.pilotRatings}`);
  if (flags.sd !== undefined) parts.push(`--sd ${flags.sd}`);
  if (flags.noisePolicy !== 'different') parts.push(`--noise-policy ${flags.noisePolicy}`);
  return parts.map((part) => ` ${part}`).join('');
}

export function registerPairPlanCommand(
  pairs: Command,
  clusteringsOfRun: (store: Store, runId: string | undefined, names: readonly string[] | undefined) => Readonly<Record<string, Clustering>>,
): void {
  const command = pairs
    .command('plan')
    .summary('how many pairs to code for a confidence interval of a given width, and in which strata')
    .description(
      prose(`Plans the coding: for the clusterings of interest (by default both methods at every minimum
cluster size of the run), every image pair falls in a stratum (same cluster, different clusters,
or a noise image, under each clustering), whose sizes are counted exactly. From the spread of the
ratings in a pilot (the pairs the run was evaluated on, or --pilot-pairs/--pilot-ratings) it
reports the pairs needed for a --half-width on the quality difference (or on one clustering's
quality), the stratified sample that needs the fewest (Neyman allocation), what a simple random
sample would need, and the command that draws it (connote pairs sample --stratified); connote
evaluate weights such a sample back to all image pairs.`),
    )
    .argument('<project>', 'project folder (the --out of connote run or connote evaluate)')
    .option('--clustering <name>', 'clustering of interest (once: its quality; twice: their difference)', (v: string, p: string[] = []) => [...p, v])
    .option('--run <id>', 'run whose clusterings to plan for (default: the latest finished run)')
    .option('--half-width <x>', 'target half-width of the confidence interval', parseNumber, 0.1);
  addPlanOptions(command).action(async (project: string, flags: PlanFlags & { halfWidth: number }) => {
    const store = openProjectStore(project, { readonly: true });
    try {
      const inputs = await planInputs(store, flags, clusteringsOfRun);
      const lines: string[] = [];
      for (const group of inputs.groups) {
        const plan = planPairs({ ...inputs.options, halfWidth: flags.halfWidth, clusterings: group.map((name) => ({ name, clustering: inputs.clusterings[name] })) });
        lines.push(...formatPlan(plan, project, samePlanFlags(flags)), '');
      }
      process.stdout.write(`${lines.join('\n')}`);
    } finally {
      store.close();
    }
  });
}
