import { readFile } from 'node:fs/promises';
import type { Store } from '../store/index.js';
import type { StageContext } from '../types/context.js';
import { groupHashes } from './group.js';
import { hasherSignature, type ImageHasher, type ImageHasherSignature } from './types.js';

/** One distinct image to hash: its content hash (the store's key), its file, and its size in pixels (to choose representatives). */
export interface HashRequest {
  readonly imageHash: string;
  readonly path: string;
  readonly width?: number;
  readonly height?: number;
}

export interface ImageHashes {
  /** Each image's perceptual hash, by image hash. */
  readonly hashes: ReadonlyMap<string, bigint>;
  readonly cached: number;
  readonly computed: number;
  /** Images neither the thumbnail nor the file of which could be decoded; they are left out of every group. */
  readonly failures: ReadonlyArray<{ readonly imageHash: string; readonly path: string; readonly message: string }>;
  readonly seconds: number;
}

/** Images hashed at once (sharp decodes and scales on libuv's thread pool). */
const CONCURRENCY = 4;
/** Hashes committed together: one transaction per this many. */
const COMMIT_EVERY = 256;

/**
 * The perceptual hash of every image once: from its stored thumbnail (256 px, as ingest made it;
 * both hashes scale far below that) or, without one, its file. Cached in the store by image
 * hash, algorithm and version, so a second run hashes nothing.
 */
export async function hashImages(requests: readonly HashRequest[], hasher: ImageHasher, store: Store, ctx: StageContext): Promise<ImageHashes> {
  const started = performance.now();
  const key = { algorithm: hasher.name, version: hasher.version };
  const cachedHashes = store.imageHashes.getMany(requests.map((r) => r.imageHash), key);
  const hashes = new Map<string, bigint>(cachedHashes);
  const pending = [...new Map(requests.filter((r) => !hashes.has(r.imageHash)).map((r) => [r.imageHash, r])).values()];
  const failures: Array<{ imageHash: string; path: string; message: string }> = [];
  if (pending.length > 0) {
    const task = ctx.progress.start(`hashing (${hasher.name})`, pending.length, 'images');
    let unsaved: Array<{ imageHash: string; value: bigint }> = [];
    const flush = (): void => {
      store.imageHashes.putMany(unsaved, { ...key, bits: hasher.bits });
      unsaved = [];
    };
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < pending.length && !ctx.signal.aborted) {
        const request = pending[next++];
        try {
          const source = store.images.thumbnail(request.imageHash)?.data ?? (await readFile(request.path));
          const value = await hasher.hash(source);
          hashes.set(request.imageHash, value);
          unsaved.push({ imageHash: request.imageHash, value });
          if (unsaved.length >= COMMIT_EVERY) flush();
        } catch (error) {
          failures.push({ imageHash: request.imageHash, path: request.path, message: (error as Error).message });
        }
        task.tick();
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(CONCURRENCY, pending.length) }, worker));
    } finally {
      flush();
      task.done();
    }
  }
  // In the order of the requests, whatever order the hashing finished in.
  const ordered = new Map<string, bigint>();
  for (const r of requests) {
    const value = hashes.get(r.imageHash);
    if (value !== undefined) ordered.set(r.imageHash, value);
  }
  return { hashes: ordered, cached: cachedHashes.size, computed: hashes.size - cachedHashes.size, failures, seconds: (performance.now() - started) / 1000 };
}

/** A group of near-identical images, by image hash. */
export interface ImageGroup {
  readonly id: number;
  readonly representative: string;
  /** Every member (the representative too) in input order, with its Hamming distance to the representative. */
  readonly members: ReadonlyArray<{ readonly imageHash: string; readonly distance: number }>;
}

export interface NearDuplicates extends Omit<ImageHashes, 'hashes'> {
  readonly hasher: ImageHasherSignature;
  readonly maxDistance: number;
  readonly groups: readonly ImageGroup[];
  readonly hashes: ReadonlyMap<string, bigint>;
}

/**
 * Which of two images stands for their group: the one with more pixels (reposts are mostly
 * scaled down, and the describer sees most in the largest), then the earlier in the input. File
 * size is no guide: a PNG re-encoding of a JPEG is larger and no better.
 */
export function preferLargest(requests: readonly HashRequest[]): (a: number, b: number) => number {
  return (a, b) => {
    const pixels = (r: HashRequest) => (r.width ?? 0) * (r.height ?? 0);
    return pixels(requests[b]) - pixels(requests[a]) || a - b;
  };
}

/**
 * Hashes every image (cached) and groups those within `maxDistance` bits of each other,
 * transitively (see `groupHashes`). `requests` are distinct images in input order: group ids
 * follow it, and the representative is the largest image (`preferLargest`).
 */
export async function findNearDuplicates(
  requests: readonly HashRequest[],
  hasher: ImageHasher,
  store: Store,
  ctx: StageContext,
  options: { readonly maxDistance: number },
): Promise<NearDuplicates> {
  const hashed = await hashImages(requests, hasher, store, ctx);
  const kept = requests.filter((r) => hashed.hashes.has(r.imageHash));
  const groups = groupHashes(
    kept.map((r) => hashed.hashes.get(r.imageHash) as bigint),
    { maxDistance: options.maxDistance, prefer: preferLargest(kept) },
  ).map((group) => ({
    id: group.id,
    representative: kept[group.representative].imageHash,
    members: group.members.map((m, i) => ({ imageHash: kept[m].imageHash, distance: group.distances[i] })),
  }));
  return { ...hashed, hasher: hasherSignature(hasher), maxDistance: options.maxDistance, groups };
}
