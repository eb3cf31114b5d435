import { Registry } from '../util/registry.js';
import { z } from '../util/settings.js';
import { createDifferenceHasher } from './dhash.js';
import { createPerceptualHasher } from './phash.js';
import type { ImageHasherFactory } from './types.js';

export * from './types.js';
export { differenceHash } from './dhash.js';
export { lowFrequencyDct, perceptualHash } from './phash.js';
export { hammingDistance, hashToHex, hexToHash } from './hamming.js';
export { ALL_PAIRS_BELOW, groupHashes, type GroupOptions, type HashGroup } from './group.js';
export { findNearDuplicates, hashImages, preferLargest, type HashRequest, type ImageGroup, type ImageHashes, type NearDuplicates } from './run.js';

/** Named perceptual hashes; built-ins register below exactly as a plugin would. */
export const imageHashers = new Registry<ImageHasherFactory>('near-duplicate hash');

/**
 * The largest distance the options accept: beyond a quarter of the bits, unrelated pictures
 * start to join (two unrelated 64-bit hashes differ in 32 bits on average).
 */
export const MAX_NEAR_DUPLICATE_DISTANCE = 16;

/**
 * The default `maxDistance` per hash, measured on the bundled example (test/duplicates/example.test.ts):
 * the largest distance at which none of its 107 distinct photographs joins another, while every
 * edited copy (recompressed, halved, cropped, captioned, brightened) joins its original.
 */
export const DEFAULT_MAX_DISTANCE: Readonly<Record<string, number>> = { dhash: 10, phash: 8 };

imageHashers.register({
  name: 'dhash',
  summary: 'difference hash (Krawetz): 9 x 8 grey levels, one bit per brighter right neighbour; 64 bits',
  settings: z.strictObject({}),
  create: createDifferenceHasher,
});

imageHashers.register({
  name: 'phash',
  summary: 'perceptual hash: 32 x 32 grey levels, 2-D DCT, the 63 lowest frequencies but DC against their median; 63 bits',
  settings: z.strictObject({}),
  create: createPerceptualHasher,
});
