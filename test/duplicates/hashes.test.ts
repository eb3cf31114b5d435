import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { differenceHash, hammingDistance, hashToHex, hexToHash, imageHashers, lowFrequencyDct, perceptualHash } from '../../src/duplicates/index.js';

/** Grey levels as a one-channel PNG, the way a stored thumbnail reaches a hasher (encoded bytes). */
const greyPng = (width: number, height: number, values: readonly number[]): Promise<Buffer> =>
  sharp(Buffer.from(values), { raw: { width, height, channels: 1 } }).png().toBuffer();

/**
 * Eight rows of nine grey levels, each chosen for the byte its eight comparisons give (a bit is
 * set where the right neighbour is brighter; equal is not brighter).
 */
const DHASH_ROWS: ReadonlyArray<readonly [string, readonly number[]]> = [
  ['ff', [10, 20, 30, 40, 50, 60, 70, 80, 90]], // always brighter
  ['00', [90, 80, 70, 60, 50, 40, 30, 20, 10]], // always darker
  ['aa', [0, 255, 0, 255, 0, 255, 0, 255, 0]], // up, down, up, ...
  ['00', [50, 50, 50, 50, 50, 50, 50, 50, 50]], // flat: equal is not brighter
  ['0f', [100, 90, 80, 70, 60, 70, 80, 90, 100]], // a valley
  ['f0', [60, 70, 80, 90, 100, 90, 80, 70, 60]], // a ridge
  ['81', [10, 20, 15, 12, 11, 10, 9, 8, 30]], // up first and last
  ['7e', [200, 100, 110, 120, 130, 140, 150, 160, 0]], // up in the middle
];

describe('dhash', () => {
  const pixels = DHASH_ROWS.flatMap(([, row]) => row);
  const expected = BigInt(`0x${DHASH_ROWS.map(([byte]) => byte).join('')}`);

  it('sets one bit per brighter right neighbour, row by row, first bit most significant', () => {
    expect(hashToHex(differenceHash(pixels), 64)).toBe('ff00aa000ff0817e');
    expect(differenceHash(pixels)).toBe(expected);
  });

  it('gives the same bits from an encoded 9 x 8 image (sharp leaves it as it is)', async () => {
    const hasher = imageHashers.get('dhash').create({ settings: {} });
    expect(hasher.bits).toBe(64);
    expect(hasher.version).toMatch(/^dhash\/1 \(sharp \d+\.\d+\.\d+, libvips \d+\.\d+\.\d+\)$/);
    expect(await hasher.hash(await greyPng(9, 8, pixels))).toBe(expected);
  });

  it('is unchanged by a uniform brightness change and complemented by inverting the image', () => {
    expect(differenceHash(pixels.map((v) => Math.max(0, v - 5)))).toBe(expected);
    const inverted = differenceHash(pixels.map((v) => 255 - v));
    // Every strict comparison flips; the flat row (equal neighbours) stays 0 in both.
    expect(hammingDistance(inverted, expected)).toBe(64 - 8);
  });

  it('refuses the wrong number of grey levels', () => {
    expect(() => differenceHash(new Array(71).fill(0))).toThrow(/72 grey levels/);
  });
});

/**
 * A 32 x 32 image made from chosen DCT coefficients: the 63 lowest frequencies but DC are a
 * permutation of -124, -120, ..., 124 (steps of 4, far above what rounding pixels to whole grey
 * levels moves them), every higher frequency 0, DC a mean grey of 128. The median of the 63 is 0,
 * so the bits are known without the implementation: set exactly where the chosen value is positive.
 */
function imageFromCoefficients(): { pixels: number[]; ac: number[] } {
  const ac = Array.from({ length: 63 }, (_, i) => 4 * (((i * 29) % 63) - 31));
  const coefficients = [128 * 32, ...ac];
  const basis = (k: number, n: number) => (k === 0 ? Math.sqrt(1 / 32) : Math.sqrt(2 / 32)) * Math.cos((Math.PI * (2 * n + 1) * k) / 64);
  const pixels: number[] = [];
  for (let y = 0; y < 32; y++) {
    for (let x = 0; x < 32; x++) {
      let sum = 0;
      coefficients.forEach((c, index) => (sum += c * basis(Math.floor(index / 8), y) * basis(index % 8, x)));
      pixels.push(Math.round(sum));
    }
  }
  return { pixels, ac };
}

describe('phash', () => {
  const { pixels, ac } = imageFromCoefficients();
  const expectedBits = ac.map((value) => (value > 0 ? '1' : '0')).join('');
  const expected = BigInt(`0b${expectedBits}`);

  it('builds a test image inside 0..255 whose DCT is the chosen coefficients, up to rounding', () => {
    expect(Math.min(...pixels)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...pixels)).toBeLessThanOrEqual(255);
    const dct = lowFrequencyDct(pixels);
    expect(dct[0]).toBeCloseTo(128 * 32, -1);
    for (let i = 1; i < 64; i++) expect(Math.abs(dct[i] - ac[i - 1])).toBeLessThan(1.5);
  });

  it('sets one bit per low frequency above the median of the 63, DC left out, row by row', () => {
    expect(expectedBits.split('').filter((b) => b === '1')).toHaveLength(31);
    expect(perceptualHash(pixels)).toBe(expected);
  });

  it('gives the same bits from an encoded 32 x 32 image', async () => {
    const hasher = imageHashers.get('phash').create({ settings: {} });
    expect(hasher.bits).toBe(63);
    expect(await hasher.hash(await greyPng(32, 32, pixels))).toBe(expected);
  });

  it('ignores a uniform brightness change (DC only)', () => {
    expect(perceptualHash(pixels.map((v) => v + 20))).toBe(expected);
  });

  it('always has 31 of 63 bits set, so distances between two hashes are even', () => {
    const noisy = pixels.map((v, i) => (v + ((i * 7919) % 23)) % 256);
    const hash = perceptualHash(noisy);
    expect(hash.toString(2).split('').filter((b) => b === '1')).toHaveLength(31);
    expect(hammingDistance(hash, expected) % 2).toBe(0);
  });
});

describe('hash values', () => {
  it('print as imagehash does (hexadecimal, leading zeros kept) and read back', () => {
    expect(hashToHex(0x0fn, 64)).toBe('000000000000000f');
    expect(hashToHex(1n, 63)).toBe('0000000000000001');
    expect(hexToHash('ff00aa000ff0817e')).toBe(0xff00aa000ff0817en);
    expect(() => hexToHash('xyz')).toThrow(/hexadecimal/);
  });

  it('count differing bits across both 32-bit halves', () => {
    expect(hammingDistance(0n, 0xffffffffffffffffn)).toBe(64);
    expect(hammingDistance(0x8000000000000001n, 1n)).toBe(1);
    expect(hammingDistance(0xf0f0n, 0x0ff0n)).toBe(8);
  });
});
