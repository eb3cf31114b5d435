import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { connote } from '../support/cli.js';
import { tempDir } from '../support/temp.js';

const EXAMPLE = 'examples/climate-demo';
const manifest = readFileSync(join(EXAMPLE, 'manifest.csv'), 'utf8').trim().split('\n').slice(1).map((line) => line.split(','));
const references = new Map(
  readFileSync(join(EXAMPLE, 'descriptions.connotative.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { id: string; text: string })
    .map((entry) => [entry.id, entry.text]),
);

/** A folder of the example's first `count` images, with their reference descriptions keyed by file name and a config. */
function smallFolder(count: number): string {
  const dir = tempDir();
  const lines: string[] = [];
  for (const [id, file] of manifest.slice(0, count)) {
    copyFileSync(join(EXAMPLE, file), join(dir, `${id}.jpg`));
    lines.push(JSON.stringify({ id: `${id}.jpg`, text: references.get(id) }));
  }
  writeFileSync(join(dir, 'descriptions.jsonl'), `${lines.join('\n')}\n`);
  writeFileSync(join(dir, 'connote.config.json'), JSON.stringify({ describer: { name: 'reference', file: 'descriptions.jsonl' }, embedder: 'tfidf' }));
  return dir;
}

describe('small corpora complete with a clear note', () => {
  it.each([3, 5])('a folder of %i images: UMAP falls back as umap-learn does, too-large cluster sizes warn, and run.json says so', async (count) => {
    const dir = smallFolder(count);
    const out = join(dir, 'out');
    const result = await connote('run', dir, '--out', out);
    expect(result.stderr).not.toMatch(/largestEigenpairs/);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`Done in .*: ${count} images`));
    expect(result.stderr).toMatch(new RegExp(`a spectral initialisation of 5 components needs more than 6 points, got ${count}; falling back to random initialisation`));
    expect(result.stderr).toMatch(new RegExp(`min cluster size 10 is larger than the ${count} clustered rows`));
    const rows = parse(readFileSync(join(out, 'assignments.csv'), 'utf8'), { columns: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(count);
    for (const row of rows) expect(Number.isFinite(Number(row.x)) && Number.isFinite(Number(row.y))).toBe(true);
    const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as { notes: Array<{ stage: string; message: string }> };
    expect(run.notes.map((n) => n.stage)).toEqual(expect.arrayContaining(['reduce:reduction', 'reduce:layout', 'cluster:hdbscan:mcs10']));
    expect(run.notes.find((n) => n.stage === 'reduce:reduction')!.message).toMatch(/^5-D reduction for clustering: UMAP: /);
  });

  it('an empty folder says it found no images', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'photos'));
    // The pre-flight sees it before anything is written: a usage error, exit 2.
    const result = await connote('run', join(dir, 'photos'), '--out', join(dir, 'out'), '--describer', 'reference', '--embedder', 'tfidf');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/input .*photos has no images \(looked for \.jpg, /);
    expect(result.stderr).not.toMatch(/see the errors above/);
  });

  it('a folder whose only files are unreadable says so', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'photos'));
    writeFileSync(join(dir, 'photos', 'notes.png'), 'meeting notes, not an image');
    writeFileSync(join(dir, 'descriptions.jsonl'), '{"id":"notes.png","text":"meeting notes"}\n');
    // Named like an image, so only opening it tells: the run stops after ingest, before describing.
    const result = await connote('run', join(dir, 'photos'), '--out', join(dir, 'out'), '--describer', 'reference', '--describer-settings', `file=${join(dir, 'descriptions.jsonl')}`, '--embedder', 'tfidf');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/none of the 1 files in .*photos could be read as an image/);
  });
});
