import { readFile, stat } from 'node:fs/promises';
import sharp from 'sharp';
import type { ImageRecord } from '../store/index.js';
import { sha256 } from '../util/hash.js';

export interface IngestLimits {
  /** Largest file accepted, in bytes. */
  readonly maxBytes: number;
  /** Largest decoded image accepted, in pixels (width x height): protects memory from decompression bombs. */
  readonly maxPixels: number;
  /** Longest side of the stored thumbnail, in pixels. */
  readonly thumbnailSize: number;
}

export const DEFAULT_LIMITS: IngestLimits = {
  maxBytes: 64 * 2 ** 20,
  maxPixels: 100_000_000,
  thumbnailSize: 256,
};

export type Inspection =
  | {
      readonly ok: true;
      readonly image: ImageRecord;
      /** null when the image was already known (and its thumbnail stored). */
      readonly thumbnail: { data: Buffer; type: string } | null;
    }
  | { readonly ok: false; readonly reason: string };

/** Formats connote reads (as sharp names them). AVIF is reported by libvips as `heif` with AV1 compression. */
const SUPPORTED_FORMATS = new Set(['jpeg', 'png', 'webp', 'gif', 'tiff', 'avif']);

const HEIC_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1']);

const HEIC_ADVICE =
  'HEIC/HEIF (iPhone photos) is not supported: convert it to JPEG first, e.g. `heif-convert photo.heic photo.jpg` ' +
  '(Debian package libheif-examples) or `magick mogrify -format jpg *.heic`';

/** The ISO-BMFF brand of a HEIF-family file ('heic', 'avif', ...), or null. */
function isoBrand(bytes: Buffer): string | null {
  if (bytes.length < 12 || bytes.toString('latin1', 4, 8) !== 'ftyp') return null;
  return bytes.toString('latin1', 8, 12).trim();
}

/**
 * Opens an image fully before anything costs money: reads it, hashes it, decodes it with
 * sharp (which catches truncated and corrupt files) and makes the thumbnail. Never throws
 * for a bad file; returns the reason instead, so the run can continue with the rest.
 */
export async function inspectImage(
  path: string,
  limits: IngestLimits = DEFAULT_LIMITS,
  /** Images already inspected in an earlier run, by hash: they are not decoded again. */
  known: (hash: string) => ImageRecord | undefined = () => undefined,
): Promise<Inspection> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) return { ok: false, reason: 'not a regular file' };
    size = info.size;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, reason: code === 'ENOENT' ? 'file not found' : `cannot read file (${code ?? (error as Error).message})` };
  }
  if (size === 0) return { ok: false, reason: 'empty file (0 bytes)' };
  if (size > limits.maxBytes) {
    return {
      ok: false,
      reason: `file is ${(size / 2 ** 20).toFixed(1)} MiB, over the limit of ${(limits.maxBytes / 2 ** 20).toFixed(0)} MiB (raise it with --max-file-mb)`,
    };
  }
  const bytes = await readFile(path);
  const hash = sha256(bytes);
  const previous = known(hash);
  if (previous) return { ok: true, image: previous, thumbnail: null };
  const brand = isoBrand(bytes);
  if (brand && HEIC_BRANDS.has(brand)) return { ok: false, reason: HEIC_ADVICE };

  let metadata: Awaited<ReturnType<ReturnType<typeof sharp>['metadata']>>;
  try {
    metadata = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (error) {
    return { ok: false, reason: `not a readable image (${describeSharpError(error)})` };
  }
  const format = metadata.format === 'heif' && metadata.compression === 'av1' ? 'avif' : String(metadata.format);
  if (format === 'heif') return { ok: false, reason: HEIC_ADVICE };
  if (!SUPPORTED_FORMATS.has(format)) {
    return { ok: false, reason: `unsupported image format '${format}' (connote reads ${[...SUPPORTED_FORMATS].join(', ')})` };
  }
  const width = metadata.width ?? 0;
  const height = metadata.height ?? 0;
  if (width * height > limits.maxPixels) {
    return {
      ok: false,
      reason: `image is ${width} x ${height} = ${(width * height / 1e6).toFixed(1)} megapixels, over the limit of ${(limits.maxPixels / 1e6).toFixed(0)} (raise it with --max-megapixels)`,
    };
  }
  try {
    // Decoding the whole image (first frame of a GIF) is what reveals truncated or corrupt data.
    const thumbnail = await sharp(bytes, { failOn: 'warning', limitInputPixels: limits.maxPixels })
      .rotate()
      .resize(limits.thumbnailSize, limits.thumbnailSize, { fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .webp({ quality: 78 })
      .toBuffer();
    return {
      ok: true,
      image: { hash, format, width, height, bytes: size },
      thumbnail: { data: thumbnail, type: 'image/webp' },
    };
  } catch (error) {
    return { ok: false, reason: `corrupt or truncated image data (${describeSharpError(error)})` };
  }
}

function describeSharpError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0].replace(/^Error: /, '').trim();
}
