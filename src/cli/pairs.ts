import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { blindingKeyPath, unblindedPairsPath } from '../evaluate/coding/pair-files.js';
import { formatBlindingKeyCsv, formatPairsCsv, type PairRecord } from '../evaluate/coding/pairs-csv.js';
import { blindPairs, samplePairs } from '../evaluate/coding/pairs.js';
import { sampleStratifiedPairs } from '../evaluate/coding/stratified-pairs.js';
import { allocationOf, planPairs } from '../evaluate/study/plan.js';
import type { NamedClusterings } from '../evaluate/coding/types.js';
import { openProjectStore, type Store } from '../store/index.js';
import { parseInteger, parseNumber, prose } from './options.js';
import { addPlanOptions, planInputs, registerPairPlanCommand, type PlanFlags } from './pairs-plan.js';

interface SampleFlags {
  clustering?: string[];
  run?: string;
  count: number;
  within: number;
  between: number;
  noise: number;
  maxPerImage: number;
  seed: number;
  blind?: boolean;
  imagesDir?: string;
  out: string;
}

/** The clusterings of a run (the latest finished one by default) as item id -> label maps, by name. */
export function clusteringsOfRun(store: Store, runId: string | undefined, names: readonly string[] | undefined): NamedClusterings {
  const run = runId ? store.runs.get(runId) : store.runs.latestFinished();
  if (!run) throw new Error(runId ? `no run '${runId}' in this project` : 'this project has no finished run yet: run `connote run` first');
  const available = store.clusterings.forRun(run.id);
  const chosen = names && names.length > 0 ? names : available.map((c) => c.name);
  const out: Record<string, Map<string, number>> = {};
  for (const name of chosen) {
    const record = available.find((c) => c.name === name);
    if (!record) throw new Error(`run ${run.id} has no clustering '${name}'; it has: ${available.map((c) => c.name).join(', ')}`);
    out[name] = new Map(store.clusterings.assignments(record.id).map((a) => [a.itemId, a.label]));
  }
  return out;
}

/** Writes the pairs (blinded when asked), the key and researcher's copy beside them, and the coders' images. */
function writeSample(store: Store, project: string, flags: SampleFlags, pairs: readonly PairRecord[]): string {
  const keyPath = blindingKeyPath(flags.out);
  mkdirSync(dirname(resolve(flags.out)), { recursive: true });
  if (!flags.blind) {
    if (flags.imagesDir) throw new Error('--images-dir only applies with --blind');
    writeFileSync(flags.out, formatPairsCsv(pairs));
    return '';
  }
  const blind = blindPairs(pairs, { seed: flags.seed });
  writeFileSync(flags.out, formatPairsCsv(blind.pairs));
  writeFileSync(keyPath, formatBlindingKeyCsv(blind.key));
  writeFileSync(unblindedPairsPath(flags.out), formatPairsCsv(pairs));
  if (flags.imagesDir) {
    mkdirSync(flags.imagesDir, { recursive: true });
    for (const [blindId, itemId] of Object.entries(blind.key.images)) {
      const item = store.images.getItem(itemId);
      if (!item) throw new Error(`image '${itemId}' is not in the project`);
      copyFileSync(item.path, join(flags.imagesDir, `${blindId}${extname(item.path).toLowerCase()}`));
    }
  }
  return (
    `; blinding key in ${keyPath}, real ids and strata in ${unblindedPairsPath(flags.out)} (keep both from the coders)\n` +
    `Code them with: connote serve ${project} --pairs ${flags.out}   (the key beside it maps the ids back)`
  );
}

/**
 * A pair-id prefix no pair already stored in the project uses, so a new sample can be imported
 * beside an earlier one (e.g. the example's p001...) instead of clashing with it: `p`, then
 * `p2-`, `p3-`, ...
 */
export function freshPairIdPrefix(store: Store): string {
  const stored = store.pairs.list().map((pair) => pair.pairId);
  const clashes = (prefix: string): boolean => stored.some((id) => id.startsWith(prefix) && /^\d+$/.test(id.slice(prefix.length)));
  let prefix = 'p';
  for (let batch = 2; clashes(prefix); batch++) prefix = `p${batch}-`;
  return prefix;
}

function prefixNote(prefix: string): string {
  return prefix === 'p' ? '' : ` (numbered ${prefix}001... because the project already holds pairs numbered otherwise)`;
}

/** The simple design: within/between/noise shares per clustering, each image in at most k pairs. */
function sampleByShares(store: Store, project: string, flags: SampleFlags): string {
  const prefix = freshPairIdPrefix(store);
  const clusterings = clusteringsOfRun(store, flags.run, flags.clustering);
  const sample = samplePairs(clusterings, {
    count: flags.count,
    proportions: { within: flags.within, between: flags.between, noise: flags.noise },
    maxPairsPerImage: flags.maxPerImage,
    seed: flags.seed,
    pairIdPrefix: prefix,
  });
  const blindNote = writeSample(store, project, flags, sample.pairs);
  const shortfalls = Object.entries(sample.requested).flatMap(([name, requested]) =>
    Object.entries(requested)
      .filter(([stratum, n]) => sample.drawn[name][stratum as keyof typeof requested] < n)
      .map(([stratum, n]) => `${name} ${stratum}: ${sample.drawn[name][stratum as keyof typeof requested]} of ${n}`),
  );
  return (
    `${sample.pairs.length} pairs from ${Object.keys(clusterings).length} clustering(s) written to ${flags.out}${prefixNote(prefix)}${blindNote}\n` +
    (shortfalls.length ? `Some strata ran out of pairs (raise --max-per-image or lower the count): ${shortfalls.join('; ')}\n` : '')
  );
}

