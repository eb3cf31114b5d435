import type { StageContext } from '../types/context.js';
import type { ImageRecord, ItemRecord, Store } from '../store/index.js';
import { DEFAULT_LIMITS, inspectImage, type IngestLimits } from './inspect.js';
import type { ImageSource, SourceEntry } from './types.js';

/** One distinct image (by content) and every item that points at it. */
export interface IngestedImage {
  readonly hash: string;
  readonly image: ImageRecord;
  /** The first readable path with these bytes. */
  readonly path: string;
  readonly items: readonly SourceEntry[];
}

export interface IngestResult {
  readonly images: readonly IngestedImage[];
  /** Items in input order, each pointing at an image hash. */
  readonly items: readonly ItemRecord[];
  readonly failures: ReadonlyArray<{ id: string | null; path: string | null; message: string }>;
  /** Images inspected before (their decode and thumbnail were skipped). */
  readonly alreadyKnown: number;
  readonly duplicates: number;
}

/** How many files are read and decoded at once (sharp decodes on libuv's thread pool). */
const CONCURRENCY = 4;

/**
 * Lists the source, opens every file (see `inspectImage`), stores images, thumbnails and items,
 * and groups exact duplicates so that each distinct image is described once. A bad file is
 * reported through `failures` and skipped; the rest continue.
 */
export async function ingest(
  source: ImageSource,
  store: Store,
  ctx: StageContext,
  limits: IngestLimits = DEFAULT_LIMITS,
): Promise<IngestResult> {
  const listing = await source.list();
  const failures: Array<{ id: string | null; path: string | null; message: string }> = listing.problems.map((p) => ({
    ...p,
  }));
  const entries = listing.entries;
  const hashes: Array<string | null> = new Array(entries.length).fill(null);
  const records = new Map<string, ImageRecord>();
  let alreadyKnown = 0;
  const task = ctx.progress.start('Reading images', entries.length, 'images');
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < entries.length) {
      if (ctx.signal.aborted) return;
      const index = next++;
      const entry = entries[index];
      const inspection = await inspectImage(entry.path, limits, (hash) => store.images.getImage(hash));
      if (inspection.ok) {
        hashes[index] = inspection.image.hash;
        if (inspection.thumbnail) store.images.putImage(inspection.image, inspection.thumbnail);
        else if (!records.has(inspection.image.hash)) alreadyKnown++;
        records.set(inspection.image.hash, inspection.image);
      } else {
        failures.push({ id: entry.id, path: entry.path, message: inspection.reason });
        ctx.logger.warn(`skipped ${entry.path}: ${inspection.reason}`);
      }
      task.tick();
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, entries.length) }, worker));
  task.done();

  const byHash = new Map<string, { path: string; items: SourceEntry[] }>();
  const items: ItemRecord[] = [];
  entries.forEach((entry, position) => {
    const hash = hashes[position];
    if (!hash) return;
    const group = byHash.get(hash) ?? { path: entry.path, items: [] };
    group.items.push(entry);
    byHash.set(hash, group);
    items.push({ id: entry.id, hash, path: entry.path, metadata: { ...entry.metadata }, position });
  });
  store.images.putItems(items);
  const images = [...byHash.entries()].map(([hash, group]) => ({
    hash,
    image: records.get(hash) as ImageRecord,
    path: group.path,
    items: group.items,
  }));
  return { images, items, failures, alreadyKnown, duplicates: items.length - images.length };
}
