import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readImageTexts, textReaders, withImageText, type TextReader } from '../../src/ocr/index.js';
import { openStore } from '../../src/store/index.js';
import { createContext } from '../../src/types/context.js';
import { syntheticImage } from '../support/images.js';
import { characterErrorRate, FONTS_PRESENT, renderTextImage, TEXT_IMAGE_CASES } from '../support/text-images.js';
import { fileTempDir } from '../support/temp.js';


const EXAMPLE = 'examples/climate-demo/images';
const PHOTO = join(EXAMPLE, readdirSync(EXAMPLE).sort()[40]!);

if (!FONTS_PRESENT) console.log('OCR test set skipped: DejaVu fonts are not installed (apt-get install fonts-dejavu-core), so no text can be rendered');

describe.skipIf(!FONTS_PRESENT)('tesseract (tesseract.js 7, English model from @tesseract.js-data/eng, offline)', () => {
  let reader: TextReader;
  let dir: string;
  const paths = new Map<string, string>();
  beforeAll(async () => {
    reader = textReaders.get('tesseract').create({ settings: {} });
    dir = fileTempDir('connote-ocr-');
    for (const testCase of TEXT_IMAGE_CASES) paths.set(testCase.name, await renderTextImage(testCase, dir, PHOTO));
  });
  afterAll(async () => {
    await reader?.close();
  });

  it('reads known text exactly (fingerprint of the real weights)', async () => {
    const read = await reader.read(paths.get('sans-64-upright')!);
    expect(read.text).toBe('CLIMATE JUSTICE NOW');
    expect(read.confidence).toBeGreaterThan(0.85);
    expect(reader.signature.version).toBe('tesseract.js 7.0.0, eng 4.0.0');
  });

  it('reads the test set (fonts, sizes, rotations, backgrounds) with a low character error rate', async () => {
    const started = performance.now();
    const rates: string[] = [];
    let total = 0;
    for (const testCase of TEXT_IMAGE_CASES) {
      const read = await reader.read(paths.get(testCase.name)!);
      const cer = characterErrorRate(read.text, testCase.text);
      total += cer;
      rates.push(`${testCase.name} ${cer.toFixed(3)} ${JSON.stringify(read.text)}`);
    }
    const seconds = (performance.now() - started) / 1000;
    const mean = total / TEXT_IMAGE_CASES.length;
    console.log(`tesseract on ${TEXT_IMAGE_CASES.length} rendered images: mean CER ${mean.toFixed(3)}, ${(TEXT_IMAGE_CASES.length / seconds).toFixed(2)} images/s\n  ${rates.join('\n  ')}`);
    expect(mean).toBeLessThan(0.15);
  }, 120_000);

  it('finds no text in an image without any, rather than noise', async () => {
    const blank = join(dir, 'gradient.png');
    writeFileSync(blank, await syntheticImage('png', { width: 640, height: 480, hue: 40 }));
    expect((await reader.read(blank)).text).toBe('');
  });

  it('reads each image once: the store answers the second time', async () => {
    const store = openStore(join(dir, 'store.sqlite'));
    try {
      const ctx = createContext({});
      const requests = [{ imageHash: 'h-upright', path: paths.get('sans-64-upright')! }];
      const first = await readImageTexts(requests, reader, store, ctx);
      expect([first.read, first.cached]).toEqual([1, 0]);
      const counting: TextReader = { ...reader, read: () => Promise.reject(new Error('read again')) };
      const second = await readImageTexts(requests, counting, store, ctx);
      expect([second.read, second.cached, second.failures.length]).toEqual([0, 1, 0]);
      expect(second.texts.get('h-upright')?.text).toBe('CLIMATE JUSTICE NOW');
      const unreadable = await readImageTexts([{ imageHash: 'h-missing', path: join(dir, 'missing.png') }], reader, store, ctx);
      expect(unreadable.failures[0]?.path).toContain('missing.png');
    } finally {
      store.close();
    }
  });
});

describe('withImageText', () => {
  it('appends the text on a line of its own, and leaves a description without text alone', () => {
    expect(withImageText('A protest.', 'KEEP IT\nIN THE GROUND')).toBe('A protest.\n\nText in the image: KEEP IT IN THE GROUND');
    expect(withImageText('A protest.', '  ')).toBe('A protest.');
    expect(withImageText('A protest.', undefined)).toBe('A protest.');
  });
});
