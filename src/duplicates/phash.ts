import { bitsToBigInt, greyPixels, SCALER_VERSION } from './pixels.js';
import type { ImageHasher } from './types.js';

/** Bumped whenever the definition below changes what a hash is. */
const DEFINITION = 1;
const SIZE = 32;
const LOW = 8;

/** The orthonormal DCT-II basis: BASIS[k * SIZE + n] = c(k) cos(pi (2n + 1) k / 2N). */
const BASIS = (() => {
  const basis = new Float64Array(LOW * SIZE);
  for (let k = 0; k < LOW; k++) {
    const scale = k === 0 ? Math.sqrt(1 / SIZE) : Math.sqrt(2 / SIZE);
    for (let n = 0; n < SIZE; n++) basis[k * SIZE + n] = scale * Math.cos((Math.PI * (2 * n + 1) * k) / (2 * SIZE));
  }
  return basis;
})();

/**
 * The perceptual hash: the image in grey, scaled to 32 x 32, its two-dimensional DCT-II, and of
 * the 8 x 8 lowest frequencies (top left) the 63 without the DC term (the mean brightness, far
 * larger than the rest): one bit per coefficient, set when it is above their median, row by row.
 * 63 bits that describe the coarse structure of the picture, so that they survive
 * recompression, rescaling, a brightness change and small edits better than dHash does.
 *
 * As Krawetz describes it, and as the pHash library computes it, except that: the threshold is
 * the median (imagehash's, and the pHash library's) rather than Krawetz's mean; the DC term is
 * left out of the bits as well as of the threshold (imagehash keeps it in both, a bit that is
 * almost always 1); and the DCT is orthonormal, so that the first row and column are not
 * weighted up against the others as scipy's unnormalised `dct` in imagehash weights them.
 *
 * @see https://www.hackerfactor.com/blog/index.php?/archives/432-Looks-Like-It.html (Krawetz 2011, "Looks Like It": pHash)
 * @see https://github.com/JohannesBuchner/imagehash/blob/master/imagehash/__init__.py (imagehash `phash`)
 * @see https://www.phash.org/ (Zauner 2010, the pHash library: ph_dct_imagehash)
 */
export function createPerceptualHasher(): ImageHasher {
  return {
    name: 'phash',
    bits: LOW * LOW - 1,
    version: `phash/${DEFINITION} (${SCALER_VERSION})`,
    async hash(image: Buffer): Promise<bigint> {
      return perceptualHash(await greyPixels(image, SIZE, SIZE));
    },
  };
}

/** The 8 x 8 lowest-frequency coefficients of the orthonormal 2-D DCT-II of 32 x 32 values, row-major. */
export function lowFrequencyDct(pixels: ArrayLike<number>): Float64Array {
  if (pixels.length !== SIZE * SIZE) throw new RangeError(`phash needs 32 x 32 = 1024 grey levels, got ${pixels.length}`);
  // Along each row first (32 rows x 8 frequencies), then down each of those 8 columns.
  const rows = new Float64Array(SIZE * LOW);
  for (let y = 0; y < SIZE; y++) {
    for (let k = 0; k < LOW; k++) {
      let sum = 0;
      for (let x = 0; x < SIZE; x++) sum += pixels[y * SIZE + x] * BASIS[k * SIZE + x];
      rows[y * LOW + k] = sum;
    }
  }
  const out = new Float64Array(LOW * LOW);
  for (let ky = 0; ky < LOW; ky++) {
    for (let kx = 0; kx < LOW; kx++) {
      let sum = 0;
      for (let y = 0; y < SIZE; y++) sum += BASIS[ky * SIZE + y] * rows[y * LOW + kx];
      out[ky * LOW + kx] = sum;
    }
  }
  return out;
}

/** pHash of 32 x 32 grey levels, row-major. */
export function perceptualHash(pixels: ArrayLike<number>): bigint {
  const ac = Array.from(lowFrequencyDct(pixels)).slice(1);
  const median = [...ac].sort((a, b) => a - b)[(ac.length - 1) / 2];
  return bitsToBigInt(ac.map((coefficient) => coefficient > median));
}
