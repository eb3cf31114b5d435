import { describers, type DescribeOutcome, type DescribeRequest, type Describer, type DescriberOptions } from '../describe/index.js';
import { asOneLine, TESSERACT_SETTINGS, textReaders } from '../ocr/index.js';
import { z } from '../util/settings.js';

// The OCR describer joins two stages (describe and ocr), so it is registered here, a layer above both.

/**
 * The text inside the image, read by an OCR engine, as the image's description (`--describer
 * ocr`): offline, free, and for memes, signs and infographics often most of what they mean.
 * An image without text the engine is sure of is an 'empty' answer (recorded, never embedded).
 * Settings: `engine` (default tesseract) and that engine's own settings.
 */
export function createOcrDescriber(options: DescriberOptions): Describer {
  const { engine = 'tesseract', ...engineSettings } = options.settings as { engine?: string } & Record<string, unknown>;
  const reader = textReaders.get(engine).create({ settings: engineSettings });
  return {
    name: 'ocr',
    prompt: options.prompt,
    signature: { describer: 'ocr', model: reader.signature.version, params: { engine, ...reader.signature.params } },
    async *describe(requests: readonly DescribeRequest[]): AsyncIterable<DescribeOutcome> {
      for (const request of requests) {
        try {
          const read = await reader.read(request.path);
          const text = asOneLine(read.text);
          yield { kind: 'description', imageHash: request.imageHash, status: text ? 'ok' : 'empty', text };
        } catch (error) {
          yield { kind: 'failure', imageHash: request.imageHash, message: `${reader.name} could not read ${request.path}: ${(error as Error).message}` };
        }
      }
    },
    close: () => reader.close(),
  };
}

describers.register({
  name: 'ocr',
  summary: 'the text inside the image, read offline by an OCR engine (default: Tesseract with the English model shipped on npm)',
  settings: TESSERACT_SETTINGS.extend({ engine: z.enum(textReaders.names() as [string, ...string[]]).optional() }),
  create: createOcrDescriber,
});
