import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openProjectStore } from '../../src/store/index.js';
import { useProviderServers, type ProviderServer } from '../provider-server/index.js';
import { connote } from '../support/cli.js';
import { copyName, editedCopy, EXAMPLE_IMAGES, type Edit } from '../support/near-duplicates.js';
import { fileTempDir, tempDir } from '../support/temp.js';
import { appFor, json } from '../web/support.js';

/**
 * Eight of the example's photographs (none a look-alike of another) and, in reposts/ (so after
 * them in the input), five reposts of two of them: recompressed, halved and brightened copies,
 * which dHash puts within a few bits of their original. The original is each group's
 * representative: the halved copy is smaller, the others as large and later in the input. The
 * describer is the local provider server, which counts every paid call.
 */
const PHOTOS = [
  'congress-a000069.jpg',
  'congress-p000593.jpg',
  'congress-a000365.jpg',
  'nasa-conus-nitrate-07012018.jpg',
  'nasa-epa-annual--cover.jpg',
  'nasa-immersive-earth.jpg',
  'nasa-monthly.jpg',
  'nasa-bangladesh-landcover-2001-2020--dataset-cover.jpg',
];
const COPIES: ReadonlyArray<readonly [string, Edit]> = [
  ['nasa-immersive-earth.jpg', 'jpeg40'],
  ['nasa-immersive-earth.jpg', 'half'],
  ['nasa-immersive-earth.jpg', 'brighter'],
  ['congress-a000069.jpg', 'jpeg40'],
  ['congress-a000069.jpg', 'half'],
];
const IMAGES = PHOTOS.length + COPIES.length;
const repost = (photo: string, edit: Edit): string => `reposts/${copyName(photo, edit)}`;

const serve = useProviderServers();
let folder: string;

beforeAll(async () => {
  folder = fileTempDir();
  for (const photo of PHOTOS) copyFileSync(join(EXAMPLE_IMAGES, photo), join(folder, photo));
  mkdirSync(join(folder, 'reposts'));
  for (const [photo, edit] of COPIES) writeFileSync(join(folder, repost(photo, edit)), await editedCopy(join(EXAMPLE_IMAGES, photo), edit));
}, 60_000);

afterEach(() => vi.unstubAllEnvs());

const describerArgs = (server: ProviderServer) => ['--describer', 'openai', '--base-url', server.url, '--model', 'test-model', '--embedder', 'tfidf', '--reduce', 'none', '--min-cluster-size', '2', '--quiet'];

type Row = Record<string, string>;
const csv = (path: string): Row[] => parse(readFileSync(path, 'utf8'), { columns: true }) as Row[];
const runJson = (out: string) => JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));

