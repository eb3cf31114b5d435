import { prose } from './options.js';
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { formatRatingsCsv, readPairsCsv } from '../evaluate/coding/pairs-csv.js';
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
output of connote pairs sample). Importing the same file again changes nothing; a pair id already
used for other images is refused, and so is an image the project does not have.`),
    )
    .argument('<project>', 'project folder (the --out of connote run)')
    .argument('<pairs.csv>', 'pair_id,image_a,image_b')
    .action(async (project: string, file: string) => {
      const store = openStore(projectStorePath(project));
      try {
        const result = store.pairs.importPairs(await readPairsCsv(file), file);
        process.stdout.write(`${result.added} pairs imported, ${result.unchanged} already there; ${store.pairs.count()} in all.\n`);
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
        if (flags.out) writeFileSync(flags.out, csv);
        else process.stdout.write(csv);
      } finally {
        store.close();
      }
    });
}
