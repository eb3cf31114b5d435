import sharp from 'sharp';

/** A small synthetic image with a colour gradient, in any format sharp writes. */
export async function syntheticImage(
  format: 'jpeg' | 'png' | 'webp' | 'gif' | 'avif' | 'tiff',
  options: { width?: number; height?: number; hue?: number } = {},
): Promise<Buffer> {
  const width = options.width ?? 48;
  const height = options.height ?? 32;
  const hue = options.hue ?? 0;
  const raw = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      raw[i] = (x * 5 + hue) % 256;
      raw[i + 1] = (y * 7 + hue * 2) % 256;
      raw[i + 2] = (x * y + hue * 3) % 256;
    }
  }
  return sharp(raw, { raw: { width, height, channels: 3 } }).toFormat(format).toBuffer();
}

/** Writes an RGB (or greyscale, channels 1) PNG from row-major 0–255 values. */
export async function writePng(path: string, width: number, height: number, values: readonly number[], channels: 1 | 3 = 3): Promise<void> {
  if (values.length !== width * height * channels) throw new Error(`writePng: ${values.length} values for ${width}×${height}×${channels}`);
  await sharp(Buffer.from(values), { raw: { width, height, channels } }).png().toFile(path);
}

/** A uniform image of one colour. */
export async function writeSolidPng(path: string, width: number, height: number, rgb: readonly [number, number, number]): Promise<void> {
  await writePng(path, width, height, Array.from({ length: width * height }, () => rgb).flat());
}