describe('near-duplicates in a run', () => {
  it('--near-duplicates: every image described as before; the groups in duplicates.csv, assignments.csv, run.json and the store', async () => {
    vi.stubEnv('OPENAI_API_KEY', 'sk-test');
    const server = await serve();
    const out = join(tempDir(), 'project');
    const result = await connote('run', folder, '--out', out, '--near-duplicates', ...describerArgs(server));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`Near-duplicates: 2 groups of ${COPIES.length + 2} images (duplicates.csv).`);
    expect(server.stats.byRoute.chat).toBe(IMAGES);

    const duplicates = csv(join(out, 'duplicates.csv'));
    expect(Object.keys(duplicates[0])).toEqual(['group', 'size', 'images', 'representative_id', 'item_id', 'file', 'sha256', 'hamming_distance']);
    const earth = duplicates.filter((row) => row.representative_id === 'nasa-immersive-earth.jpg');
    // The representative first, then the others in input order.
    expect(earth.map((row) => row.item_id)).toEqual(['nasa-immersive-earth.jpg', ...['brighter', 'half', 'jpeg40'].map((edit) => repost('nasa-immersive-earth.jpg', edit as Edit))]);
    expect(earth.every((row) => row.size === '4' && row.images === '4')).toBe(true);
    expect(earth[0].hamming_distance).toBe('0');
    for (const row of earth.slice(1)) expect(Number(row.hamming_distance)).toBeLessThanOrEqual(10);
    expect(duplicates.filter((row) => row.representative_id === 'congress-a000069.jpg')).toHaveLength(3);
    expect(duplicates).toHaveLength(COPIES.length + 2);
    // report.html shows each group once, with its count and the image that stands for it.
    const report = readFileSync(join(out, 'report.html'), 'utf8');
    expect(report).toContain('Near-duplicates and reposts: 2 groups');
    expect(report.match(/<article class="card dup"/g)).toHaveLength(2);
    expect(report).toMatch(/<h3>Group \d+ <small>4 images<\/small><\/h3><div class="thumbs"><span class="thumb r\d+" role="img" aria-label="nasa-immersive-earth.jpg">/);

    const assignments = csv(join(out, 'assignments.csv'));
    const half = assignments.find((row) => row.id === repost('nasa-immersive-earth.jpg', 'half'))!;
    expect(half).toMatchObject({ duplicate_group: earth[0].group, near_duplicate_of: 'nasa-immersive-earth.jpg' });
    expect(assignments.find((row) => row.id === 'nasa-immersive-earth.jpg')).toMatchObject({ duplicate_group: earth[0].group, near_duplicate_of: '' });
    expect(assignments.find((row) => row.id === 'nasa-monthly.jpg')).toMatchObject({ duplicate_group: '', near_duplicate_of: '' });

    const provenance = runJson(out);
    expect(provenance.config.nearDuplicates).toEqual({ hash: 'dhash', maxDistance: 10, analysis: 'all' });
    expect(provenance.nearDuplicates).toMatchObject({
      hash: { algorithm: 'dhash', bits: 64 },
      maxDistance: 10,
      analysis: 'all',
      groups: 2,
      imagesInGroups: COPIES.length + 2,
      notDescribed: 0,
      hashed: { cached: 0, computed: IMAGES, failed: 0 },
    });
    expect(provenance.counts.nearDuplicates).toEqual({ groups: 2, images: COPIES.length + 2, notDescribed: 0 });

    // connote serve shows the run's groups.
    const store = openProjectStore(out, { readonly: true });
    try {
      const answer = await json(appFor(store).request('/api/duplicates'));
      expect(answer.grouping).toMatchObject({ id: provenance.nearDuplicates.groupingId, runId: provenance.runId, hash: 'dhash', maxDistance: 10, analysis: 'all', images: IMAGES });
      expect(answer.total).toBe(2);
      expect(answer.groups.find((g: { representativeId: string }) => g.representativeId === 'nasa-immersive-earth.jpg')).toMatchObject({ size: 4, images: 4, memberIds: earth.map((row) => row.item_id) });
    } finally {
      store.close();
    }
  }, 120_000);

  it('--near-duplicate-analysis representative: the other members are never described, and take their representative\'s cluster; a rerun hashes nothing', async () => {
    vi.stubEnv('OPENAI_API_KEY', 'sk-test');
    const server = await serve();
    const out = join(tempDir(), 'project');
    const first = await connote('run', folder, '--out', out, '--near-duplicate-analysis', 'representative', ...describerArgs(server));
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain(`${COPIES.length} not described, they take their representative's cluster`);
    // No paid call for a copy: one chat completion per image left.
    expect(server.stats.byRoute.chat).toBe(PHOTOS.length);
    const store = openProjectStore(out, { readonly: true });
    try {
      const described = store.db.prepare('SELECT COUNT(DISTINCT image_hash) AS n FROM descriptions').get() as { n: number };
      expect(described.n).toBe(PHOTOS.length);
      for (const [photo, edit] of COPIES) {
        const copy = store.images.getItem(repost(photo, edit))!;
        expect(store.descriptions.forImage(copy.hash, copy.id)).toEqual([]);
      }
    } finally {
      store.close();
    }
    const assignments = new Map(csv(join(out, 'assignments.csv')).map((row) => [row.id, row]));
    for (const [photo, edit] of COPIES) {
      const copy = assignments.get(repost(photo, edit))!;
      const original = assignments.get(photo)!;
      expect(copy.near_duplicate_of).toBe(photo);
      expect(copy.cluster_mcs2).not.toBe('');
      for (const column of ['cluster_mcs2', 'probability_mcs2', 'x', 'y']) expect(copy[column], `${copy.id} ${column}`).toBe(original[column]);
    }
    expect(runJson(out).nearDuplicates).toMatchObject({ analysis: 'representative', notDescribed: COPIES.length });
    expect(runJson(out).counts.described).toMatchObject({ new: PHOTOS.length });

    const again = await connote('run', folder, '--out', out, '--near-duplicate-analysis', 'representative', ...describerArgs(server));
    expect(again.code, again.stderr).toBe(0);
    expect(server.stats.byRoute.chat).toBe(PHOTOS.length);
    expect(runJson(out).nearDuplicates.hashed).toMatchObject({ cached: IMAGES, computed: 0 });
    expect(readFileSync(join(out, 'duplicates.csv'), 'utf8')).toContain(`,${repost('congress-a000069.jpg', 'half')},`);
  }, 120_000);

  it('an unknown hash or a distance out of range: exit 2 before anything is read, paid for or written', async () => {
    vi.stubEnv('OPENAI_API_KEY', 'sk-test');
    const server = await serve();
    const out = join(tempDir(), 'project');
    const typo = await connote('run', folder, '--out', out, '--near-duplicates', 'phsah', ...describerArgs(server));
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("near-duplicates: unknown near-duplicate hash 'phsah' (did you mean 'phash'?); choose one of: dhash, phash");
    const far = await connote('run', folder, '--out', out, '--near-duplicate-distance', '40', ...describerArgs(server));
    expect(far.code).toBe(2);
    expect(far.stderr).toContain("setting 'nearDuplicates.maxDistance' must be an integer from 0 to 16, got 40");
    const mode = await connote('run', folder, '--out', out, '--near-duplicate-analysis', 'some', ...describerArgs(server));
    expect(mode.code).toBe(2);
    expect(mode.stderr).toContain('"analysis": "all" or "representative"');
    expect(server.stats.total).toBe(0);
    expect(existsSync(out)).toBe(false);
  }, 60_000);
});
