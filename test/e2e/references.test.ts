import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { openProjectStore } from '../../src/store/index.js';
import { descriptionsJson } from '../../src/web/summaries.js';
import { connote, type CliResult } from '../support/cli.js';
import { fileTempDir } from '../support/temp.js';

const EXAMPLE = 'examples/climate-demo';
const TEXT_A = 'Annotator A reads the protest banner as hopeful solidarity: young people demanding climate action together.';
const TEXT_B = 'Annotator B reads the same banner as anger and fear: a warning that politicians are failing the planet.';

/**
 * The same meme posted twice (byte-identical files, two ids) with two annotators' captions,
 * among twelve other images of the example.
 */
describe('byte-identical images with different reference descriptions', () => {
  let dir: string;
  let first: CliResult;

  beforeAll(async () => {
    dir = fileTempDir('connote-references-');
    const manifest = readFileSync(join(EXAMPLE, 'manifest.csv'), 'utf8').trim().split('\n').slice(1, 13).map((line) => line.split(','));
    const texts = new Map(
      readFileSync(join(EXAMPLE, 'descriptions.connotative.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { id: string; text: string })
        .map((entry) => [entry.id, entry.text]),
    );
    const rows = ['id,file'];
    const lines: string[] = [];
    for (const [id, file] of manifest) {
      copyFileSync(join(EXAMPLE, file), join(dir, `${id}.jpg`));
      rows.push(`${id},${id}.jpg`);
      lines.push(JSON.stringify({ id, text: texts.get(id) }));
    }
    copyFileSync(join(EXAMPLE, manifest[0][1]), join(dir, 'meme-post-1.jpg'));
    copyFileSync(join(EXAMPLE, manifest[0][1]), join(dir, 'meme-post-2.jpg'));
    rows.push('meme-1,meme-post-1.jpg', 'meme-2,meme-post-2.jpg');
    lines.push(JSON.stringify({ id: 'meme-1', text: TEXT_A }), JSON.stringify({ id: 'meme-2', text: TEXT_B }));
    writeFileSync(join(dir, 'manifest.csv'), `${rows.join('\n')}\n`);
    writeFileSync(join(dir, 'descriptions.jsonl'), `${lines.join('\n')}\n`);
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ describer: { name: 'reference', file: 'descriptions.jsonl' }, embedder: 'tfidf', minClusterSizes: [3] }));
    first = await connote('run', join(dir, 'manifest.csv'), '--config', join(dir, 'config.json'), '--out', join(dir, 'out'));
  }, 120_000);

  it('keeps and embeds both texts, says so, and records it in run.json', () => {
    expect(first.code).toBe(0);
    // 14 items, 12 distinct files: the meme is the first example image, posted twice more, so
    // that file carries three texts (its own and both annotators'), and all 14 texts are embedded.
    expect(first.stdout).toMatch(/14 images \(12 distinct, 2 exact duplicates described once\)/);
    expect(first.stdout).toMatch(/Embeddings: 0 from cache, 14 new/);
    expect(first.stderr).toMatch(/1 byte-identical image carries different descriptions for different items \(.* \/ meme-1 \/ meme-2\): each text is kept/);
    const run = JSON.parse(readFileSync(join(dir, 'out', 'run.json'), 'utf8')) as { notes: Array<{ stage: string; message: string }> };
    expect(run.notes.some((n) => n.stage === 'describe' && /meme-1/.test(n.message) && /meme-2/.test(n.message))).toBe(true);
  });

  it('gives each item its own row in the outputs and its own text in the store and the web app', () => {
    const assignments = parse(readFileSync(join(dir, 'out', 'assignments.csv'), 'utf8'), { columns: true }) as Array<Record<string, string>>;
    expect(assignments).toHaveLength(14);
    const meme1 = assignments.find((row) => row.id === 'meme-1')!;
    const meme2 = assignments.find((row) => row.id === 'meme-2')!;
    // Two texts, two points on the map.
    expect([meme1.x, meme1.y]).not.toEqual([meme2.x, meme2.y]);
    const store = openProjectStore(join(dir, 'out'));
    try {
      const [item1, item2] = ['meme-1', 'meme-2'].map((id) => store.explore.items([id])[0]);
      expect(item1.hash).toBe(item2.hash);
      expect(descriptionsJson(store, item1).map((d) => d.text)).toEqual([TEXT_A]);
      expect(descriptionsJson(store, item2).map((d) => d.text)).toEqual([TEXT_B]);
      expect(store.search.search('solidarity').itemIds).toEqual(expect.arrayContaining(['meme-1']));
      expect(store.search.search('solidarity').itemIds).not.toContain('meme-2');
    } finally {
      store.close();
    }
  });

  it('describes, embeds and reduces nothing again on a second run', async () => {
    const second = await connote('run', join(dir, 'manifest.csv'), '--config', join(dir, 'config.json'), '--out', join(dir, 'out'));
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/Descriptions: 12 from cache, 0 new/);
    expect(second.stdout).toMatch(/Embeddings: 14 from cache, 0 new\. Reductions from cache/);
  });
});
