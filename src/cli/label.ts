import type { Command } from 'commander';
import { formatLabelEstimate, labelers, uncachedClusters } from '../labels/index.js';
import type { LabelConfig, StageChoice } from '../pipeline/config.js';
import { createLabeler, labelStoredClustering, storedClustersToName } from '../pipeline/curate/label.js';
import { writeAuditLog, writeStoredClusterTables } from '../report/index.js';
import { openProjectStore } from '../store/index.js';
import { createContext } from '../types/context.js';
import { findClustering, latestRun, runClusterings } from './clusterings.js';
import { withInterrupt } from './interrupt.js';
import { collect, defined, parseInteger, prose } from './options.js';
import { TerminalProgress } from './progress.js';

interface LabelFlags {
  clustering?: string[];
  labeler?: string;
  model?: string;
  baseUrl?: string[];
  concurrency?: number;
  labelPromptFile?: string;
  distinguishPromptFile?: string;
  samples?: number;
  dryRun?: boolean;
  by?: string;
  memo?: string;
  quiet?: boolean;
}

/** The labeling settings: the run's (its config's `labels`), then these flags. */
function labelConfig(runConfig: Record<string, unknown>, flags: LabelFlags): LabelConfig {
  const stored = (runConfig.labels ?? {}) as Partial<LabelConfig>;
  const storedLabeler: StageChoice = stored.labeler ?? { name: 'openai', settings: {} };
  const name = flags.labeler ?? storedLabeler.name;
  const settings = defined({ model: flags.model, baseUrls: flags.baseUrl, concurrency: flags.concurrency });
  return {
    enabled: true,
    labeler: { name, settings: name === storedLabeler.name ? { ...storedLabeler.settings, ...settings } : settings },
    promptFile: flags.labelPromptFile ?? stored.promptFile ?? null,
    distinguishPromptFile: flags.distinguishPromptFile ?? stored.distinguishPromptFile ?? null,
    samples: flags.samples ?? stored.samples ?? 10,
  };
}

export function registerLabelCommand(program: Command): void {
  program
    .command('label')
    .summary('name every cluster: a short name, one sentence and inclusion criteria, written by a chat model')
    .description(
      prose(`Names the clusters of the latest finished run (or of the clusterings given): for each cluster a
chat model reads its keywords and the descriptions of its most typical images and writes a short
name, a one-sentence description and inclusion criteria; a second request renames siblings whose
names came out alike. Any OpenAI-compatible server works (OpenAI, vLLM, Ollama, ...); --labeler
keywords names clusters by their top keywords, offline. Answers are cached in the store by
model, prompt and inputs, so running it again costs nothing. The prompts are text files you can
edit: copy prompts/labels/name.txt and pass --label-prompt-file.

Names go into the store (the web app shows them), into clusters.csv, clusters.json and
clusters.parquet, and can be tested against keywords: connote interpretability create --summaries names.`),
    )
    .argument('<project>', 'project folder (the --out of connote run)')
    .option('--clustering <name>', 'clustering to name, e.g. descriptions/mcs5 (repeat; default: every clustering of the latest run)', collect)
    .option('--labeler <name>', `who writes the names: ${labelers.names().join(', ')} (default openai)`)
    .option('--model <name>', 'chat model, e.g. gpt-4o-mini (default), or the name your server lists')
    .option('--base-url <url>', 'OpenAI-compatible endpoint (repeat to spread requests over several servers)', collect)
    .option('--concurrency <n>', 'requests in flight per endpoint (default 4)', parseInteger)
    .option('--label-prompt-file <file>', 'your naming prompt (placeholders {{keywords}}, {{descriptions}}, {{count}}, {{size}})')
    .option('--distinguish-prompt-file <file>', 'your prompt for renaming alike siblings (placeholders {{clusters}}, {{taken}})')
    .option('--samples <n>', 'descriptions shown per cluster, most typical first (default 10)', parseInteger)
    .option('--dry-run', 'only count the clusters still to name (after the cache) and estimate tokens and cost')
    .option('--by <name>', 'who is naming, for the audit log (default: your user name)')
    .option('--memo <text>', 'why, for the audit log')
    .option('-q, --quiet', 'only print warnings, errors and the summary')
    .addHelpText(
      'after',
      `
Examples:
  connote label study --dry-run                                     # count and cost first
  connote label study --model gpt-4o-mini
  connote label study --base-url http://localhost:11434/v1 --model qwen2.5:7b
  connote label out/climate-demo --labeler keywords                 # offline`,
    )
    .action(async (project: string, flags: LabelFlags) => {
      const store = openProjectStore(project);
      const terminal = new TerminalProgress(process.stderr, flags.quiet);
      try {
        const run = latestRun(store, project);
        const config = labelConfig(run.config, flags);
        const describer = run.config.describer as StageChoice | undefined;
        const clusterings = flags.clustering ? flags.clustering.map((name) => findClustering(store, project, name)) : runClusterings(store, project);
        const labeler = createLabeler(config, process.cwd(), describer);
        try {
          if (flags.dryRun) {
            const all = clusterings.flatMap((c) => storedClustersToName(store, c.id, config.samples));
            const pending = uncachedClusters(all, labeler, store);
            const cached = `${all.length - pending.length} of ${all.length} clusters are named in the cache already (free).`;
            if (!labeler.estimate || pending.length === 0) {
              process.stdout.write(`${cached} ${pending.length} to name with ${labeler.name}${labeler.estimate ? '' : ', which costs nothing'}.\n`);
              return;
            }
            process.stdout.write(`${cached}\n${formatLabelEstimate(labeler.estimate(pending))}\n`);
            return;
          }
          const lines: string[] = [];
          let cost = 0;
          await withInterrupt(terminal.logger, async (signal) => {
            const ctx = createContext({ logger: terminal.logger, progress: terminal, signal });
            for (const clustering of clusterings) {
              const result = await labelStoredClustering(store, clustering.id, labeler, ctx, { samples: config.samples, who: flags.by, memo: flags.memo });
              cost += result.usage.costUsd;
              const fallback = result.failures.length > 0 ? `, ${result.failures.length} named by keywords (asked again next time)` : '';
              lines.push(`${clustering.name}: ${result.names.length} clusters named (${result.requests} requests, ${result.cached} from cache${result.renamed ? `, ${result.renamed} renamed to stay distinct` : ''}${fallback})`);
              for (const n of result.names) lines.push(`  ${String(n.label).padStart(4)}  ${n.name}`);
            }
          });
          const tables = await writeStoredClusterTables(store, run.id, project);
          const audit = await writeAuditLog(store, project);
          lines.push(`Cost: $${cost.toFixed(4)}. Tables: ${tables.filter((t) => t.endsWith('.csv')).join(', ')}; audit: ${audit.csv}`);
          process.stdout.write(`${lines.join('\n')}\n`);
        } finally {
          await labeler.close?.();
        }
      } finally {
        store.close();
      }
    });
}
