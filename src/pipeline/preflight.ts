import './ocr-describer.js';
import { existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { clusterers } from '../cluster/index.js';
import { describers, resolvePrompt, type Prompt } from '../describe/index.js';
import { imageHashers } from '../duplicates/index.js';
import { textReaders } from '../ocr/index.js';
import { embedders } from '../embed/index.js';
import { imageFeatureExtractors } from '../image-features/index.js';
import { IMAGE_EXTENSIONS, sourceFor } from '../ingest/index.js';
import { labelers } from '../labels/index.js';
import { reducers } from '../reduce/index.js';
import type { ProbeContext, Registry } from '../util/registry.js';
import type { RunConfig } from './config.js';
import { createLabeler, labelerSettings } from './curate/label.js';
import { PreflightError, problemLines } from './problems.js';

export type PreflightCommand = 'run' | 'dry-run' | 'evaluate';

export interface PreflightOptions {
  readonly command: PreflightCommand;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

type Settings = Readonly<Record<string, unknown>>;

/** One stage as configured: which registry, which implementation, with which settings. */
interface StageCheck {
  /** Prefix for its problems where the stage's own name would be ambiguous (reduce and layout share reducers). */
  readonly label: string;
  readonly registry: Registry<unknown>;
  readonly name: string;
  readonly settings: Settings;
  /** Builds (and releases) the stage, to catch what only its factory checks; only cheap factories. */
  readonly construct?: (settings: Settings) => Promise<void>;
}

/**
 * Everything that would make a run fail after money was spent, checked before anything is
 * ingested, described or written: every stage's name and settings against its schema (without
 * constructing anything), then the cheap stages constructed, the models they need probed (cache
 * or Hub, never loaded), the API key of a paid service, the output folder, and whether the
 * input has enough images for the chosen reducer and clusterer. Returns one line per problem.
 */
export async function preflight(config: RunConfig, options: PreflightOptions): Promise<string[]> {
  const env = options.env ?? process.env;
  const context: ProbeContext = { baseDir: config.baseDir, env, sends: options.command !== 'dry-run' };
  const problems: string[] = [...checkOutputFolder(config.out)];
  const prompt = checkPrompt(config, problems);
  for (const stage of stageChecks(config, prompt, options.command)) problems.push(...(await checkStage(stage, context)));
  if (options.command === 'evaluate') problems.push(...checkCodingFiles(config));
  if (config.ocr && config.describer.name === 'ocr') problems.push("--ocr with --describer ocr would append the image's text to itself: use one of them");
  problems.push(...(await checkCorpusSize(config)));
  const unique = [...new Set(problems)];
  if (unique.length === 0) passed.set(config, new Set([...(passed.get(config) ?? []), options.command]));
  return unique;
}

const passed = new WeakMap<RunConfig, Set<PreflightCommand>>();

/** Throws a PreflightError listing every problem; a configuration that passed once is not probed again. */
export async function assertPreflight(config: RunConfig, options: PreflightOptions): Promise<void> {
  if (passed.get(config)?.has(options.command)) return;
  const problems = await preflight(config, options);
  if (problems.length > 0) throw new PreflightError(problems);
}

function stageChecks(config: RunConfig, prompt: Prompt | undefined, command: PreflightCommand): StageCheck[] {
  const { baseDir } = config;
  const reduceSettings = (choice: RunConfig['reduce']): Settings => {
    const { name: _name, ...rest } = choice;
    return { ...rest, seed: config.seed };
  };
  const checks: StageCheck[] = [
    {
      label: '',
      registry: describers as Registry<unknown>,
      name: config.describer.name,
      settings: config.describer.settings,
      // Without a valid prompt the describer cannot be built; the prompt's problem is reported.
      construct: prompt
        ? async (settings) => {
            const describer = describers.get(config.describer.name).create({ prompt, baseDir, settings });
            await describer.close?.();
          }
        : undefined,
    },
    {
      label: '',
      registry: embedders as Registry<unknown>,
      name: config.embedder.name,
      settings: config.embedder.settings,
      construct: async (settings) => {
        await embedders.get(config.embedder.name).create({ baseDir, settings }).close?.();
      },
    },
    ...(['reduce', 'layout'] as const).map(
      (key): StageCheck => ({
        label: `${key}: `,
        registry: reducers as Registry<unknown>,
        name: config[key].name,
        settings: reduceSettings(config[key]),
        construct: async (settings) => {
          reducers.get(config[key].name).create(settings as never);
        },
      }),
    ),
    ...config.cluster.minClusterSizes.map(
      (minClusterSize): StageCheck => ({
        label: '',
        registry: clusterers as Registry<unknown>,
        name: config.cluster.name,
        settings: { ...config.cluster.settings, minClusterSize },
        construct: async (settings) => {
          clusterers.get(config.cluster.name).create(settings as never);
        },
      }),
    ),
  ];
  if (config.labels.enabled) {
    checks.push({
      label: 'labels: ',
      registry: labelers as Registry<unknown>,
      name: config.labels.labeler.name,
      settings: labelerSettings(config.labels, config.describer),
      construct: async () => void createLabeler(config.labels, baseDir, config.describer),
    });
  }
  if (config.nearDuplicates) {
    const { hash } = config.nearDuplicates;
    checks.push({ label: 'near-duplicates: ', registry: imageHashers as Registry<unknown>, name: hash, settings: {}, construct: async () => void imageHashers.get(hash).create({ settings: {} }) });
  }
  if (config.ocr) {
    checks.push({ label: 'ocr: ', registry: textReaders as Registry<unknown>, name: config.ocr.name, settings: config.ocr.settings });
  }
  // The CNN baseline is only validated and probed: building the onnx extractor hashes its model file.
  if (command === 'evaluate') {
    const choice = config.evaluation.imageFeatures;
    checks.push({ label: 'evaluation.imageFeatures: ', registry: imageFeatureExtractors as Registry<unknown>, name: choice.name, settings: choice.settings });
  }
  return checks;
}

async function checkStage(stage: StageCheck, context: ProbeContext): Promise<string[]> {
  const label = (lines: string[]): string[] => lines.map((line) => `${stage.label}${line}`);
  const invalid = stage.registry.validate(stage.name, stage.settings);
  if (invalid.length > 0) return label(invalid);
  const entry = stage.registry.get(stage.name);
  try {
    await stage.construct?.(stage.settings);
  } catch (error) {
    return label(problemLines(error));
  }
  if (!entry.probe) return [];
  try {
    return label(await entry.probe(stage.settings, context));
  } catch (error) {
    return label(problemLines(error));
  }
}

function checkPrompt(config: RunConfig, problems: string[]): Prompt | undefined {
  try {
    return resolvePrompt({ prompt: config.prompt.name, promptFile: config.prompt.file, criterion: config.prompt.criterion });
  } catch (error) {
    problems.push(...problemLines(error));
    return undefined;
  }
}

/** The project folder must be a folder, or creatable as one. */
function checkOutputFolder(out: string): string[] {
  if (existsSync(out)) {
    return statSync(out).isDirectory() ? [] : [`--out ${out} is a file; it must be a folder (the project folder for the store and every output)`];
  }
  let parent = dirname(out);
  while (!existsSync(parent) && dirname(parent) !== parent) parent = dirname(parent);
  return existsSync(parent) && !statSync(parent).isDirectory() ? [`--out ${out} cannot be created: ${parent} is a file`] : [];
}

function checkCodingFiles(config: RunConfig): string[] {
  const problems: string[] = [];
  const { pairs, ratings } = config.evaluation;
  if (!pairs || !ratings) {
    problems.push('connote evaluate needs coded pairs and ratings: pass --pairs pairs.csv --ratings ratings.csv (or set evaluation.pairs/ratings in the config)');
  }
  for (const [option, path] of [['--pairs', pairs], ['--ratings', ratings]] as const) {
    if (path && !existsSync(path)) problems.push(`${option} ${path} does not exist`);
  }
  return problems;
}

/**
 * Lists the input (cheap: no file is opened) and compares the number of images with what the
 * reducers and the clusterer need. Items are an upper bound on distinct images, so a corpus
 * reported too small is too small for certain.
 */
async function checkCorpusSize(config: RunConfig): Promise<string[]> {
  let items: number;
  try {
    items = (await sourceFor(config.input).list()).entries.length;
  } catch (error) {
    return problemLines(error);
  }
  if (items === 0) {
    return [`input ${config.input} has no images (looked for ${[...IMAGE_EXTENSIONS].join(', ')})`];
  }
  const problems: string[] = [];
  const needs: Array<[string, Registry<unknown>, string, Settings]> = [
    ['reduce', reducers as Registry<unknown>, config.reduce.name, { ...config.reduce }],
    ['layout', reducers as Registry<unknown>, config.layout.name, { ...config.layout }],
    ['cluster', clusterers as Registry<unknown>, config.cluster.name, config.cluster.settings],
  ];
  for (const [key, registry, name, settings] of needs) {
    const minimum = registry.has(name) ? registry.get(name).minimumRows?.(settings) : undefined;
    if (minimum && items < minimum.rows) {
      problems.push(`${key}: ${minimum.reason}; the input ${config.input} has ${items} image${items === 1 ? '' : 's'}`);
    }
  }
  return problems;
}
