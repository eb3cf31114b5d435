import { Registry } from '../util/registry.js';
import { z } from '../util/settings.js';
import { createTesseractReader } from './tesseract.js';
import type { TextReaderFactory } from './types.js';

export * from './types.js';
export { asOneLine, readImageTexts, splitImageText, withImageText, type ImageTexts } from './run.js';

/** Named OCR engines; built-ins register below exactly as a plugin would. */
export const textReaders = new Registry<TextReaderFactory>('ocr engine');

export const TESSERACT_SETTINGS = z.strictObject({
  maxSide: z.number().int().min(100).max(10000).optional(),
  minSide: z.number().int().min(0).max(10000).optional(),
  minConfidence: z.number().min(0).max(1).optional(),
});

textReaders.register({
  name: 'tesseract',
  summary: 'Tesseract 5 LSTM (tesseract.js, WebAssembly) with the English model shipped in @tesseract.js-data/eng, offline',
  settings: TESSERACT_SETTINGS,
  create: createTesseractReader,
});
