/**
 * A perceptual hash: a short fingerprint of what an image looks like, such that visually
 * near-identical images (a repost recompressed, rescaled, lightly cropped or captioned) get
 * fingerprints that differ in few bits, while different pictures differ in about half of them.
 */
export interface ImageHasher {
  /** The registry name, e.g. 'dhash'. */
  readonly name: string;
  /** How many bits a hash has (at most 64); Hamming distances run from 0 to this. */
  readonly bits: number;
  /**
   * Changes whenever the hash an image gets could change: the definition's own version and the
   * sharp and libvips versions that decode and scale the image. Part of the cache key.
   */
  readonly version: string;
  /**
   * The hash of an encoded image (any format sharp reads: a stored thumbnail, a file's bytes),
   * first bit most significant, as Python's imagehash prints it.
   */
  hash(image: Buffer): Promise<bigint>;
}

/** What run.json records about the hasher, and the key of the hash cache. */
export interface ImageHasherSignature {
  readonly algorithm: string;
  readonly version: string;
  readonly bits: number;
}

export interface ImageHasherOptions {
  readonly settings: Readonly<Record<string, unknown>>;
}

export type ImageHasherFactory = (options: ImageHasherOptions) => ImageHasher;

export const hasherSignature = (hasher: ImageHasher): ImageHasherSignature => ({
  algorithm: hasher.name,
  version: hasher.version,
  bits: hasher.bits,
});
