import { copyFileSync, writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MAX_DISTANCE, groupHashes, hammingDistance, hashImages, imageHashers, type ImageHashes } from '../../src/duplicates/index.js';
import { ingest, sourceFor } from '../../src/ingest/index.js';
import { openStore } from '../../src/store/index.js';
import { createContext } from '../../src/types/context.js';
import { copyName, EDITS, editedCopy, EXAMPLE_LOOK_ALIKES, examplePhotos, measureOnExample, type NearDuplicateMeasure } from '../support/near-duplicates.js';
import { fileTempDir } from '../support/temp.js';

/**
 * The default distances, measured: the bundled example's 107 photographs and six edited copies of
 * each (JPEG quality 40, halved, 5 % border cropped, a caption strip an eighth of the height added,
 * 10 % brighter, and all of a repost at once: 60 %, captioned, JPEG 40), ingested as a run ingests
 * them (thumbnails) and hashed from those. Printed as the table in docs/outputs.md.
 */
const photos = examplePhotos().map((path) => basename(path, extname(path)));
const hashes = new Map<string, ImageHashes>();
const ids = new Map<string, string>();
const rate = new Map<string, number>();

beforeAll(async () => {
  const dir = fileTempDir();
  for (const path of examplePhotos()) {
    copyFileSync(path, join(dir, basename(path)));
    for (const edit of EDITS) writeFileSync(join(dir, copyName(path, edit)), await editedCopy(path, edit));
  }
  const store = openStore(':memory:');
  const ctx = createContext({});
  const ingested = await ingest(sourceFor(dir), store, ctx);
  expect(ingested.failures).toEqual([]);
  for (const item of ingested.items) ids.set(item.id.replace(/\.(jpg|png)$/, ''), item.hash);
  const requests = ingested.images.map((image) => ({ imageHash: image.hash, path: image.path }));
  for (const name of imageHashers.names()) {
    const result = await hashImages(requests, imageHashers.get(name).create({ settings: {} }), store, ctx);
    hashes.set(name, result);
    rate.set(name, result.computed / result.seconds);
  }
  store.close();
}, 240_000);

function measure(name: string, maxDistance: number): NearDuplicateMeasure {
  const found = hashes.get(name)!.hashes;
  return measureOnExample(
    photos,
    (photo) => found.get(ids.get(photo)!)!,
    hammingDistance,
    (values) => groupHashes(values, { maxDistance }),
    maxDistance,
  );
}

const percent = (x: number) => `${Math.round(x * 100)} %`;

describe('near-duplicates on the bundled example', () => {
  it('prints the measurements behind the defaults', () => {
    const lines = ['| hash, distance | false pairs (of 5,671) | photos wrongly grouped (of 107) | ' + EDITS.join(' | ') + ' |'];
    for (const name of imageHashers.names()) {
      for (const d of [4, 6, 8, 10, 12]) {
        const m = measure(name, d);
        lines.push(`| ${name} ${d}${d === DEFAULT_MAX_DISTANCE[name] ? ' (default)' : ''} | ${m.falsePairs.length} | ${m.photosFalselyGrouped} | ${EDITS.map((e) => percent(m.recall[e])).join(' | ')} |`);
      }
      lines.push(`hashing with ${name}: ${Math.round(rate.get(name)!)} images/s from thumbnails`);
    }
    console.log(lines.join('\n'));
    expect(lines.length).toBeGreaterThan(10);
  });

  it('dHash at 10: copies re-encoded, halved or brightened join their original; crops and captions about 6 times in 10; one pair of distinct portraits joins', () => {
    const m = measure('dhash', DEFAULT_MAX_DISTANCE.dhash);
    expect(DEFAULT_MAX_DISTANCE.dhash).toBe(10);
    expect(m.recall.jpeg40).toBeGreaterThanOrEqual(0.98);
    expect(m.recall.half).toBeGreaterThanOrEqual(0.99);
    expect(m.recall.brighter).toBeGreaterThanOrEqual(0.98);
    expect(m.recall.crop5).toBeGreaterThanOrEqual(0.6);
    expect(m.recall.caption).toBeGreaterThanOrEqual(0.55);
    expect(m.recall.repost).toBeGreaterThanOrEqual(0.55);
    // Two official portraits alike in pose, suit, framing and background: the one false merge at 10.
    expect(m.falsePairs).toEqual([['congress-g000569', 'congress-s001188', 6]]);
    expect(m.photosFalselyGrouped).toBe(2);
    // One step further and false merges multiply: why 10 is the default.
    expect(measure('dhash', 11).falsePairs.length).toBeGreaterThanOrEqual(4);
  });

  it('pHash at 8: no two distinct photographs join; re-encoded, halved and brightened copies all do, crops and captions seldom', () => {
    const m = measure('phash', DEFAULT_MAX_DISTANCE.phash);
    expect(DEFAULT_MAX_DISTANCE.phash).toBe(8);
    expect(m.falsePairs).toEqual([]);
    expect(m.photosFalselyGrouped).toBe(0);
    expect(m.recall.jpeg40).toBe(1);
    expect(m.recall.half).toBe(1);
    expect(m.recall.brighter).toBe(1);
    expect(m.recall.crop5).toBeGreaterThanOrEqual(0.2);
    // pHash distances are even (31 of 63 bits are always set): 10 is the next step, and a false merge.
    expect(measure('phash', 10).falsePairs.length).toBeGreaterThanOrEqual(1);
  });

  it('joins the example\'s own look-alikes with either hash at its default', () => {
    for (const name of imageHashers.names()) {
      const found = hashes.get(name)!.hashes;
      for (const [a, b] of EXAMPLE_LOOK_ALIKES) {
        expect(hammingDistance(found.get(ids.get(a)!)!, found.get(ids.get(b)!)!), `${name}: ${a} ~ ${b}`).toBeLessThanOrEqual(DEFAULT_MAX_DISTANCE[name]);
      }
    }
  });

  it('hashes the same thumbnails to the same values every time (golden values of one photograph)', () => {
    const photo = ids.get('nasa-immersive-earth')!;
    expect(hashes.get('dhash')!.hashes.get(photo)!.toString(16).padStart(16, '0')).toMatchInlineSnapshot(`"6667666667765676"`);
    expect(hashes.get('phash')!.hashes.get(photo)!.toString(16).padStart(16, '0')).toMatchInlineSnapshot(`"2fce43731a313934"`);
  });
});
