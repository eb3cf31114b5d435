/** What an OCR engine read in one image: the text (lines joined by newlines) and its mean confidence (0..1). */
export interface ImageText {
  readonly text: string;
  /** Mean word confidence as the engine reports it, 0..1; null when it reports none. */
  readonly confidence: number | null;
}

/** Everything that changes what an engine reads: the cache key, and what run.json records. */
export interface TextReaderSignature {
  readonly engine: string;
  /** Engine and weights version, e.g. `tesseract.js 7.0.0, eng 4.0.0 (LSTM)`. */
  readonly version: string;
  readonly params: Record<string, unknown>;
}

/**
 * Reads the text inside images (signs, memes, infographics, screenshots). An engine is loaded
 * once, reads one image at a time, and is closed at the end.
 */
export interface TextReader {
  readonly name: string;
  readonly signature: TextReaderSignature;
  read(path: string): Promise<ImageText>;
  close(): Promise<void>;
}

export interface TextReaderOptions {
  readonly settings: Readonly<Record<string, unknown>>;
}

export type TextReaderFactory = (options: TextReaderOptions) => TextReader;
