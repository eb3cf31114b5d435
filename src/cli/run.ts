import { prose } from './options.js';
import type { Command } from 'commander';
import { formatEstimate } from '../describe/estimate.js';
import { dryRun } from '../pipeline/dry-run.js';
import { runPipeline, type RunSummary } from '../pipeline/run.js';
import { addPipelineOptions, pipelineOptions, type PipelineFlags } from './run-options.js';
import { formatDuration, TerminalProgress } from './progress.js';
import { withInterrupt } from './interrupt.js';
import { checkedConfig } from './checked-config.js';

export function registerRunCommand(program: Command): void {
  const command = program
    .command('run')
    .summary('describe, embed, reduce and cluster a folder or manifest of images, and write the report')
    .description(
      prose(`Runs the whole pipeline: every image is opened and checked, described by a vision-language model
(or read from reference descriptions), the descriptions are embedded, reduced (UMAP) and clustered
(HDBSCAN) once per minimum cluster size, and each cluster is summarised by keywords and its most
typical images. Everything expensive is cached in DIR/connote.sqlite: run the same command again
and only what changed is recomputed; a crash or Ctrl-C loses nothing already described.

INPUT is a folder of images (searched recursively), a CSV manifest (columns id, path or file, and
any metadata), or a folder with a connote.config.json (like examples/climate-demo).`),
    )
    .argument('<input>', 'folder of images, CSV manifest, or example folder');
  addPipelineOptions(command)
    .option('--dry-run', 'only count the images still to describe (after the cache) and estimate tokens and cost')
    .addHelpText(
      'after',
      `
Examples:
  connote run examples/climate-demo --out out/demo             # the bundled example, offline
  connote run photos/ --out study --describer openai --model gpt-4o --embedder minilm
  connote run photos/ --out study --describer openai --base-url http://localhost:11434/v1 --model llava
  connote run manifest.csv --out study --min-cluster-size 50,100,200

Outputs in --out: report.html, assignments.csv, clusters.csv, clusters.json, run.json, connote.sqlite
(and duplicates.csv with --near-duplicates).`,
    )
    .action(async (input: string, flags: PipelineFlags & { dryRun?: boolean }) => {
      const config = await checkedConfig(pipelineOptions(input, flags), flags.dryRun ? 'dry-run' : 'run');
      const terminal = new TerminalProgress(process.stderr, flags.quiet);
      if (flags.dryRun) {
        const estimate = await dryRun(config, { logger: terminal.logger, progress: terminal });
        process.stdout.write(
          `${estimate.images} distinct images: ${estimate.cached} already described, ${estimate.toDescribe} to describe with ${estimate.describer.describer} (${estimate.describer.model}).\n` +
            (estimate.estimate ? `${formatEstimate(estimate.estimate)}\n` : estimate.toDescribe > 0 ? 'This describer has no cost (it runs locally or reads files).\n' : ''),
        );
        return;
      }
      const summary = await withInterrupt(terminal.logger, (signal) =>
        runPipeline(config, { logger: terminal.logger, progress: terminal, signal }),
      );
      printSummary(summary, config.out);
      process.exitCode = summary.status === 'interrupted' ? 130 : 0;
    });
}

function printSummary(summary: RunSummary, out: string): void {
  const lines: string[] = [];
  const d = summary.described;
  lines.push(
    `${summary.status === 'finished' ? 'Done' : 'Stopped'} in ${formatDuration(summary.seconds)}: ${summary.items} images (${summary.images} distinct${summary.duplicates ? `, ${summary.duplicates} exact duplicates described once` : ''}), ${summary.errors} with errors.`,
  );
  const near = summary.nearDuplicates;
  if (near) {
    const skipped = near.notDescribed ? `; ${near.notDescribed} not described, they take their representative's cluster` : '';
    lines.push(`Near-duplicates: ${near.groups} groups of ${near.images} images (duplicates.csv)${skipped}.`);
  }
  lines.push(
    `Descriptions: ${d.cached} from cache, ${d.new} new${d.refused ? `, ${d.refused} refused` : ''}${d.empty ? `, ${d.empty} empty` : ''}${d.failed ? `, ${d.failed} failed (retried next run)` : ''}.`,
  );
  if (summary.status === 'interrupted') {
    lines.push('Every finished description is saved. Run the same command again to resume where it stopped.');
  } else {
    lines.push(`Embeddings: ${summary.embedded.cached} from cache, ${summary.embedded.new} new. Reductions ${summary.reductionsFromCache ? 'from cache' : 'computed'}.`);
    for (const c of summary.clusterings) {
      lines.push(`  min cluster size ${String(c.minClusterSize).padStart(4)}: ${String(c.clusters).padStart(4)} clusters, ${c.noise} noise`);
    }
    if (summary.outputs) lines.push(`Report: ${summary.outputs.report}`, `Tables: ${summary.outputs.assignments}, ${summary.outputs.clustersCsv}`);
  }
  if (summary.errors > 0) lines.push(`Errors are listed in the report and in run.json (project ${out}).`);
  process.stdout.write(`${lines.join('\n')}\n`);
}
