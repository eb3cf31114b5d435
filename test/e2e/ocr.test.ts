import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openProjectStore } from '../../src/store/index.js';
import { connote } from '../support/cli.js';
import { FONTS_PRESENT, renderTextImage, TEXT_IMAGE_CASES } from '../support/text-images.js';
import { tempDir } from '../support/temp.js';
import { appFor, json } from '../web/support.js';

const PHOTO = 'examples/climate-demo/images/nasa-connected-earth-disasters.jpg';
const SIGNS = TEXT_IMAGE_CASES.filter((c) => ['sans-64-upright', 'serif-48-upright', 'sans-bold-72', 'sans-24-small', 'serif-30-dark', 'serif-italic-44'].includes(c.name));

/** A folder of six rendered signs, with a reference description for each and a config. */
async function signFolder(): Promise<string> {
  const dir = tempDir();
  for (const sign of SIGNS) await renderTextImage(sign, dir, PHOTO);
  const lines = SIGNS.map((sign, i) => JSON.stringify({ id: `${sign.name}.png`, text: `A ${i % 2 ? 'placard' : 'poster'} held up at a climate demonstration.` }));
  writeFileSync(join(dir, 'descriptions.jsonl'), `${lines.join('\n')}\n`);
  writeFileSync(join(dir, 'connote.config.json'), JSON.stringify({ describer: { name: 'reference', file: 'descriptions.jsonl' }, embedder: 'tfidf', minClusterSizes: [2] }));
  return dir;
}

describe.skipIf(!FONTS_PRESENT)('OCR in a run, offline', () => {
  it('--describer ocr: the text in each image is its description', async () => {
    const dir = await signFolder();
    const out = join(dir, 'out');
    const result = await connote('run', dir, '--out', out, '--describer', 'ocr', '--quiet');
    expect(result.code, result.stderr).toBe(0);
    const store = openProjectStore(out, { readonly: true });
    try {
      const texts = (store.descriptions as unknown as { db: import('better-sqlite3').Database }).db
        .prepare("SELECT text FROM descriptions WHERE describer = 'ocr' AND status = 'ok'")
        .all()
        .map((row) => (row as { text: string }).text);
      expect(texts).toContain('CLIMATE JUSTICE NOW');
      expect(texts).toContain('Sea level rose 21 cm since 1880');
    } finally {
      store.close();
    }
    const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as { describer: { describer: string; model: string } };
    expect(run.describer).toMatchObject({ describer: 'ocr', model: 'tesseract.js 7.0.0, eng 4.0.0' });
  }, 120_000);

  it('--ocr: appends "Text in the image" to every description, records the engine, reads nothing twice', async () => {
    const dir = await signFolder();
    const out = join(dir, 'out');
    const first = await connote('run', dir, '--out', out, '--ocr');
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/tesseract found text in 6 of 6 images/);
    const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as { ocr: { engine: { engine: string }; read: number } };
    expect(run.ocr).toMatchObject({ engine: { engine: 'tesseract' }, withText: 6, read: 6 });
    const store = openProjectStore(out, { readonly: true });
    try {
      const item = store.images.getItem('sans-64-upright.png');
      expect(item, 'the item id is the file name').toBeDefined();
      expect(store.imageTexts.forImage(item!.hash).map((read) => read.text)).toEqual(['CLIMATE JUSTICE NOW']);
      // The image page of connote serve shows what was read.
      const detail = await json<{ imageTexts: Array<{ engine: string; text: string }> }>(appFor(store).request('/api/items/sans-64-upright.png'));
      expect(detail.imageTexts).toMatchObject([{ engine: 'tesseract', text: 'CLIMATE JUSTICE NOW' }]);
    } finally {
      store.close();
    }
    // Two reference texts, six images: each enriched text is a row of its own, embedded on its own.
    expect((JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as { counts: { embedded: { new: number } } }).counts.embedded.new).toBe(6);
    const again = await connote('run', dir, '--out', out, '--ocr');
    expect(again.code, again.stderr).toBe(0);
    expect((JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as { ocr: { cached: number; read: number } }).ocr).toMatchObject({ cached: 6, read: 0 });
    const both = await connote('run', dir, '--out', join(dir, 'both'), '--ocr', '--describer', 'ocr');
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--ocr with --describer ocr/);
  }, 120_000);

  it('evaluate --also-ocr scores the OCR-enriched descriptions beside the plain ones and the CNN', async () => {
    const dir = await signFolder();
    const ids = SIGNS.map((sign) => `${sign.name}.png`);
    const pairs = ids.flatMap((a, i) => ids.slice(i + 1).map((b) => [a, b]));
    writeFileSync(join(dir, 'pairs.csv'), `pair_id,image_a,image_b\n${pairs.map(([a, b], i) => `q${i + 1},${a},${b}`).join('\n')}\n`);
    const ratings = pairs.flatMap((_, i) => ['ann', 'ben'].map((coder) => `q${i + 1},${coder},${(i % 3) + 1},${((i + (coder === 'ben' ? 1 : 0)) % 3) + 1}`));
    writeFileSync(join(dir, 'ratings.csv'), `pair_id,coder,denotative,connotative\n${ratings.join('\n')}\n`);
    const out = join(dir, 'evaluation');
    const result = await connote('evaluate', dir, '--out', out, '--pairs', join(dir, 'pairs.csv'), '--ratings', join(dir, 'ratings.csv'), '--also-ocr', '--replicates', '100', '--permutations', '100');
    expect(result.code, result.stderr).toBe(0);
    const table = readFileSync(join(out, 'evaluation.md'), 'utf8');
    expect(table).toMatch(/descriptions \(VLM\) \+ text in the image \(OCR\)/);
    expect(table).toMatch(/image features \(CNN\)/);
  }, 180_000);
});
