import { existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { defaultModelCacheDir, offlineFromEnvironment } from './cache-dir.js';
import { readBoolean, readPositiveInteger, readString, type Settings } from './settings.js';

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

/**
 * Reads the settings every in-process model shares: `model`, `revision`, `dtype`, `offline`,
 * `cacheDir`, `localModelPath`, `threads`. Relative folders resolve against `baseDir`.
 */
export function readModelSource(
  settings: Settings,
  baseDir: string,
  where: string,
  defaults: ModelDefaults,
  environment: NodeJS.ProcessEnv = process.env,
): ModelSource {
  const requested = readString(settings, 'model', where) ?? defaults.model;
  const folder = folderOf(requested, baseDir);
  if (!folder && !isHubId(requested)) {
    throw new Error(
      `${where}: model '${requested}' is neither an existing folder nor a Hugging Face model id (owner/name)`,
    );
  }
  const cacheDir = pathSetting(settings, 'cacheDir', where, baseDir) ?? defaultModelCacheDir(environment);
  const threads = readPositiveInteger(settings, 'threads', where);
  return {
    model: folder ?? requested,
    isFolder: folder !== undefined,
    revision: readString(settings, 'revision', where) ?? 'main',
    dtype: readDtype(settings, where) ?? defaults.dtype,
    offline: readBoolean(settings, 'offline', where) ?? offlineFromEnvironment(environment),
    cacheDir,
    localModelPath: pathSetting(settings, 'localModelPath', where, baseDir) ?? cacheDir,
    ...(threads === undefined ? {} : { threads }),
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

function pathSetting(settings: Settings, key: string, where: string, baseDir: string): string | undefined {
  const value = readString(settings, key, where);
  return value === undefined ? undefined : expandHome(value, baseDir);
}

function expandHome(value: string, baseDir: string): string {
  return value.startsWith('~/') ? join(homedir(), value.slice(2)) : resolve(baseDir, value);
}

function readDtype(settings: Settings, where: string): DtypeSetting | undefined {
  const value = settings.dtype;
  if (value === undefined || value === null) return undefined;
  const check = (dtype: unknown, label: string): ModelDtype => {
    if (typeof dtype !== 'string' || !(MODEL_DTYPES as readonly string[]).includes(dtype)) {
      throw new Error(`${where}: ${label} must be one of ${MODEL_DTYPES.join(', ')}; got ${JSON.stringify(dtype)}`);
    }
    return dtype as ModelDtype;
  };
  if (typeof value === 'object' && !Array.isArray(value)) {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([file, dtype]) => [file, check(dtype, `setting 'dtype.${file}'`)]),
    );
  }
  return check(value, "setting 'dtype'");
}
