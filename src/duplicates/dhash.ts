import { bitsToBigInt, greyPixels, SCALER_VERSION } from './pixels.js';
import type { ImageHasher } from './types.js';

/** Bumped whenever the definition below changes what a hash is. */
const DEFINITION = 1;

/**
 * The difference hash: the image in grey, scaled to 9 x 8, and one bit per horizontally
 * adjacent pair of pixels, set when the right one is brighter (row by row, top left first).
 * 64 bits that follow the gradients of the picture, which survive recompression, rescaling and
 * a change of brightness or contrast.
 *
 * The bit convention is Python imagehash's `dhash` (`pixels[:, 1:] > pixels[:, :-1]`); Krawetz
 * sets a bit when the left pixel is brighter, the complement, which gives the same distances.
 *
 * @see https://www.hackerfactor.com/blog/index.php?/archives/529-Kind-of-Like-That.html (Krawetz 2013, "Kind of Like That": dHash)
 * @see https://github.com/JohannesBuchner/imagehash/blob/master/imagehash/__init__.py (imagehash `dhash`)
 */
export function createDifferenceHasher(): ImageHasher {
  return {
    name: 'dhash',
    bits: 64,
    version: `dhash/${DEFINITION} (${SCALER_VERSION})`,
    async hash(image: Buffer): Promise<bigint> {
      return differenceHash(await greyPixels(image, 9, 8));
    },
  };
}

/** dHash of 9 x 8 grey levels, row-major. */
export function differenceHash(pixels: ArrayLike<number>): bigint {
  if (pixels.length !== 72) throw new RangeError(`dhash needs 9 x 8 = 72 grey levels, got ${pixels.length}`);
  const bits: boolean[] = [];
  for (let y = 0; y < 8; y++) {
    for (let x = 0; x < 8; x++) bits.push(pixels[y * 9 + x + 1] > pixels[y * 9 + x]);
  }
  return bitsToBigInt(bits);
}
