import sharp from 'sharp';

/** sharp and libvips decode and scale every image: their versions are part of each hasher's version. */
export const SCALER_VERSION = `sharp ${sharp.versions.sharp ?? 'unknown'}, libvips ${sharp.versions.vips}`;

/**
 * The image as `width` x `height` 8-bit grey levels, row-major: upright (EXIF orientation), the
 * first frame of an animation, transparency flattened on white, scaled to exactly that size
 * (aspect ratio ignored, as both hashes define it) with a Lanczos-3 kernel, the one Python's
 * imagehash uses through Pillow's ANTIALIAS. Grey is sharp's luminance (Rec. 601 weights on the
 * sRGB values, as Pillow's mode 'L').
 */
export async function greyPixels(image: Buffer, width: number, height: number): Promise<Uint8Array> {
  const { data, info } = await sharp(image, { failOn: 'error' })
    .rotate()
    .flatten({ background: '#ffffff' })
    .greyscale()
    .resize(width, height, { fit: 'fill', kernel: 'lanczos3' })
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  if (info.width !== width || info.height !== height) throw new Error(`scaled to ${info.width} x ${info.height}, not ${width} x ${height}`);
  if (info.channels === 1) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  // Not expected after greyscale(), but a grey level is the first channel of any layout sharp returns.
  const grey = new Uint8Array(width * height);
  for (let i = 0; i < grey.length; i++) grey[i] = data[i * info.channels];
  return grey;
}

/** Bits (first most significant) as one unsigned integer. */
export function bitsToBigInt(bits: readonly boolean[]): bigint {
  let value = 0n;
  for (const bit of bits) value = (value << 1n) | (bit ? 1n : 0n);
  return value;
}
