import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { distance } from 'fastest-levenshtein';
import sharp from 'sharp';

/** One image with known text: the OCR test set (fonts, sizes, rotations and backgrounds vary). */
export interface TextImageCase {
  readonly name: string;
  readonly text: string;
  readonly font: string;
  readonly size: number;
  readonly rotation: number;
  readonly background: 'paper' | 'gradient' | 'noise' | 'dark' | 'photo';
}

/** Debian's fonts-dejavu-core, which .ci/run installs: the SVG text is drawn in these families. */
export const FONTS_PRESENT = existsSync('/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf');

export const TEXT_IMAGE_CASES: readonly TextImageCase[] = [
  { name: 'sans-64-upright', text: 'CLIMATE JUSTICE NOW', font: 'DejaVu Sans', size: 64, rotation: 0, background: 'paper' },
  { name: 'serif-48-upright', text: 'There is no planet B', font: 'DejaVu Serif', size: 48, rotation: 0, background: 'paper' },
  { name: 'mono-40-tilted', text: 'Stop burning coal', font: 'DejaVu Sans Mono', size: 40, rotation: 5, background: 'gradient' },
  { name: 'sans-32-tilted', text: 'Wind power for everyone', font: 'DejaVu Sans', size: 32, rotation: -8, background: 'paper' },
  { name: 'serif-56-rotated', text: 'SAVE THE ARCTIC 2030', font: 'DejaVu Serif', size: 56, rotation: 12, background: 'gradient' },
  { name: 'sans-bold-72', text: 'ACT NOW', font: 'DejaVu Sans:bold', size: 72, rotation: 0, background: 'dark' },
  { name: 'sans-24-small', text: 'Sea level rose 21 cm since 1880', font: 'DejaVu Sans', size: 24, rotation: 0, background: 'paper' },
  { name: 'serif-italic-44', text: 'Our house is on fire', font: 'DejaVu Serif:italic', size: 44, rotation: -4, background: 'noise' },
  { name: 'mono-36-noise', text: 'CO2 415 ppm', font: 'DejaVu Sans Mono', size: 36, rotation: 0, background: 'noise' },
  { name: 'sans-52-photo', text: 'KEEP IT IN THE GROUND', font: 'DejaVu Sans:bold', size: 52, rotation: 0, background: 'photo' },
  { name: 'sans-40-steep', text: 'Renewables now', font: 'DejaVu Sans', size: 40, rotation: 20, background: 'paper' },
  { name: 'serif-30-dark', text: 'The future is electric', font: 'DejaVu Serif', size: 30, rotation: 0, background: 'dark' },
];

const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Writes the case as a 900 x 300 PNG in `dir` and returns its path. */
export async function renderTextImage(testCase: TextImageCase, dir: string, photo?: string): Promise<string> {
  const [family, style] = testCase.font.split(':');
  const weight = style === 'bold' ? 'bold' : 'normal';
  const fontStyle = style === 'italic' ? 'italic' : 'normal';
  const ink = testCase.background === 'dark' || testCase.background === 'photo' ? '#ffffff' : '#1d1d1d';
  const fill = {
    paper: '<rect width="100%" height="100%" fill="#f4efe3"/>',
    gradient: '<defs><linearGradient id="g"><stop offset="0" stop-color="#fdf6d8"/><stop offset="1" stop-color="#a8d0e6"/></linearGradient></defs><rect width="100%" height="100%" fill="url(#g)"/>',
    noise: '<filter id="n"><feTurbulence baseFrequency="0.9" numOctaves="2" seed="3"/><feColorMatrix type="saturate" values="0"/><feComponentTransfer><feFuncA type="linear" slope="0.35"/></feComponentTransfer></filter><rect width="100%" height="100%" fill="#f7f7f7"/><rect width="100%" height="100%" filter="url(#n)"/>',
    dark: '<rect width="100%" height="100%" fill="#23395b"/>',
    photo: '',
  }[testCase.background];
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="900" height="300">${fill}` +
    `<text x="450" y="${150 + testCase.size / 3}" font-family="${family}" font-weight="${weight}" font-style="${fontStyle}" font-size="${testCase.size}" text-anchor="middle" fill="${ink}" transform="rotate(${testCase.rotation} 450 150)">${escapeXml(testCase.text)}</text></svg>`;
  const path = join(dir, `${testCase.name}.png`);
  if (testCase.background === 'photo' && photo) {
    const base = await sharp(photo).resize(900, 300, { fit: 'cover' }).modulate({ brightness: 0.6 }).toBuffer();
    await sharp(base).composite([{ input: Buffer.from(svg) }]).png().toFile(path);
  } else {
    await sharp(Buffer.from(svg)).png().toFile(path);
  }
  return path;
}

/** Character error rate: edit distance over the reference length, on case- and space-normalised text. */
export function characterErrorRate(read: string, reference: string): number {
  const norm = (s: string): string => s.toUpperCase().replace(/\s+/g, ' ').trim();
  return distance(norm(read), norm(reference)) / norm(reference).length;
}
