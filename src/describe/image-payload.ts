import { readFile } from 'node:fs';
import { promisify } from 'node:util';
import type { Sharp } from 'sharp';
import { readImageHeader } from './image-header.js';

/** The callback readFile: far fewer round trips to the thread pool than fs/promises' FileHandle. */
const readBytes = promisify(readFile);

/** The image as sent to the model: a base64 data URL and the pixel size the model sees. */
export interface ImagePayload {
  readonly dataUrl: string;
  readonly width: number;
  readonly height: number;
  /** Size of the encoded image in bytes (before base64). */
  readonly bytes: number;
}

export interface ImageEncoding {
  /** Longest side in pixels; larger images are shrunk to fit, smaller ones are never enlarged. */
  readonly maxSide: number;
  /** Quality when the image has to be re-encoded as JPEG. */
  readonly jpegQuality: number;
}

type SharpFactory = (input: Buffer | string, options?: { failOn?: 'none' | 'truncated' | 'error' | 'warning' }) => Sharp;
let sharpLoader: Promise<SharpFactory> | undefined;

/** sharp is a native module: loaded on first use, so a run without images never pays for it. */
function loadSharp(): Promise<SharpFactory> {
  sharpLoader ??= import('sharp').then((module) => module.default as unknown as SharpFactory);
  return sharpLoader;
}

const PASS_THROUGH: Readonly<Record<string, string>> = { jpeg: 'image/jpeg', png: 'image/png' };

/** Width and height as displayed (EXIF orientations 5 to 8 swap them). */
function displayedSize(meta: { width?: number; height?: number; orientation?: number }): { width: number; height: number } {
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  return (meta.orientation ?? 1) >= 5 ? { width: height, height: width } : { width, height };
}

/** The size the model will see once the image is fitted into `maxSide`. */
export function fittedSize(width: number, height: number, maxSide: number): { width: number; height: number } {
  const scale = Math.min(1, maxSide / Math.max(width, height));
  if (scale === 1) return { width, height };
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/**
 * Reads an image and prepares it for a vision model. A JPEG or PNG that already fits and
 * needs no rotation is sent byte for byte; anything else (too large, EXIF-rotated, WebP, GIF,
 * TIFF, HEIC...) is rotated upright, shrunk to fit `maxSide` and re-encoded as JPEG (with
 * transparency flattened onto white), a format every provider accepts.
 */
export async function loadImagePayload(path: string, encoding: ImageEncoding): Promise<ImagePayload> {
  const bytes = await readBytes(path);
  const header = readImageHeader(bytes);
  if (header && Math.max(header.width, header.height) <= encoding.maxSide) {
    const dataUrl = `data:${PASS_THROUGH[header.format]};base64,${bytes.toString('base64')}`;
    return { dataUrl, width: header.width, height: header.height, bytes: bytes.length };
  }
  const sharp = await loadSharp();
  const meta = await sharp(bytes, { failOn: 'none' }).metadata();
  const size = displayedSize(meta);
  if (!size.width || !size.height) throw new Error('not a readable image (no dimensions)');
  const mediaType = PASS_THROUGH[meta.format ?? ''];
  const upright = (meta.orientation ?? 1) === 1;
  if (mediaType && upright && Math.max(size.width, size.height) <= encoding.maxSide) {
    return { dataUrl: `data:${mediaType};base64,${bytes.toString('base64')}`, ...size, bytes: bytes.length };
  }
  const { data, info } = await sharp(bytes, { failOn: 'none' })
    .rotate()
    .resize({ width: encoding.maxSide, height: encoding.maxSide, fit: 'inside', withoutEnlargement: true })
    .flatten({ background: '#ffffff' })
    .jpeg({ quality: encoding.jpegQuality })
    .toBuffer({ resolveWithObject: true });
  return { dataUrl: `data:image/jpeg;base64,${data.toString('base64')}`, width: info.width, height: info.height, bytes: data.length };
}

/** The size the model will see, from the file's header only (for cost estimates). */
export async function payloadSize(path: string, maxSide: number): Promise<{ width: number; height: number }> {
  const sharp = await loadSharp();
  const meta = await sharp(path, { failOn: 'none' }).metadata();
  const size = displayedSize(meta);
  if (!size.width || !size.height) throw new Error(`${path}: not a readable image (no dimensions)`);
  return fittedSize(size.width, size.height, maxSide);
}
