import sharp from 'sharp';

/** Writes an RGB (or greyscale, channels 1) PNG from row-major 0–255 values. */
export async function writePng(path: string, width: number, height: number, values: readonly number[], channels: 1 | 3 = 3): Promise<void> {
  if (values.length !== width * height * channels) throw new Error(`writePng: ${values.length} values for ${width}×${height}×${channels}`);
  await sharp(Buffer.from(values), { raw: { width, height, channels } }).png().toFile(path);
}

/** A uniform image of one colour. */
export async function writeSolidPng(path: string, width: number, height: number, rgb: readonly [number, number, number]): Promise<void> {
  await writePng(path, width, height, Array.from({ length: width * height }, () => rgb).flat());
}
