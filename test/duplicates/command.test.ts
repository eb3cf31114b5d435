import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { findDuplicates } from '../../src/pipeline/near-duplicates.js';
import { openProjectStore } from '../../src/store/index.js';
import { silentLogger, silentProgress } from '../../src/types/context.js';
import { connote } from '../support/cli.js';
import { copyName, editedCopy, EXAMPLE_IMAGES } from '../support/near-duplicates.js';
import { fileTempDir, tempDir } from '../support/temp.js';
import { appFor, json } from '../web/support.js';

const PHOTOS = ['congress-a000069.jpg', 'nasa-immersive-earth.jpg', 'nasa-epa-annual--cover.jpg', 'nasa-conus-nitrate-07012018.jpg'];
let folder: string;

/** Four photographs, a recompressed and a halved copy of the first, and a byte-identical copy of the second. */
beforeAll(async () => {
  folder = fileTempDir();
  for (const photo of PHOTOS) copyFileSync(join(EXAMPLE_IMAGES, photo), join(folder, photo));
  mkdirSync(join(folder, 'reposts'));
  for (const edit of ['jpeg40', 'half'] as const) writeFileSync(join(folder, 'reposts', copyName(PHOTOS[0], edit)), await editedCopy(join(EXAMPLE_IMAGES, PHOTOS[0]), edit));
  copyFileSync(join(EXAMPLE_IMAGES, PHOTOS[1]), join(folder, 'reposts', 'same-earth.jpg'));
}, 60_000);

const io = { logger: silentLogger, progress: silentProgress };

describe('connote duplicates', () => {
  it('on a folder: ingests into --out, prints the groups and writes duplicates.csv; again, hashes nothing', async () => {
    const out = join(tempDir(), 'project');
    const result = await connote('duplicates', folder, '--out', out, '--quiet');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^dhash \(64 bits\) at distance 10: 1 groups of near-duplicates, 3 of 6 distinct images \(7 items\); 6 hashed, 0 from cache/);
    expect(result.stdout).toMatch(/group 1: 3 items, 3 images; representative congress-a000069\.jpg; reposts\/congress-a000069\.half\.png \(\d+\), reposts\/congress-a000069\.jpeg40\.jpg \(\d+\)/);
    const rows = parse(readFileSync(join(out, 'duplicates.csv'), 'utf8'), { columns: true }) as Array<Record<string, string>>;
    expect(rows.map((r) => [r.group, r.size, r.representative_id, r.item_id])).toEqual([
      ['1', '3', 'congress-a000069.jpg', 'congress-a000069.jpg'],
      ['1', '3', 'congress-a000069.jpg', 'reposts/congress-a000069.half.png'],
      ['1', '3', 'congress-a000069.jpg', 'reposts/congress-a000069.jpeg40.jpg'],
    ]);
    const again = await findDuplicates({ input: folder, out }, io);
    expect(again).toMatchObject({ cached: 6, computed: 0, images: 6, items: 7 });
  }, 60_000);

  it('--json, --hash phash, --max-distance 0 on the project: a byte-identical copy is an exact duplicate, not a group; the grouping is served', async () => {
    const out = join(tempDir(), 'project');
    await findDuplicates({ input: folder, out }, io);
    const result = await connote('duplicates', out, '--hash', 'phash', '--max-distance', '0', '--json');
    expect(result.code, result.stderr).toBe(0);
    const answer = JSON.parse(result.stdout);
    expect(answer).toMatchObject({ project: out, hash: { algorithm: 'phash', bits: 63 }, maxDistance: 0, images: 6, items: 7, cached: 0, computed: 6 });
    // At distance 0 only identical hashes join: pHash keeps every bit of this portrait through recompression and halving.
    expect(answer.groups.map((g: { memberIds: string[] }) => g.memberIds)).toEqual([['congress-a000069.jpg', 'reposts/congress-a000069.half.png', 'reposts/congress-a000069.jpeg40.jpg']]);
    for (const group of answer.groups) expect(group.distances.every((d: number) => d === 0)).toBe(true);
    expect(answer.groups.flatMap((g: { memberIds: string[] }) => g.memberIds)).not.toContain('reposts/same-earth.jpg');

    const store = openProjectStore(out, { readonly: true });
    try {
      const app = appFor(store);
      const latest = await json(app.request('/api/duplicates'));
      expect(latest.groupings.map((g: { hash: string }) => g.hash)).toEqual(['dhash', 'phash']);
      expect(latest.grouping).toMatchObject({ id: answer.groupingId, runId: null, hash: 'phash', maxDistance: 0, analysis: null });
      const first = await json(app.request(`/api/duplicates?grouping=${latest.groupings[0].id}&limit=1`));
      expect(first).toMatchObject({ total: 1, imagesInGroups: 3, offset: 0, grouping: { hash: 'dhash', maxDistance: 10 } });
      expect(first.groups).toEqual([
        {
          group: 1,
          representativeId: 'congress-a000069.jpg',
          memberIds: ['congress-a000069.jpg', 'reposts/congress-a000069.half.png', 'reposts/congress-a000069.jpeg40.jpg'],
          distances: [0, expect.any(Number), expect.any(Number)],
          size: 3,
          images: 3,
        },
      ]);
      expect((await json(app.request(`/api/duplicates?grouping=${latest.groupings[0].id}&offset=1`))).groups).toEqual([]);
      expect((await app.request('/api/duplicates?grouping=999')).status).toBe(404);
      expect((await app.request('/api/duplicates?limit=0')).status).toBe(400);
    } finally {
      store.close();
    }
  }, 60_000);

  it('a project with no grouping answers null, not an error', async () => {
    const out = join(tempDir(), 'project');
    const store = openProjectStore(out);
    try {
      expect(await json(appFor(store).request('/api/duplicates'))).toEqual({ grouping: null, groupings: [], total: 0, imagesInGroups: 0, offset: 0, groups: [] });
    } finally {
      store.close();
    }
  });

  it('an unknown hash or a distance out of range: exit 2, every problem at once', async () => {
    const result = await connote('duplicates', folder, '--out', join(tempDir(), 'p'), '--hash', 'ahash', '--max-distance', '30');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--hash: unknown near-duplicate hash 'ahash'");
    expect(result.stderr).toContain('--max-distance must be a whole number from 0 to 16, got 30');
  });
});
