import { createRequire } from 'node:module';
import sharp from 'sharp';
import type Tesseract from 'tesseract.js';
import type { ImageText, TextReader, TextReaderOptions, TextReaderSignature } from './types.js';

const require = createRequire(import.meta.url);

/** Where the packaged English model lives: `@tesseract.js-data/eng` ships it, so nothing is downloaded. */
function englishData(): { langPath: string; version: string } {
  const data = require('@tesseract.js-data/eng') as { langPath: string };
  return { langPath: data.langPath, version: data.langPath.split(/[\\/]/).pop() ?? 'unknown' };
}

/**
 * Tesseract 5 (LSTM) compiled to WebAssembly by tesseract.js, with the English model of
 * `@tesseract.js-data/eng`. Images are given to it as PNG at most `maxSide` pixels on their
 * longer side (upscaled when small: Tesseract reads best with capital letters some 30 px high).
 */
export function createTesseractReader(options: TextReaderOptions): TextReader {
  const maxSide = (options.settings.maxSide as number | undefined) ?? 1600;
  const minSide = (options.settings.minSide as number | undefined) ?? 800;
  const minConfidence = (options.settings.minConfidence as number | undefined) ?? 0.6;
  const data = englishData();
  const tesseractVersion = (require('tesseract.js/package.json') as { version: string }).version;
  const signature: TextReaderSignature = {
    engine: 'tesseract',
    version: `tesseract.js ${tesseractVersion}, eng ${data.version}`,
    params: { maxSide, minSide, minConfidence },
  };
  let worker: Promise<Tesseract.Worker> | null = null;
  const load = async (): Promise<Tesseract.Worker> => {
    const { createWorker } = (await import('tesseract.js')).default;
    // cacheMethod 'none': the packaged model is read where it lies, never copied into the working folder.
    // OEM 1: the LSTM recogniser, the only one the packaged model holds.
    const created = await createWorker('eng', 1, { langPath: data.langPath, gzip: true, cacheMethod: 'none' });
    // Tesseract's own diagnostics ("Image too small to scale!!") would interleave with the progress bar.
    await created.setParameters({ debug_file: '/dev/null' } as Partial<Tesseract.WorkerParams>);
    return created;
  };
  return {
    name: 'tesseract',
    signature,
    async read(path: string): Promise<ImageText> {
      worker ??= load();
      const png = await normalisedPng(path, minSide, maxSide);
      const result = await (await worker).recognize(png, {}, { blocks: true, text: true });
      return keepConfidentWords(result.data, minConfidence);
    },
    async close(): Promise<void> {
      if (worker) await (await worker).terminate();
      worker = null;
    },
  };
}

/** The image as Tesseract reads it best: upright (EXIF), flattened on white, scaled into [minSide, maxSide]. */
async function normalisedPng(path: string, minSide: number, maxSide: number): Promise<Buffer> {
  const image = sharp(path, { failOn: 'error' }).rotate();
  const { width = 0, height = 0 } = await image.metadata();
  const longer = Math.max(width, height);
  const scale = longer > maxSide ? maxSide / longer : longer < minSide && longer > 0 ? minSide / longer : 1;
  const resized = scale === 1 ? image : image.resize(Math.round(width * scale), Math.round(height * scale), { kernel: 'lanczos3' });
  return resized.flatten({ background: '#ffffff' }).png().toBuffer();
}

/** Mean confidence a line's kept words need (Tesseract's scale, 0..1). */
const LINE_CONFIDENCE = 0.75;

interface TesseractWord {
  readonly text: string;
  readonly confidence: number;
}

/**
 * Lines made of the words Tesseract is at least `minConfidence` sure of, keeping only lines that
 * hold a real word (three letters or more) and whose kept words average `LINE_CONFIDENCE`. On
 * photographs Tesseract "reads" texture as runs of single letters and digits; dropping those keeps
 * the description free of noise, which embedding would otherwise cluster on.
 */
function keepConfidentWords(data: Tesseract.Page, minConfidence: number): ImageText {
  const lines: string[] = [];
  const kept: number[] = [];
  for (const block of data.blocks ?? []) {
    for (const paragraph of block.paragraphs) {
      for (const line of paragraph.lines) {
        const words = (line.words as readonly TesseractWord[]).filter((w) => w.confidence / 100 >= minConfidence && /[\p{L}\p{N}]/u.test(w.text));
        const mean = words.reduce((sum, w) => sum + w.confidence / 100, 0) / (words.length || 1);
        if (words.length === 0 || mean < LINE_CONFIDENCE || !words.some((w) => /\p{L}{3,}/u.test(w.text))) continue;
        lines.push(words.map((w) => w.text).join(' '));
        kept.push(...words.map((w) => w.confidence / 100));
      }
    }
  }
  const confidence = kept.length ? kept.reduce((a, b) => a + b, 0) / kept.length : null;
  return { text: lines.join('\n'), confidence };
}
