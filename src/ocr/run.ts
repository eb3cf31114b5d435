import type { Store } from '../store/index.js';
import type { StageContext } from '../types/context.js';
import type { ImageText, TextReader } from './types.js';

/** One distinct image to read. */
export interface TextRequest {
  readonly imageHash: string;
  readonly path: string;
}

export interface ImageTexts {
  /** What was read, by image hash ('' when the image holds no text the engine is sure of). */
  readonly texts: ReadonlyMap<string, ImageText>;
  readonly cached: number;
  readonly read: number;
  /** Images the engine could not read, with the reason; the run goes on without their text. */
  readonly failures: ReadonlyArray<{ readonly imageHash: string; readonly path: string; readonly message: string }>;
}

/**
 * Reads the text in every image once: cached in the store by image hash, engine, version and
 * settings, each reading committed as it is made, so a stopped run never reads an image twice.
 */
export async function readImageTexts(requests: readonly TextRequest[], reader: TextReader, store: Store, ctx: StageContext): Promise<ImageTexts> {
  const key = reader.signature;
  const cachedTexts = store.imageTexts.getMany(requests.map((r) => r.imageHash), key);
  const texts = new Map<string, ImageText>(cachedTexts);
  const pending = requests.filter((r) => !texts.has(r.imageHash));
  const failures: Array<{ imageHash: string; path: string; message: string }> = [];
  if (pending.length > 0) {
    const task = ctx.progress.start(`ocr (${reader.name})`, pending.length, 'images');
    for (const request of pending) {
      if (ctx.signal.aborted) break;
      try {
        const read = await reader.read(request.path);
        store.imageTexts.put(request.imageHash, key, read);
        texts.set(request.imageHash, read);
      } catch (error) {
        failures.push({ imageHash: request.imageHash, path: request.path, message: (error as Error).message });
      }
      task.tick();
    }
    task.done();
  }
  return { texts, cached: cachedTexts.size, read: texts.size - cachedTexts.size, failures };
}

/** What an engine read, on one line: its line breaks follow the image's layout, not the meaning. */
export function asOneLine(read: string): string {
  return read.replace(/\s+/g, ' ').trim();
}

const IMAGE_TEXT_MARKER = '\n\nText in the image: ';

/** A description with the image's text appended, as `--ocr` embeds it (unchanged when there is no text). */
export function withImageText(description: string, imageText: string | undefined): string {
  const text = asOneLine(imageText ?? '');
  return text ? `${description}${IMAGE_TEXT_MARKER}${text}` : description;
}

/** The inverse of withImageText, for showing the two apart (a report, the image page). */
export function splitImageText(text: string): { description: string; imageText?: string } {
  const at = text.lastIndexOf(IMAGE_TEXT_MARKER);
  return at < 0 ? { description: text } : { description: text.slice(0, at), imageText: text.slice(at + IMAGE_TEXT_MARKER.length) };
}
