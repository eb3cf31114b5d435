import type { Command } from 'commander';
import { DEFAULTS } from '../pipeline/config.js';
import { runEvaluation } from '../evaluate/study/run.js';
import { imageFeatureExtractors } from '../image-features/index.js';
import { defined, parseInteger, parseIntegerList, parseSettings, prose } from './options.js';
import { printEvaluation } from './evaluate-print.js';
import { TerminalProgress } from './progress.js';
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
  seeds?: number[];
  alsoEmbedder?: string;
  alsoOcr?: boolean;
  repeats?: number;
  permutations?: number;
  similarityFrom?: string;
  key?: string;
}

/** --seeds 0,1,2 or --repeats 3 (seeds 0..2); not both. */
function seedsOf(flags: EvaluateFlags): number[] | undefined {
  if (flags.seeds && flags.repeats !== undefined) throw new Error('give --seeds or --repeats, not both');
  if (flags.repeats !== undefined) {
    if (flags.repeats < 2) throw new Error(`--repeats needs at least 2, got ${flags.repeats}`);
    return Array.from({ length: flags.repeats }, (_, i) => i);
  }
  for (const seed of flags.seeds ?? []) if (seed < 0) throw new Error(`seeds must be whole numbers >= 0, got ${seed}`);
  return flags.seeds;
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
with bootstrap intervals, the number of clusters and noise share beside it, and a chance baseline
(the clustering's labels permuted: same sizes, same noise) with a permutation p; the paired
difference between the methods, again at matched granularity (both methods clustered with k-means
at the same number of clusters); and the coders' agreement (Krippendorff's alpha, Cohen's or
Fleiss' kappa). With --seeds, reduce and cluster are rerun per seed (descriptions, embeddings and
CNN features from the cache): mean +- sd of every figure and the ARI between seeds.

Writes evaluation.md (the table and a plain-language reading of it), evaluation.csv,
charts/quality-*.svg and charts/matched-*.svg, report.html and image-features-report.html, and
evaluation-run.json (provenance). An old evaluation.md is removed first. Ratings declared as made
by models (<ratings>.coders.json beside the ratings file) are flagged as such in the table.`),
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
    .option('--seeds <list>', 'rerun reduce and cluster at these seeds for stability, e.g. 0,1,2,3,4 (default: the run seed only)', parseIntegerList)
    .option('--repeats <n>', 'the same as --seeds 0,1,...,n-1 (default: the run seed only)', parseInteger)
    .option('--permutations <n>', 'label permutations for each chance baseline (default: 1000)', parseInteger)
    .option('--similarity-from <columns>', 'also score against a rating derived from manifest labels (comma-separated columns; a proxy, not coded pairs) (default: none)')
    .option('--also-ocr', 'also score the descriptions with the text inside each image (OCR, Tesseract) appended, side by side (default: off)')
    .option('--also-embedder <names>', 'also score the descriptions embedded with these embedders (comma-separated, e.g. wordvectors), side by side (default: none)')
    .option('--key <file>', 'blinding key of a pairs file with blind ids (default: the .key.csv beside it)')
    .addHelpText(
      'after',
      `
Examples:
  connote evaluate examples/climate-demo --out out/evaluation
  connote evaluate examples/climate-demo --out out/evaluation --seeds 0,1,2,3,4
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
      const options = defined({
        seeds: seedsOf(flags),
        permutations: flags.permutations,
        similarityFrom: flags.similarityFrom?.split(',').map((c) => c.trim()).filter(Boolean),
        key: flags.key,
        alsoOcr: flags.alsoOcr,
        alsoEmbedders: flags.alsoEmbedder?.split(',').map((name) => name.trim()).filter(Boolean),
      });
      if (options.permutations !== undefined && options.permutations < 19) throw new Error(`--permutations needs at least 19 (p can then reach 0.05), got ${options.permutations}`);
      const summary = await withInterrupt(terminal.logger, (signal) =>
        runEvaluation(config, { logger: terminal.logger, progress: terminal, signal }, options),
      );
      printEvaluation(summary);
      process.exitCode = summary.status === 'interrupted' ? 130 : 0;
    });
}
