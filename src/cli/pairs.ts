import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { formatRatingsCsv, readPairsCsv } from '../evaluate/pairs-csv.js';
import { openStore } from '../store/index.js';
import { projectStorePath } from './serve.js';

/** `connote pairs import|export`: the image pairs coders rate in `connote serve`, and their ratings. */
export function registerPairsCommand(program: Command): void {
  const pairs = program.command('pairs').summary('load image pairs for coders, and export their ratings');

  pairs
    .command('import')
    .description(
      `Adds image pairs to a project for coding in connote serve, from a CSV with columns
pair_id,image_a,image_b (image ids as in the project, e.g. examples/climate-demo/pairs.csv).
Importing the same file again changes nothing; a pair id already used for other images is refused.`,
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
    .description('Writes every coder\u2019s ratings as pair_id,coder,denotative,connotative (an empty cell: not rated).')
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
