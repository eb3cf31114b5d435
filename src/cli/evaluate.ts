import type { Command } from 'commander';
import { runEvaluation, type EvaluationSummary } from '../evaluate/study/run.js';
import { imageFeatureExtractors } from '../image-features/index.js';
import { DEFAULTS } from '../pipeline/config.js';
import { defined, parseInteger, parseSettings, prose } from './options.js';
import { formatDuration, TerminalProgress } from './progress.js';
import { withInterrupt } from './interrupt.js';
import { checkedConfig } from './checked-config.js';
import { addPipelineOptions, pipelineOptions, type PipelineFlags } from './run-options.js';

interface EvaluateFlags extends PipelineFlags {
  pairs?: string;
  ratings?: string;
  imageFeatures?: string;
  imageFeaturesSettings?: Record<string, unknown>;
  noise?: 'different' | 'drop';
  replicates?: number;
  alphaLevel?: 'nominal' | 'ordinal' | 'interval' | 'ratio';
}

/** `--image-features onnx:/path/vgg16.onnx` -> the onnx extractor with that model file. */
export function imageFeaturesChoice(value: string | undefined): { name: string; model?: string } | undefined {
  if (!value) return undefined;
  const colon = value.indexOf(':');
  if (colon > 0 && imageFeatureExtractors.has(value.slice(0, colon))) return { name: value.slice(0, colon), model: value.slice(colon + 1) };
  return { name: value };
}

export function registerEvaluateCommand(program: Command): void {
  const command = program
    .command('evaluate')
    .summary('validate clusterings against coded pairs, and compare with the CNN baseline (the paper’s table)')
    .description(
      prose(`Runs the description pipeline and a CNN baseline (image features from the pixels, through the same
reduce and cluster steps) over every minimum cluster size, then scores every clustering against
human-coded image pairs: Grimmer & King cluster quality on denotative and connotative similarity,
with bootstrap intervals, the noise share beside it, the paired difference between the methods,
and the coders' agreement (Krippendorff's alpha, Cohen's or Fleiss' kappa).

Writes evaluation.md (the table), evaluation.csv, charts/quality-*.svg, report.html and
image-features-report.html, and evaluation-run.json (provenance).`),
    )
    .argument('<input>', 'folder of images, CSV manifest, or example folder (examples/climate-demo ships pairs and ratings)');
  addPipelineOptions(command)
    .option('--pairs <file>', 'coded pairs CSV: pair_id,image_a,image_b (default: the config file\'s evaluation.pairs)')
    .option('--ratings <file>', 'ratings CSV: pair_id,coder,denotative,connotative; 1 unrelated, 2 loosely, 3 closely related (default: the config file\'s evaluation.ratings)')
    .option('--image-features <name>', `CNN baseline: ${imageFeatureExtractors.names().join(', ')}, or onnx:/path/model.onnx (default: ${DEFAULTS.imageFeatures})`)
    .option('--image-features-settings <settings>', 'CNN baseline settings (e.g. layer=fc1,batchSize=8), as key=value,key=value or a JSON object', parseSettings)
    .option('--noise <policy>', "pairs with a noise image: 'different' or 'drop' (default: different)")
    .option('--replicates <n>', `bootstrap resamples for every interval (default: ${DEFAULTS.replicates})`, parseInteger)
    .option('--alpha-level <level>', "Krippendorff's alpha level for the coders: nominal, ordinal, interval, ratio (default: ordinal)")
    .addHelpText(
      'after',
      `
Examples:
  connote evaluate examples/climate-demo --out out/evaluation
  connote evaluate photos/ --out study --pairs pairs.csv --ratings ratings.csv --min-cluster-size 50,100,200
  connote evaluate photos/ --out study --pairs pairs.csv --ratings ratings.csv --image-features onnx:vgg16.onnx`,
    )
    .action(async (input: string, flags: EvaluateFlags) => {
      const chosen = imageFeaturesChoice(flags.imageFeatures);
      const features = flags.imageFeaturesSettings ? { ...flags.imageFeaturesSettings, ...chosen } : chosen;
      const config = await checkedConfig({
        ...pipelineOptions(input, flags),
        evaluation: defined({
          pairs: flags.pairs,
          ratings: flags.ratings,
          imageFeatures: features,
          noise: flags.noise,
          replicates: flags.replicates,
          alphaLevel: flags.alphaLevel,
        }),
      }, 'evaluate');
      const terminal = new TerminalProgress(process.stderr, flags.quiet);
      const summary = await withInterrupt(terminal.logger, (signal) =>
        runEvaluation(config, { logger: terminal.logger, progress: terminal, signal }),
      );
      printEvaluation(summary);
      process.exitCode = summary.status === 'interrupted' ? 130 : 0;
    });
}

function printEvaluation(summary: EvaluationSummary): void {
  const out: string[] = [];
  if (summary.status === 'interrupted' || !summary.study || !summary.paths) {
    out.push('Stopped. Every finished description is saved; run the same command again to resume.');
    process.stdout.write(`${out.join('\n')}\n`);
    return;
  }
  const f = (v: number): string => (Number.isFinite(v) ? v.toFixed(3) : 'undef');
  out.push(`Done in ${formatDuration(summary.seconds)}. ${summary.study.pairs} coded pairs, ${summary.study.ratings} ratings.`);
  for (const [dimension, a] of Object.entries(summary.study.agreement)) {
    out.push(`  coders' alpha (${a.level}), ${dimension}: ${f(a.alpha)} [${f(a.lower)}, ${f(a.upper)}]`);
  }
  out.push('  method            mcs  clusters  noise   CQ denotative           CQ connotative');
  for (const s of summary.study.scored) {
    const d = s.quality.dimensions.denotative;
    const c = s.quality.dimensions.connotative;
    const cell = (q: typeof d): string => (q ? `${f(q.quality)} [${f(q.interval.lower)}, ${f(q.interval.upper)}]` : '');
    out.push(
      `  ${s.method.padEnd(16)} ${String(s.minClusterSize).padStart(4)}  ${String(s.clusters).padStart(8)}  ${(s.quality.noiseShare * 100).toFixed(0).padStart(4)}%   ${cell(d).padEnd(22)}  ${cell(c)}`,
    );
  }
  out.push(`Table: ${summary.paths.markdown}`, `Charts: ${summary.paths.charts.join(', ')}`, `Reports: ${summary.paths.reports.join(', ')}`);
  process.stdout.write(`${out.join('\n')}\n`);
}
