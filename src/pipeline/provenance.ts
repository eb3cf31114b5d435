import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { countByLabel } from '../cluster/counts.js';
import type { FeatureAnalysis } from '../types/analysis.js';
import { sha256 } from '../util/hash.js';
import { redactSecrets, secretValues } from '../util/secrets.js';
import type { RunConfig } from './config.js';
import type { RunSession } from './session.js';
import type { Corpus } from './steps/describe.js';

/** connote's own version, read from its package.json (works from src/ under tsx and from dist/). */
export function connoteVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'connote' && pkg.version) return pkg.version;
    } catch {
      // not here; look one folder up
    }
    dir = dirname(dir);
  }
  return 'unknown';
}

/** Versions of the libraries whose behaviour can change results. */
export function libraryVersions(names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    for (const name of names) {
      if (out[name]) continue;
      try {
        const pkg = JSON.parse(readFileSync(join(dir, 'node_modules', name, 'package.json'), 'utf8')) as { version?: string };
        if (pkg.version) out[name] = pkg.version;
      } catch {
        // not installed at this level
      }
    }
    dir = dirname(dir);
  }
  return out;
}

export function runId(date = new Date()): string {
  const stamp = date.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  // From the operating system's generator: a run id never draws from a seeded stream.
  return `${stamp}-${randomBytes(2).toString('hex')}`;
}

/**
 * The configuration as provenance may record it: every API key replaced by where it came from
 * (`apiKey: "<from config file /study/connote.config.json>"`), every base URL without its user,
 * password or secret query values, and any secret left inside other text cut out. run.json, the
 * store's runs table and the report all record this, never the configuration itself.
 */
export function redactConfig(config: RunConfig): RunConfig {
  const secrets = secretValues(config);
  const stage = <T extends { readonly settings: Readonly<Record<string, unknown>> }>(choice: T, key: string): T => ({
    ...choice,
    settings: redactSecrets(choice.settings, `<from ${config.secretsFrom[key] ?? 'the settings'}>`, secrets),
  });
  return redactSecrets({ ...config, describer: stage(config.describer, 'describer'), embedder: stage(config.embedder, 'embedder') }, '<redacted>', secrets);
}

/** The provenance common to every command: versions, configuration, prompt, input and usage. */
export function baseProvenance(session: RunSession, config: RunConfig, corpus: Corpus): Record<string, unknown> {
  return {
    connote: connoteVersion(),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    libraries: libraryVersions(['@huggingface/transformers', 'onnxruntime-node', 'openai', 'sharp', 'better-sqlite3', '@tensorflow/tfjs', 'tesseract.js']),
    runId: session.runId,
    startedAt: session.store.runs.get(session.runId)?.startedAt,
    config: redactConfig(config),
    seed: config.seed,
    prompt: { name: corpus.prompt.name, version: corpus.prompt.version, sha256: corpus.prompt.hash, text: corpus.prompt.text },
    describer: corpus.describer,
    ocr: corpus.ocr,
    nearDuplicates: nearDuplicateProvenance(corpus),
    input: {
      location: corpus.source.location,
      kind: corpus.source.name,
      items: corpus.ingested.items.length,
      distinctImages: corpus.ingested.images.length,
      // One hash over every (id, image hash) pair: two runs on the same corpus share it.
      corpusSha256: sha256(corpus.ingested.items.map((item) => `${item.id}\t${item.hash}`).join('\n')),
    },
    usage: corpus.descriptions.usage,
    // Fallbacks and adjustments (a small corpus, a reference text kept per item), as the run warned of them.
    notes: session.notes,
  };
}

/** What `--near-duplicates` did, for run.json: the hash and its version, the distance, the mode, the counts. */
function nearDuplicateProvenance(corpus: Corpus): Record<string, unknown> | null {
  const step = corpus.nearDuplicates;
  if (!step) return null;
  const { found } = step;
  return {
    hash: found.hasher,
    maxDistance: found.maxDistance,
    analysis: step.config.analysis,
    groups: found.groups.length,
    imagesInGroups: found.groups.reduce((sum, g) => sum + g.members.length, 0),
    itemsInGroups: step.summaries.reduce((sum, g) => sum + g.size, 0),
    notDescribed: step.config.analysis === 'representative' ? step.representativeOf.size : 0,
    hashed: { cached: found.cached, computed: found.computed, failed: found.failures.length, seconds: found.seconds },
    groupingId: step.groupingId,
  };
}

/** Noise counted over items (a duplicated image counts once per item). */
export function noiseItems(labels: Int32Array, corpus: Corpus): number {
  return countByLabel(labels, (row) => corpus.rows[row].itemIds.length).get(-1) ?? 0;
}

/** Per clustering: its size, clusters and noise items, as summaries and run.json report them. */
export function clusteringCounts(analysis: FeatureAnalysis, corpus: Corpus) {
  return analysis.clusterings.map((c) => ({
    minClusterSize: c.minClusterSize,
    clusters: c.result.nClusters,
    noise: noiseItems(c.result.labels, corpus),
  }));
}
