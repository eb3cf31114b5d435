import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { prose } from './options.js';
import type { Command } from 'commander';
import { readCodingPairs } from '../evaluate/coding/pair-files.js';
import { formatRatingsCsv } from '../evaluate/coding/pairs-csv.js';
import { openStore } from '../store/index.js';
import { projectStorePath } from './serve.js';

/**
 * `connote pairs import|export`: loading pairs into a project for coding in `connote serve`, and
 * writing the coders' ratings. Added to the `pairs` command that `pairs.ts` creates.
 */
export function registerPairCodingCommands(pairs: Command): void {
  pairs
    .command('import')
    .summary('load image pairs into a project, for coding in connote serve')
    .description(
      prose(`Adds image pairs to a project for coding in connote serve, from a CSV with columns
pair_id,image_a,image_b (image ids as in the project, e.g. examples/climate-demo/pairs.csv or the
output of connote pairs sample). Blind ids written by pairs sample --blind are mapped back with the
key beside the file (pairs.key.csv) or --key. Importing the same file again changes nothing; a pair
id already used for other images is refused, and so is an image the project does not have.`),
    )
    .argument('<project>', 'project folder (the --out of connote run)')
    .argument('<pairs.csv>', 'pair_id,image_a,image_b')
    .option('--key <file>', 'the blinding key, if it is not beside the pairs file as *.key.csv')
    .action(async (project: string, file: string, flags: { key?: string }) => {
      const store = openStore(projectStorePath(project));
      try {
        const read = await readCodingPairs(file, { key: flags.key, isKnownImage: (id) => store.images.getItem(id) !== undefined });
        const result = store.pairs.importPairs(read.pairs, file);
        process.stdout.write(
          `${result.added} pairs imported, ${result.unchanged} already there; ${store.pairs.count()} in all.${read.key ? ` Blind ids mapped back with ${read.key}.` : ''}\n`,
        );
      } finally {
        store.close();
      }
    });

  pairs
    .command('export')
    .summary('write the coders\u2019 ratings from connote serve as ratings.csv')
    .description('Writes the ratings coders made in connote serve as pair_id,coder,denotative,connotative (an empty cell: not rated).')
    .argument('<project>', 'project folder')
    .option('-o, --out <file>', 'where to write (default: standard output)')
    .option('--coder <name>', 'only this coder\u2019s ratings')
    .action((project: string, flags: { out?: string; coder?: string }) => {
      const store = openStore(projectStorePath(project));
      try {
        const csv = formatRatingsCsv(store.pairs.ratings(flags.coder));
        if (flags.out) {
          mkdirSync(dirname(resolve(flags.out)), { recursive: true });
          writeFileSync(flags.out, csv);
        }
        else process.stdout.write(csv);
      } finally {
        store.close();
      }
    });
}
