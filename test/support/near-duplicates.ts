import { readdirSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import sharp, { type Sharp } from 'sharp';

/** The bundled example's photographs: 107 distinct images (26 portraits of members of Congress, 81 NASA pictures). */
export const EXAMPLE_IMAGES = 'examples/climate-demo/images';

export const examplePhotos = (): string[] =>
  readdirSync(EXAMPLE_IMAGES)
    .filter((name) => /\.(jpe?g|png)$/i.test(name))
    .sort()
    .map((name) => join(EXAMPLE_IMAGES, name));

/** How a repost changes a picture: each edit alone, and all of them at once. */
export const EDITS = ['jpeg40', 'half', 'crop5', 'caption', 'brighter', 'repost'] as const;
export type Edit = (typeof EDITS)[number];

const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A white strip below the picture, an eighth of its height, with a line of text (DejaVu Sans where installed). */
async function withCaption(image: Sharp, text: string): Promise<Buffer> {
  const { data, info } = await image.toBuffer({ resolveWithObject: true });
  const strip = Math.max(12, Math.round(info.height / 8));
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${info.width}" height="${strip}"><rect width="100%" height="100%" fill="#ffffff"/>` +
    `<text x="6" y="${Math.round(strip * 0.72)}" font-family="DejaVu Sans" font-size="${Math.round(strip * 0.6)}" fill="#111111">${escapeXml(text)}</text></svg>`;
  return sharp(data)
    .extend({ bottom: strip, background: '#ffffff' })
    .composite([{ input: Buffer.from(svg), gravity: 'south' }])
    .toBuffer();
}

/** One edited copy of a photo, as the encoded bytes a repost would carry. */
export async function editedCopy(path: string, edit: Edit): Promise<Buffer> {
  const { width = 0, height = 0 } = await sharp(path).metadata();
  const base = sharp(path).rotate();
  switch (edit) {
    case 'jpeg40':
      return base.jpeg({ quality: 40 }).toBuffer();
    case 'half':
      return base.resize(Math.round(width / 2), Math.round(height / 2)).png().toBuffer();
    case 'crop5': {
      const dx = Math.round(width * 0.05);
      const dy = Math.round(height * 0.05);
      return base.extract({ left: dx, top: dy, width: width - 2 * dx, height: height - 2 * dy }).png().toBuffer();
    }
    case 'caption':
      return sharp(await withCaption(base.png(), 'via @climate_news')).png().toBuffer();
    case 'brighter':
      return base.modulate({ brightness: 1.1 }).png().toBuffer();
    case 'repost': {
      // What a repost mostly is: smaller, captioned, and recompressed hard.
      const small = sharp(path).rotate().resize(Math.round(width * 0.6), Math.round(height * 0.6)).png();
      return sharp(await withCaption(small, 'repost')).jpeg({ quality: 40 }).toBuffer();
    }
  }
}

/** The file name of a photo's edited copy: `<photo>.<edit>.<ext>`. */
export const copyName = (path: string, edit: Edit): string =>
  `${basename(path, extname(path))}.${edit}.${edit === 'jpeg40' || edit === 'repost' ? 'jpg' : 'png'}`;
