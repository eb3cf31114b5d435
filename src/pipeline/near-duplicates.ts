import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DEFAULT_MAX_DISTANCE, imageHashers, MAX_NEAR_DUPLICATE_DISTANCE, type ImageHasherSignature } from '../duplicates/index.js';
import { ingest, sourceFor } from '../ingest/index.js';
import { duplicatesCsv, type NearDuplicateGroupSummary } from '../report/index.js';
import { openProjectStore, STORE_FILE, type ItemRecord, type Store } from '../store/index.js';
import { resolveRunConfig } from './config.js';
import { runContext } from './context.js';
import { PreflightError } from './problems.js';
import type { PipelineIO } from './session.js';
import { groupImages, memberRecords } from './steps/duplicates.js';

export interface FindDuplicatesOptions {
  /**
   * A project folder (the `--out` of a run: its images are read from the store), or images: a
   * folder, a CSV manifest, or a folder with a connote.config.json (as `connote run` reads them).
   */
  readonly input: string;
  /**
   * Where duplicates.csv is written; for images also the project folder that caches their
   * thumbnails and hashes (default: the input when it is a project, else ./connote-out).
   */
  readonly out?: string;
  /** `dhash` (default) or `phash`; else the input's config file's `nearDuplicates.hash`. */
  readonly hash?: string;
  /** Default: the config file's, else the hash's DEFAULT_MAX_DISTANCE. */
  readonly maxDistance?: number;
}

export interface FindDuplicatesResult {
  /** The project folder whose store holds the hashes and this grouping. */
  readonly project: string;
  readonly hash: ImageHasherSignature;
  readonly maxDistance: number;
  readonly items: number;
  /** Distinct images hashed. */
  readonly images: number;
  readonly groups: readonly NearDuplicateGroupSummary[];
  readonly cached: number;
  readonly computed: number;
  /** Files that could not be read as images (ingest) or hashed. */
  readonly failures: ReadonlyArray<{ readonly path: string | null; readonly message: string }>;
  /** Where the grouping is kept in the store (`connote serve` shows it at /api/duplicates). */
  readonly groupingId: number;
  readonly csv: string;
  readonly seconds: number;
}

/** Distinct images in item order, as a project's store holds them. */
function storedImages(store: Store, items: readonly ItemRecord[]) {
  const byHash = new Map<string, ItemRecord[]>();
  for (const item of items) byHash.set(item.hash, [...(byHash.get(item.hash) ?? []), item]);
  return [...byHash].flatMap(([hash, own]) => {
    const image = store.images.getImage(hash);
    return image ? [{ hash, path: own[0].path, image, items: own }] : [];
  });
}

function checkHash(hash: string, maxDistance: number): void {
  const problems = imageHashers.validate(hash, {}).map((line) => `--hash: ${line}`);
  if (!Number.isInteger(maxDistance) || maxDistance < 0 || maxDistance > MAX_NEAR_DUPLICATE_DISTANCE) {
    problems.push(`--max-distance must be a whole number from 0 to ${MAX_NEAR_DUPLICATE_DISTANCE}, got ${maxDistance}`);
  }
  if (problems.length > 0) throw new PreflightError(problems);
}

/**
 * `connote duplicates`: the near-duplicate groups of a project or of a folder of images, without
 * describing anything. Images are ingested into the project's store first (checked and
 * thumbnailed, cached as in a run), hashed from their thumbnails (cached), grouped, kept in the
 * store as a grouping of their own, and written to duplicates.csv.
 */
export async function findDuplicates(options: FindDuplicatesOptions, io: PipelineIO): Promise<FindDuplicatesResult> {
  const started = performance.now();
  const input = resolve(options.input);
  const isProject = existsSync(join(input, STORE_FILE));
  const config = isProject ? null : resolveRunConfig({ input, out: options.out, ...(options.hash ? { nearDuplicates: { hash: options.hash } } : {}) });
  const fromConfig = config?.nearDuplicates;
  const hash = options.hash ?? fromConfig?.hash ?? 'dhash';
  const maxDistance = options.maxDistance ?? fromConfig?.maxDistance ?? DEFAULT_MAX_DISTANCE[hash] ?? DEFAULT_MAX_DISTANCE.dhash;
  checkHash(hash, maxDistance);
  const project = isProject ? input : (config?.out as string);
  const store = openProjectStore(project);
  try {
    const ctx = runContext({ seed: 0 }, io, store);
    const failures: Array<{ path: string | null; message: string }> = [];
    let items: readonly ItemRecord[];
    if (config) {
      const ingested = await ingest(sourceFor(config.input), store, ctx, config.limits);
      failures.push(...ingested.failures.map((f) => ({ path: f.path, message: f.message })));
      items = ingested.items;
    } else {
      items = store.images.listItems();
    }
    const images = storedImages(store, items);
    const { found, summaries } = await groupImages(images, { hash, maxDistance }, store, ctx);
    failures.push(...found.failures.map((f) => ({ path: f.path, message: `no perceptual hash: ${f.message}` })));
    const groupingId = store.nearDuplicates.save({
      runId: null,
      algorithm: found.hasher.algorithm,
      version: found.hasher.version,
      maxDistance,
      analysis: null,
      images: found.hashes.size,
      members: memberRecords(summaries, images),
    });
    const out = resolve(options.out ?? project);
    await mkdir(out, { recursive: true });
    const csv = join(out, 'duplicates.csv');
    await writeFile(csv, duplicatesCsv(summaries, items));
    return {
      project,
      hash: found.hasher,
      maxDistance,
      items: items.length,
      images: images.length,
      groups: summaries,
      cached: found.cached,
      computed: found.computed,
      failures,
      groupingId,
      csv,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    store.close();
  }
}
