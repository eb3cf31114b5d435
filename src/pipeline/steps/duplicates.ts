import { findNearDuplicates, imageHashers, type ImageGroup, type NearDuplicates } from '../../duplicates/index.js';
import type { IngestedImage } from '../../ingest/index.js';
import type { NearDuplicateGroupSummary } from '../../report/model.js';
import type { NearDuplicateMemberRecord, Store } from '../../store/index.js';
import type { CorpusRow } from '../../types/analysis.js';
import type { StageContext } from '../../types/context.js';
import type { NearDuplicateConfig } from '../config.js';
import type { RunSession } from '../session.js';
import type { IngestedImages } from './ingest.js';

/** What `--near-duplicates` found in a run: the groups by image and by item, and which images are not analysed. */
export interface NearDuplicateStep {
  readonly config: NearDuplicateConfig;
  readonly found: NearDuplicates;
  /** Items of every group, the representative's first (what duplicates.csv, the report and the web app show). */
  readonly summaries: readonly NearDuplicateGroupSummary[];
  /**
   * The image hash of every group member but the representative -> the representative's. With
   * `analysis: 'representative'` these images are not described, embedded or clustered.
   */
  readonly representativeOf: ReadonlyMap<string, string>;
  /** Where the groups are kept in the store (near_duplicate_groupings), for `connote serve`. */
  readonly groupingId: number | null;
}

/** A distinct image and its items, as far as grouping needs them. */
type GroupedImage = Pick<IngestedImage, 'hash' | 'path' | 'image'> & { readonly items: ReadonlyArray<{ readonly id: string }> };

/**
 * The groups as items: each group's representative item (the first item of its representative
 * image) first, then the other items of that image, then every other member's items in input
 * order, each with its image's Hamming distance to the representative's.
 */
export function groupSummaries(groups: readonly ImageGroup[], images: readonly GroupedImage[]): NearDuplicateGroupSummary[] {
  const itemsOf = new Map(images.map((image) => [image.hash, image.items.map((item) => item.id)]));
  return groups.map((group) => {
    const ordered = [...group.members].sort((a, b) => Number(b.imageHash === group.representative) - Number(a.imageHash === group.representative));
    const memberIds: string[] = [];
    const distances: number[] = [];
    for (const member of ordered) {
      for (const id of itemsOf.get(member.imageHash) ?? []) {
        memberIds.push(id);
        distances.push(member.distance);
      }
    }
    return { group: group.id, representativeId: memberIds[0], memberIds, distances, size: memberIds.length, images: group.members.length };
  });
}

/** Every item of every group, as the store keeps them. */
export function memberRecords(summaries: readonly NearDuplicateGroupSummary[], images: readonly GroupedImage[]): NearDuplicateMemberRecord[] {
  const imageOf = new Map(images.flatMap((image) => image.items.map((item) => [item.id, image.hash] as const)));
  return summaries.flatMap((group) =>
    group.memberIds.map((itemId, i) => ({
      groupId: group.group,
      itemId,
      imageHash: imageOf.get(itemId) ?? '',
      representative: i === 0,
      distance: group.distances[i],
    })),
  );
}

/**
 * Hashes the images (cached) and groups the near-duplicates: the work `run` and `connote
 * duplicates` share. Images whose hash could not be computed are in `found.failures`.
 */
export async function groupImages(
  images: readonly GroupedImage[],
  config: Pick<NearDuplicateConfig, 'hash' | 'maxDistance'>,
  store: Store,
  ctx: StageContext,
): Promise<{ found: NearDuplicates; summaries: NearDuplicateGroupSummary[] }> {
  const hasher = imageHashers.get(config.hash).create({ settings: {} });
  const requests = images.map((image) => ({
    imageHash: image.hash,
    path: image.path,
    width: image.image.width,
    height: image.image.height,
  }));
  const found = await findNearDuplicates(requests, hasher, store, ctx, { maxDistance: config.maxDistance });
  return { found, summaries: groupSummaries(found.groups, images) };
}

/**
 * Step 1b, `--near-duplicates`: every image's perceptual hash (from its thumbnail; cached by
 * image, algorithm and version), the groups within the distance, kept in the store for the web
 * app (unless `record` is false: a dry run keeps nothing). With `analysis: 'representative'` the
 * describe step then leaves out every member but the representative (see `inheritRepresentatives`).
 */
export async function groupNearDuplicates(
  session: RunSession,
  config: { readonly nearDuplicates: NearDuplicateConfig | null },
  images: IngestedImages,
  options: { readonly record?: boolean } = {},
): Promise<IngestedImages> {
  const settings = config.nearDuplicates;
  if (!settings) return { ...images, nearDuplicates: null };
  const { found, summaries } = await session.timed('near-duplicates', () => groupImages(images.ingested.images, settings, session.store, session.ctx));
  for (const failure of found.failures) {
    const image = images.ingested.images.find((i) => i.hash === failure.imageHash);
    session.recordError('near-duplicates', image?.items[0]?.id ?? null, failure.path, `no perceptual hash (the image is in no near-duplicate group): ${failure.message}`);
  }
  const representativeOf = new Map<string, string>();
  for (const group of found.groups) {
    for (const member of group.members) if (member.imageHash !== group.representative) representativeOf.set(member.imageHash, group.representative);
  }
  const record = options.record ?? true;
  const groupingId = !record ? null : session.store.nearDuplicates.save({
    runId: session.runId,
    algorithm: found.hasher.algorithm,
    version: found.hasher.version,
    maxDistance: found.maxDistance,
    analysis: settings.analysis,
    images: found.hashes.size,
    members: memberRecords(summaries, images.ingested.images),
  });
  const inGroups = found.groups.reduce((sum, g) => sum + g.members.length, 0);
  const left = settings.analysis === 'representative' && representativeOf.size > 0 ? `; only each group's representative is described, ${representativeOf.size} images take its cluster` : '';
  session.ctx.logger.info(
    `${found.hasher.algorithm} at distance ${found.maxDistance}: ${found.groups.length} groups of near-duplicates (${inGroups} of ${found.hashes.size} images, ${found.computed} hashed, ${found.cached} from cache)${left}`,
  );
  return { ...images, nearDuplicates: { config: settings, found, summaries, representativeOf, groupingId } };
}

/** The images the describe step sends: with `analysis: 'representative'`, no group member but the representative. */
export function imagesToDescribe(images: IngestedImages): readonly IngestedImage[] {
  const step = images.nearDuplicates;
  if (!step || step.config.analysis !== 'representative') return images.ingested.images;
  return images.ingested.images.filter((image) => !step.representativeOf.has(image.hash));
}

/**
 * `analysis: 'representative'`: every other member's items join the row of their group's
 * representative (its first row, where an image's items keep texts of their own), so that they
 * share its position, cluster and probability in every output. A group whose representative has
 * no usable description stays unclustered, as that image does.
 */
export function inheritRepresentatives(rows: readonly CorpusRow[], images: IngestedImages): CorpusRow[] {
  const step = images.nearDuplicates;
  if (!step || step.config.analysis !== 'representative') return [...rows];
  const joining = new Map<string, string[]>();
  for (const image of images.ingested.images) {
    const representative = step.representativeOf.get(image.hash);
    if (representative) joining.set(representative, [...(joining.get(representative) ?? []), ...image.items.map((item) => item.id)]);
  }
  const seen = new Set<string>();
  return rows.map((row) => {
    if (seen.has(row.hash)) return row;
    seen.add(row.hash);
    const extra = joining.get(row.hash);
    return extra ? { ...row, itemIds: [...row.itemIds, ...extra] } : row;
  });
}
