import { existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { defaultModelCacheDir, offlineFromEnvironment } from './cache-dir.js';
import { readSettings, setting, z, type Settings } from '../util/settings.js';

/**
 * Weight precisions transformers.js 4.x can load (the suffix of the ONNX file it picks, e.g.
 * q8 → model_quantized.onnx). @see node_modules/@huggingface/transformers/src/utils/dtypes.js
 */
export const MODEL_DTYPES = [
  'auto', 'fp32', 'fp16', 'q8', 'int8', 'uint8', 'q4', 'bnb4', 'q4f16', 'q2', 'q2f16', 'q1', 'q1f16',
] as const;
export type ModelDtype = (typeof MODEL_DTYPES)[number];
/** One precision for every ONNX file of a model, or one per file (e.g. `{ decoder_model_merged: 'q4' }`). */
export type DtypeSetting = ModelDtype | Readonly<Record<string, ModelDtype>>;

/** Where a model's files come from and how they may be fetched. */
export interface ModelSource {
  /** A Hugging Face model id (`Xenova/all-MiniLM-L6-v2`) or an absolute folder path. */
  readonly model: string;
  readonly isFolder: boolean;
  /** Git revision on the Hub (branch, tag or commit); ignored for folders. */
  readonly revision: string;
  readonly dtype: DtypeSetting;
  /** No downloads: a hub model must already be in `cacheDir` or under `localModelPath`. */
  readonly offline: boolean;
  /** Downloaded files go to `<cacheDir>/<owner>/<name>/...`. */
  readonly cacheDir: string;
  /** A folder holding `<owner>/<name>/` model folders, searched before the Hub. */
  readonly localModelPath: string;
  /** ONNX Runtime intra-op threads; unset lets ONNX Runtime decide. */
  readonly threads?: number;
}

export interface ModelDefaults {
  readonly model: string;
  readonly dtype: DtypeSetting;
}

/** Same pattern transformers.js uses to tell a Hub id from a path. @see src/utils/hub/constants.js */
const HUB_ID = /^(\b[\w\-.]+\b\/)?\b[\w\-.]{1,96}\b$/;

const DTYPE_CHOICE = z.enum(MODEL_DTYPES, { error: `one of ${MODEL_DTYPES.join(', ')}` });

/**
 * The settings every in-process model shares: `model`, `revision`, `dtype` (one precision, or one
 * per ONNX file), `offline`, `cacheDir`, `localModelPath`, `threads`. Stage schemas spread these.
 */
export const MODEL_SOURCE_SETTINGS = {
  model: setting.string(),
  revision: setting.string(),
  dtype: z.preprocess(
    (value) => (value === null ? undefined : value),
    z.union([DTYPE_CHOICE, z.record(z.string(), DTYPE_CHOICE)], { error: `one of ${MODEL_DTYPES.join(', ')}, or { file: dtype }` }).optional(),
  ),
  offline: setting.boolean(),
  cacheDir: setting.string(),
  localModelPath: setting.string(),
  threads: setting.integer({ min: 1 }),
};
const MODEL_SOURCE_OBJECT = z.object(MODEL_SOURCE_SETTINGS);
export type ModelSourceSettings = z.output<typeof MODEL_SOURCE_OBJECT>;

/** Reads only the model-source settings of `settings` (other keys are the caller's). */
export function readModelSource(
  settings: Settings,
  baseDir: string,
  where: string,
  defaults: ModelDefaults,
  environment: NodeJS.ProcessEnv = process.env,
): ModelSource {
  return modelSource(readSettings(where, MODEL_SOURCE_OBJECT, settings), baseDir, where, defaults, environment);
}

/** Where a model comes from, from validated settings. Relative folders resolve against `baseDir`. */
export function modelSource(
  values: ModelSourceSettings,
  baseDir: string,
  where: string,
  defaults: ModelDefaults,
  environment: NodeJS.ProcessEnv = process.env,
): ModelSource {
  const requested = values.model ?? defaults.model;
  const folder = folderOf(requested, baseDir);
  if (!folder && !isHubId(requested)) {
    throw new Error(
      `${where}: model '${requested}' is neither an existing folder nor a Hugging Face model id (owner/name)`,
    );
  }
  const cacheDir = values.cacheDir !== undefined ? expandHome(values.cacheDir, baseDir) : defaultModelCacheDir(environment);
  return {
    model: folder ?? requested,
    isFolder: folder !== undefined,
    revision: values.revision ?? 'main',
    dtype: (values.dtype as DtypeSetting | undefined) ?? defaults.dtype,
    offline: values.offline ?? offlineFromEnvironment(environment),
    cacheDir,
    localModelPath: values.localModelPath !== undefined ? expandHome(values.localModelPath, baseDir) : cacheDir,
    ...(values.threads === undefined ? {} : { threads: values.threads }),
  };
}

/** What identifies the weights in a signature: the id and revision, or the folder. */
export function modelIdentity(source: ModelSource): { model: string; revision?: string } {
  return source.isFolder ? { model: source.model } : { model: source.model, revision: source.revision };
}

export function isHubId(value: string): boolean {
  return HUB_ID.test(value) && !value.includes('..') && !value.includes('--');
}

function folderOf(value: string, baseDir: string): string | undefined {
  const looksLikePath =
    isAbsolute(value) || value.startsWith('./') || value.startsWith('../') || value.startsWith('~/') || value === '.';
  const path = expandHome(value, baseDir);
  if (looksLikePath) return path;
  // `owner/name` is also a valid relative path: an existing folder wins over the Hub.
  return existsSync(path) && statSync(path).isDirectory() ? path : undefined;
}

function expandHome(value: string, baseDir: string): string {
  return value.startsWith('~/') ? join(homedir(), value.slice(2)) : resolve(baseDir, value);
}
