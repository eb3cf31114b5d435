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