/** The stratified design of `pairs plan`: equal chances within each stratum, weights N_h / n_h for evaluate. */
async function sampleStratified(store: Store, project: string, flags: SampleFlags & PlanFlags): Promise<string> {
  if (!flags.clustering || flags.clustering.length < 1 || flags.clustering.length > 2) {
    throw new Error('--stratified needs --clustering once (one clustering) or twice (the two to compare)');
  }
  const prefix = freshPairIdPrefix(store);
  const inputs = await planInputs(store, flags, clusteringsOfRun);
  const clusterings = flags.clustering.map((name) => ({ name, clustering: inputs.clusterings[name] }));
  const plan = planPairs({ ...inputs.options, clusterings, halfWidth: flags.halfWidth ?? 0.1, total: flags.halfWidth === undefined ? flags.count : undefined });
  const sample = sampleStratifiedPairs(
    clusterings.map((c) => c.clustering),
    allocationOf(plan),
    { seed: flags.seed, pairIdPrefix: prefix },
  );
  const design = flags.clustering.join(' | ');
  const blindNote = writeSample(store, project, flags, sample.pairs.map((pair) => ({ ...pair, design })));
  const shortfalls = Object.entries(sample.requested).filter(([name, n]) => sample.drawn[name] < n).map(([name, n]) => `${name}: ${sample.drawn[name]} of ${n}`);
  return (
    `${sample.pairs.length} pairs in ${Object.values(sample.drawn).filter((n) => n > 0).length} strata (${Object.entries(sample.drawn).filter(([, n]) => n > 0).map(([name, n]) => `${name} ${n}`).join(', ')}) ` +
    `written to ${flags.out}${prefixNote(prefix)}, with their weights for connote evaluate; expected half-width of the ${plan.target}: ${plan.stratified.halfWidth.toFixed(3)}${blindNote}\n` +
    (shortfalls.length ? `Some strata ran out of pairs: ${shortfalls.join('; ')}\n` : '')
  );
}

export function registerPairsCommands(program: Command): Command {
  const pairs = program.command('pairs').summary('image pairs for human coders: plan, sample, import into a project, export ratings');
  const sample = pairs
    .command('sample')
    .summary('draw image pairs from clusterings, for coders to rate')
    .description(
      prose(`Draws pairs from one or more clusterings of a project: pairs within a cluster, between clusters
and involving noise, in the proportions you set, each image in at most --max-per-image pairs,
reproducibly (--seed). With --stratified, draws the design of connote pairs plan instead: pairs
with equal chances within each stratum, in the Neyman allocation for --half-width (or for
--count pairs), written with the weights connote evaluate uses to weight them back to all image
pairs. With --blind, coders get neutral image ids (and, with --images-dir, copies of the images
under those ids) while the key back to the real ids is written beside them for you; connote
serve, pairs import and evaluate find it there.`),
    )
    .argument('<project>', 'project folder (the --out of connote run)')
    .option('--clustering <name>', 'clustering to sample from, e.g. descriptions/mcs5 (repeatable; default: all of the run)', (v: string, p: string[] = []) => [...p, v])
    .option('--run <id>', 'run to sample from (default: the latest finished run)')
    .option('--count <n>', 'pairs to draw', parseInteger, 160)
    .option('--within <share>', 'share of pairs from the same cluster', parseNumber, 0.5)
    .option('--between <share>', 'share of pairs from different clusters', parseNumber, 0.4)
    .option('--noise <share>', 'share of pairs involving a noise image', parseNumber, 0.1)
    .option('--max-per-image <k>', 'most pairs any one image may appear in', parseInteger, 5)
    .option('--seed <n>', 'random seed', parseInteger, 42)
    .option('--stratified', 'the stratified design of connote pairs plan, with weights (needs --clustering once or twice)')
    .option('--half-width <x>', 'with --stratified: as many pairs as this CI half-width needs (instead of --count)', parseNumber)
    .option('--blind', 'neutral ids for coders; the key goes to a separate file')
    .option('--images-dir <dir>', 'with --blind: copy each image there as <blind id>.<ext> for the coders')
    .requiredOption('-o, --out <file>', 'pairs CSV to write (the key, when blind, goes beside it as *.key.csv)');
  addPlanOptions(sample).action(async (project: string, flags: SampleFlags & PlanFlags & { stratified?: boolean }) => {
    const store = openProjectStore(project, { readonly: true });
    try {
      if (!flags.stratified && flags.halfWidth !== undefined) throw new Error('--half-width only applies with --stratified');
      process.stdout.write(flags.stratified ? await sampleStratified(store, project, flags) : sampleByShares(store, project, flags));
    } finally {
      store.close();
    }
  });
  registerPairPlanCommand(pairs, clusteringsOfRun);
  return pairs;
}
