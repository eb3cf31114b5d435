import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { io } from '@tensorflow/tfjs-core';
import { ModelUnavailableError } from '../../types/errors.js';

const require = createRequire(import.meta.url);

/** Where nsfwjs keeps its bundled models on disk, and which version it is (for the signature). */
export interface NsfwjsPackage {
  readonly version: string;
  readonly modelsDir: string;
}

/**
 * Locates the installed nsfwjs package. Its `exports` map hides package.json and the model
 * folders, so we resolve the CommonJS entry (`dist/cjs/index.js`) and walk up from it.
 */
export function locateNsfwjs(): NsfwjsPackage {
  let entry: string;
  try {
    entry = require.resolve('nsfwjs');
  } catch (cause) {
    throw new ModelUnavailableError('the tfjs image extractor needs the npm package nsfwjs (its bundled CNN weights); run npm install', { cause });
  }
  const distDir = path.resolve(path.dirname(entry), '..');
  const packageJson = JSON.parse(readFileSync(path.join(distDir, '..', 'package.json'), 'utf8')) as { version?: string };
  return { version: packageJson.version ?? 'unknown', modelsDir: path.join(distDir, 'models') };
}

/** The model.json content: a Keras topology plus the list of weight shards and their tensors. */
interface ModelJson {
  readonly modelTopology: Record<string, unknown>;
  readonly weightsManifest: ReadonlyArray<{ readonly paths: readonly string[]; readonly weights: io.WeightsManifestEntry[] }>;
}

/**
 * nsfwjs stores model.json and each weight shard as a CommonJS module (`model.min.js` exports
 * the JSON object, `group1-shardNofM.min.js` exports the shard as base64), so that bundlers can
 * pack them. We load those modules from disk, the way nsfwjs itself does, and drop them from
 * the require cache afterwards so the base64 text does not stay in memory.
 */
function loadBundledModule(file: string): unknown {
  if (!existsSync(file)) {
    throw new ModelUnavailableError(`bundled model file ${file} is missing; reinstall nsfwjs (npm ci)`);
  }
  try {
    return require(file) as unknown;
  } finally {
    delete require.cache[file];
  }
}

/** Reads a bundled model's topology and weights from disk: no URL, no network. */
export function readBundledModel(modelsDir: string, directory: string): io.ModelArtifacts {
  const modelDir = path.join(modelsDir, directory);
  const modelJson = loadBundledModule(path.join(modelDir, 'model.min.js')) as ModelJson;
  if (!modelJson?.modelTopology || !Array.isArray(modelJson.weightsManifest)) {
    throw new ModelUnavailableError(`${path.join(modelDir, 'model.min.js')} is not a TensorFlow.js model.json bundle`);
  }
  const shards: Buffer[] = [];
  const weightSpecs: io.WeightsManifestEntry[] = [];
  for (const group of modelJson.weightsManifest) {
    for (const shardPath of group.paths) {
      const file = path.join(modelDir, `${shardPath}.min.js`);
      const base64 = loadBundledModule(file);
      if (typeof base64 !== 'string') throw new ModelUnavailableError(`${file} does not hold a base64 weight shard`);
      shards.push(Buffer.from(base64, 'base64'));
    }
    weightSpecs.push(...group.weights);
  }
  const weights = Buffer.concat(shards);
  return {
    modelTopology: modelJson.modelTopology,
    weightSpecs,
    // A fresh ArrayBuffer holding exactly the weight bytes (Buffer.concat may share a pool).
    weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
  };
}

/** An IOHandler for tf.loadLayersModel that serves the artifacts read from the package. */
export function bundledModelHandler(artifacts: io.ModelArtifacts): io.IOHandler {
  return { load: async () => artifacts };
}
