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

/**
 * Look-alikes among the example's own photographs: two frames of one NASA installation, and one
 * screenshot of a NASA tool at two emission scenarios. Visually near-identical, so a perceptual
 * hash is right to join them (whether they mean the same is another matter: see docs).
 */
export const EXAMPLE_LOOK_ALIKES: ReadonlyArray<readonly [string, string]> = [
  ['nasa-01-nasa-eic-spaceforearth-overview', 'nasa-04-nasa-eic-spaceforearth-earthisbreathing'],
  ['nasa-monthly', 'nasa-very-high-monthly'],
];

const lookAlike = (a: string, b: string): boolean => EXAMPLE_LOOK_ALIKES.some(([x, y]) => (x === a && y === b) || (x === b && y === a));

export interface NearDuplicateMeasure {
  /** Pairs of different example photographs (look-alikes aside) within the distance: false merges. */
  readonly falsePairs: ReadonlyArray<readonly [string, string, number]>;
  /** Example photographs in a group with a different one (look-alikes aside), grouping the 107 alone. */
  readonly photosFalselyGrouped: number;
  /** Grouping originals and copies together: groups that join different photographs (look-alikes aside). */
  readonly mixedGroups: number;
  readonly groups: number;
  /** Per edit, the share of photographs whose copy is in its original's group (originals and copies grouped together). */
  readonly recall: Readonly<Record<Edit, number>>;
}

/**
 * How a hash at a distance does on the example: `hashOf(name)` is the hash of a photograph
 * (`name` without extension) or of its copy (`name.edit`); `group` groups hashes.
 */
export function measureOnExample(
  photos: readonly string[],
  hashOf: (name: string) => bigint,
  distance: (a: bigint, b: bigint) => number,
  group: (values: readonly bigint[]) => ReadonlyArray<{ readonly members: readonly number[] }>,
  maxDistance: number,
): NearDuplicateMeasure {
  const falsePairs: Array<[string, string, number]> = [];
  for (let i = 0; i < photos.length; i++) {
    for (let j = i + 1; j < photos.length; j++) {
      const d = distance(hashOf(photos[i]), hashOf(photos[j]));
      if (d <= maxDistance && !lookAlike(photos[i], photos[j])) falsePairs.push([photos[i], photos[j], d]);
    }
  }
  const differentIn = (names: readonly string[]) => names.filter((a) => names.some((b) => a !== b && !lookAlike(a, b)));
  const photosFalselyGrouped = group(photos.map(hashOf)).reduce((sum, g) => sum + differentIn(g.members.map((m) => photos[m])).length, 0);
  const names = [...photos, ...photos.flatMap((p) => EDITS.map((edit) => `${p}.${edit}`))];
  const all = group(names.map(hashOf));
  const groupOf = new Map<string, number>();
  let mixedGroups = 0;
  all.forEach((g, index) => {
    const members = g.members.map((m) => names[m]);
    if (differentIn([...new Set(members.map((name) => name.split('.')[0]))]).length > 0) mixedGroups++;
    for (const name of members) groupOf.set(name, index);
  });
  const recall = Object.fromEntries(
    EDITS.map((edit) => [edit, photos.filter((p) => groupOf.has(p) && groupOf.get(p) === groupOf.get(`${p}.${edit}`)).length / photos.length]),
  ) as Record<Edit, number>;
  return { falsePairs, photosFalselyGrouped, mixedGroups, groups: all.length, recall };
}
