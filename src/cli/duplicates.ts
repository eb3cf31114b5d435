import type { Command } from 'commander';
import { DEFAULT_MAX_DISTANCE, imageHashers, MAX_NEAR_DUPLICATE_DISTANCE } from '../duplicates/index.js';
import { findDuplicates, type FindDuplicatesResult } from '../pipeline/near-duplicates.js';
import { withInterrupt } from './interrupt.js';
import { parseInteger, prose } from './options.js';
import { formatDuration, TerminalProgress } from './progress.js';

interface DuplicatesFlags {
  hash?: string;
  maxDistance?: number;
  out?: string;
  show?: number;
  json?: boolean;
  quiet?: boolean;
}

/** Groups listed on the terminal before "see duplicates.csv". */
const SHOWN_GROUPS = 20;

export function registerDuplicatesCommand(program: Command): void {
  program
    .command('duplicates')
    .summary('find near-duplicates (reposts: recompressed, rescaled, cropped, captioned copies) by perceptual hash, describing nothing')
    .description(
      prose(`Groups visually near-identical images: each image's perceptual hash (dHash or pHash, from its
thumbnail) is compared with every other's, and images whose hashes differ in at most
--max-distance bits are joined, transitively. Nothing is described or paid for. INPUT is a project
folder (the --out of connote run) or images (a folder, a CSV manifest, or an example folder);
images are read into the project's store first (--out), so thumbnails and hashes are computed once.

Writes duplicates.csv (one row per image of every group: group, size, representative, item, file,
SHA-256, Hamming distance to the representative) and keeps the groups in the store, where connote
serve shows them (GET /api/duplicates). connote run --near-duplicates does the same within a run.`),
    )
    .argument('<input>', 'project folder, or a folder / CSV manifest of images')
    .option('--hash <name>', `perceptual hash: ${imageHashers.names().join(' or ')} (default: dhash)`)
    .option(
      '--max-distance <bits>',
      `most differing bits for two images to be near-duplicates, 0 to ${MAX_NEAR_DUPLICATE_DISTANCE}; larger: more copies found, more look-alikes joined (default: ${Object.entries(DEFAULT_MAX_DISTANCE).map(([hash, d]) => `${d} for ${hash}`).join(', ')})`,
      parseInteger,
    )
    .option('-o, --out <dir>', 'where duplicates.csv goes, and for images the project folder (default: INPUT when it is a project, else ./connote-out)')
    .option('--show <n>', `groups to list on the terminal (default: ${SHOWN_GROUPS}; all are in duplicates.csv)`, parseInteger)
    .option('--json', 'print the groups as JSON instead (every group)')
    .option('-q, --quiet', 'only print warnings, errors and the summary')
    .addHelpText(
      'after',
      `
Examples:
  connote duplicates examples/climate-demo --out out/duplicates-demo
  connote duplicates study --hash phash --max-distance 6         # a project made by connote run`,
    )
    .action(async (input: string, flags: DuplicatesFlags) => {
      const terminal = new TerminalProgress(process.stderr, flags.quiet || flags.json);
      const result = await withInterrupt(terminal.logger, (signal) =>
        findDuplicates({ input, out: flags.out, hash: flags.hash, maxDistance: flags.maxDistance }, { logger: terminal.logger, progress: terminal, signal }),
      );
      for (const failure of result.failures) terminal.logger.warn(`${failure.path ?? '(no path)'}: ${failure.message}`);
      if (flags.json) process.stdout.write(`${JSON.stringify(jsonResult(result), null, 2)}\n`);
      else process.stdout.write(`${summaryLines(result, flags.show ?? SHOWN_GROUPS).join('\n')}\n`);
    });
}

function jsonResult(result: FindDuplicatesResult) {
  const { seconds: _seconds, ...rest } = result;
  return rest;
}

function summaryLines(result: FindDuplicatesResult, shown: number): string[] {
  const inGroups = result.groups.reduce((sum, g) => sum + g.images, 0);
  const lines = [
    `${result.hash.algorithm} (${result.hash.bits} bits) at distance ${result.maxDistance}: ${result.groups.length} groups of near-duplicates, ${inGroups} of ${result.images} distinct images (${result.items} items); ${result.computed} hashed, ${result.cached} from cache, in ${formatDuration(result.seconds)}.`,
  ];
  for (const group of result.groups.slice(0, Math.max(0, shown))) {
    const others = group.memberIds.slice(1).map((id, i) => `${id} (${group.distances[i + 1]})`);
    lines.push(`  group ${group.group}: ${group.size} items, ${group.images} images; representative ${group.representativeId}; ${others.join(', ')}`);
  }
  if (result.groups.length > shown) lines.push(`  ... ${result.groups.length - shown} more groups`);
  lines.push(`Groups: ${result.csv} (distances in bits to each group's representative)`);
  return lines;
}
