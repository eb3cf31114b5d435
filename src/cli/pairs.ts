import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { Command } from 'commander';
import { formatBlindingKeyCsv, formatPairsCsv } from '../evaluate/coding/pairs-csv.js';
import { samplePairs } from '../evaluate/coding/pairs.js';
import type { NamedClusterings } from '../evaluate/coding/types.js';
import { openProjectStore, type Store } from '../store/index.js';
import { parseInteger, parseNumber, prose } from './options.js';

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

export function registerPairsCommands(program: Command): Command {
  const pairs = program.command('pairs').summary('image pairs for human coders: sample, import into a project, export ratings');
  pairs
    .command('sample')
    .summary('draw image pairs from clusterings, for coders to rate')
    .description(
      prose(`Draws pairs from one or more clusterings of a project: pairs within a cluster, between clusters
and involving noise, in the proportions you set, each image in at most --max-per-image pairs,
reproducibly (--seed). With --blind, coders get neutral pair and image ids (and, with
--images-dir, copies of the images under those ids) while the key back to the real ids is
written beside them for you.`),
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
    .option('--blind', 'neutral ids for coders; the key goes to a separate file')
    .option('--images-dir <dir>', 'with --blind: copy each image there as <blind id>.<ext> for the coders')
    .requiredOption('-o, --out <file>', 'pairs CSV to write (the key, when blind, goes beside it as *.key.csv)')
    .action((project: string, flags: SampleFlags) => {
      const store = openProjectStore(project, { readonly: true });
      try {
        const clusterings = clusteringsOfRun(store, flags.run, flags.clustering);
        const sample = samplePairs(clusterings, {
          count: flags.count,
          proportions: { within: flags.within, between: flags.between, noise: flags.noise },
          maxPairsPerImage: flags.maxPerImage,
          seed: flags.seed,
          blind: flags.blind,
        });
        const keyPath = flags.out.replace(/\.csv$/i, '') + '.key.csv';
        if (sample.blind) {
          writeFileSync(flags.out, formatPairsCsv(sample.blind.pairs));
          writeFileSync(keyPath, formatBlindingKeyCsv(sample.blind.key));
          writeFileSync(flags.out.replace(/\.csv$/i, '') + '.unblinded.csv', formatPairsCsv(sample.pairs));
          if (flags.imagesDir) {
            mkdirSync(flags.imagesDir, { recursive: true });
            for (const [blindId, itemId] of Object.entries(sample.blind.key.images)) {
              const item = store.images.getItem(itemId);
              if (!item) throw new Error(`image '${itemId}' is not in the project`);
              copyFileSync(item.path, join(flags.imagesDir, `${blindId}${extname(item.path).toLowerCase()}`));
            }
          }
        } else {
          if (flags.imagesDir) throw new Error('--images-dir only applies with --blind');
          writeFileSync(flags.out, formatPairsCsv(sample.pairs));
        }
        const shortfalls = Object.entries(sample.requested).flatMap(([name, requested]) =>
          Object.entries(requested)
            .filter(([stratum, n]) => sample.drawn[name][stratum as keyof typeof requested] < n)
            .map(([stratum, n]) => `${name} ${stratum}: ${sample.drawn[name][stratum as keyof typeof requested]} of ${n}`),
        );
        process.stdout.write(
          `${sample.pairs.length} pairs from ${Object.keys(clusterings).length} clustering(s) written to ${flags.out}` +
            `${sample.blind ? `; blinding key in ${keyPath}` : ''}\n` +
            (shortfalls.length ? `Some strata ran out of pairs (raise --max-per-image or lower the count): ${shortfalls.join('; ')}\n` : ''),
        );
      } finally {
        store.close();
      }
    });
  return pairs;
}
