import type { Command } from 'commander';
import { resolveRunConfig, type RunOptions } from '../config.js';
import { describers } from '../describe/index.js';
import { embedders } from '../embed/index.js';
import { runPipeline, type RunSummary } from '../pipeline.js';
import { reducers } from '../reduce/index.js';
import { collect, defined, parseInteger, parseIntegerList, parseNumber } from './options.js';
import { formatDuration, TerminalProgress } from './progress.js';
import { withInterrupt } from './interrupt.js';

interface RunFlags {
  out?: string;
  config?: string;
  describer?: string;
  model?: string;
  baseUrl?: string[];
  apiKeyEnv?: string;
  prompt?: string;
  promptFile?: string;
  embedder?: string;
  embeddingModel?: string;
  reduce?: string;
  minClusterSize?: number[];
  minSamples?: number;
  selection?: string;
  clusterer?: string;
  seed?: number;
  maxFileMb?: number;
  maxMegapixels?: number;
  quiet?: boolean;
}

export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .summary('describe, embed, reduce and cluster a folder or manifest of images, and write the report')
    .description(
      `Runs the whole pipeline: every image is opened and checked, described by a vision-language model
(or read from reference descriptions), the descriptions are embedded, reduced (UMAP) and clustered
(HDBSCAN) once per minimum cluster size, and each cluster is summarised by keywords and its most
typical images. Everything expensive is cached in DIR/connote.sqlite: run the same command again
and only what changed is recomputed; a crash or Ctrl-C loses nothing already described.

INPUT is a folder of images (searched recursively), a CSV manifest (columns id, path or file, and
any metadata), or a folder with a connote.config.json (like examples/climate-demo).`,
    )
    .argument('<input>', 'folder of images, CSV manifest, or example folder')
    .option('-o, --out <dir>', 'project folder for the store and outputs (default: ./connote-out)')
    .option('-c, --config <file>', 'JSON config file (default: connote.config.json inside INPUT, if any)')
    .option('--describer <name>', `who writes the descriptions: ${describers.names().join(', ')}`)
    .option('--model <name>', "the describer's model, e.g. gpt-4o, llava, qwen2.5vl")
    .option('--base-url <url>', 'OpenAI-compatible endpoint (repeat to spread requests over several servers)', collect)
    .option('--prompt <name>', 'built-in prompt: connotative (what the image means, default) or denotative (what it shows)')
    .option('--prompt-file <file>', 'your own prompt, as a text file')
    .option('--embedder <name>', `how descriptions become vectors: ${embedders.names().join(', ')}`)
    .option('--embedding-model <name>', "the embedder's model (e.g. Xenova/all-MiniLM-L6-v2, text-embedding-3-small)")
    .option('--reduce <name>', `reduction before clustering: ${reducers.names().join(', ')}`)
    .option(
      '--min-cluster-size <sizes>',
      'comma-separated minimum cluster sizes, one clustering each (larger: fewer, bigger clusters)',
      parseIntegerList,
    )
    .option('--min-samples <n>', 'HDBSCAN min_samples (larger: more points left as noise); default: the min cluster size', parseInteger)
    .option('--selection <method>', 'HDBSCAN cluster selection: eom (default, larger clusters) or leaf (smaller, homogeneous clusters)')
    .option('--clusterer <name>', 'clustering algorithm (hdbscan, or kmeans with a config setting k)')
    .option('--seed <n>', 'random seed recorded in run.json (default 42)', parseInteger)
    .option('--max-file-mb <n>', 'skip files larger than this (default 64)', parseNumber)
    .option('--max-megapixels <n>', 'skip images with more pixels than this (default 100)', parseNumber)
    .option('-q, --quiet', 'only print warnings, errors and the summary')
    .addHelpText(
      'after',
      `
Examples:
  connote run examples/climate-demo --out out/demo             # the bundled example, offline
  connote run photos/ --out study --describer openai --model gpt-4o --embedder minilm
  connote run photos/ --out study --describer openai --base-url http://localhost:11434/v1 --model llava
  connote run manifest.csv --out study --min-cluster-size 50,100,200

Outputs in --out: report.html, assignments.csv, clusters.csv, clusters.json, run.json, connote.sqlite.`,
    )
    .action(async (input: string, flags: RunFlags) => {
      const describerSettings = defined({ model: flags.model, baseUrls: flags.baseUrl });
      const options: RunOptions & { config?: string } = defined({
        input,
        out: flags.out,
        config: flags.config,
        seed: flags.seed,
        prompt: flags.prompt,
        promptFile: flags.promptFile,
        describer:
          flags.describer || Object.keys(describerSettings).length > 0 ? { ...defined({ name: flags.describer }), ...describerSettings } : undefined,
        embedder: flags.embedder || flags.embeddingModel ? defined({ name: flags.embedder, model: flags.embeddingModel }) : undefined,
        reduce: flags.reduce,
        minClusterSizes: flags.minClusterSize,
        cluster:
          flags.clusterer || flags.minSamples !== undefined || flags.selection
            ? defined({ name: flags.clusterer, minSamples: flags.minSamples, clusterSelectionMethod: flags.selection })
            : undefined,
        limits:
          flags.maxFileMb !== undefined || flags.maxMegapixels !== undefined
            ? defined({
                maxBytes: flags.maxFileMb !== undefined ? flags.maxFileMb * 2 ** 20 : undefined,
                maxPixels: flags.maxMegapixels !== undefined ? flags.maxMegapixels * 1e6 : undefined,
              })
            : undefined,
      });
      const config = resolveRunConfig(options);
      const terminal = new TerminalProgress(process.stderr, flags.quiet);
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
