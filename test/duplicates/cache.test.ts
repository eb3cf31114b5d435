import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findNearDuplicates, hashImages, imageHashers, type ImageHasher } from '../../src/duplicates/index.js';
import { openStore } from '../../src/store/index.js';
import { MIGRATIONS } from '../../src/store/schema.js';
import { createContext } from '../../src/types/context.js';
import { syntheticImage } from '../support/images.js';
import { tempDir } from '../support/temp.js';

/** A hasher that counts what it is asked to hash. */
function counting(name: 'dhash' | 'phash'): ImageHasher & { calls: number } {
  const inner = imageHashers.get(name).create({ settings: {} });
  const hasher = { ...inner, calls: 0, hash: async (image: Buffer) => (hasher.calls++, inner.hash(image)) };
  return hasher;
}

describe('the hash cache (migration 10)', () => {
  it('is the last migration, and holds image_hashes and the groupings', () => {
    const store = openStore(':memory:');
    expect(MIGRATIONS.at(-1)).toMatch(/CREATE TABLE image_hashes/);
    expect(store.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(store.imageHashes.count()).toBe(0);
    store.close();
  });

  it('hashes each image once: a second pass reads every hash from the store, another algorithm or version hashes again', async () => {
    const dir = tempDir();
    const requests = await Promise.all(
      [0, 40, 80].map(async (hue) => {
        const path = join(dir, `h${hue}.png`);
        writeFileSync(path, await syntheticImage('png', { width: 64, height: 48, hue }));
        return { imageHash: `sha-${hue}`, path };
      }),
    );
    const store = openStore(':memory:');
    const ctx = createContext({});
    const hasher = counting('dhash');
    const first = await hashImages(requests, hasher, store, ctx);
    expect(first).toMatchObject({ cached: 0, computed: 3, failures: [] });
    expect(hasher.calls).toBe(3);
    const second = await hashImages(requests, hasher, store, ctx);
    expect(second).toMatchObject({ cached: 3, computed: 0 });
    expect(hasher.calls).toBe(3);
    expect([...second.hashes]).toEqual([...first.hashes]);
    // Stored as hexadecimal, keyed by algorithm and version.
    const row = store.db.prepare("SELECT bits, value, version FROM image_hashes WHERE image_hash = 'sha-0'").get() as { bits: number; value: string; version: string };
    expect(row).toMatchObject({ bits: 64, value: first.hashes.get('sha-0')!.toString(16).padStart(16, '0'), version: hasher.version });
    const phash = counting('phash');
    expect(await hashImages(requests, phash, store, ctx)).toMatchObject({ cached: 0, computed: 3 });
    const newer = { ...counting('dhash'), version: `${hasher.version}+next` };
    expect(await hashImages(requests, newer, store, ctx)).toMatchObject({ cached: 0, computed: 3 });
    store.close();
  });

  it('reports an undecodable image and groups the rest without it', async () => {
    const dir = tempDir();
    const good = join(dir, 'good.png');
    writeFileSync(good, await syntheticImage('png'));
    const bad = join(dir, 'bad.png');
    writeFileSync(bad, 'not an image');
    const store = openStore(':memory:');
    const found = await findNearDuplicates(
      [{ imageHash: 'a', path: good }, { imageHash: 'b', path: bad }, { imageHash: 'c', path: good }],
      imageHashers.get('dhash').create({ settings: {} }),
      store,
      createContext({}),
      { maxDistance: 0 },
    );
    expect(found.failures).toHaveLength(1);
    expect(found.failures[0]).toMatchObject({ imageHash: 'b', path: bad });
    expect(found.groups).toEqual([{ id: 1, representative: 'a', members: [{ imageHash: 'a', distance: 0 }, { imageHash: 'c', distance: 0 }] }]);
    // Nothing is cached for the failure: it is tried again next time.
    expect(store.imageHashes.count()).toBe(2);
    store.close();
  });

  it('prefers the largest image (in pixels) as representative, then the earlier', async () => {
    const dir = tempDir();
    const path = join(dir, 'x.png');
    writeFileSync(path, await syntheticImage('png'));
    const store = openStore(':memory:');
    const found = await findNearDuplicates(
      [
        { imageHash: 'small', path, width: 100, height: 100 },
        { imageHash: 'large', path, width: 200, height: 100 },
        { imageHash: 'large-too', path, width: 100, height: 200 },
      ],
      imageHashers.get('dhash').create({ settings: {} }),
      store,
      createContext({}),
      { maxDistance: 0 },
    );
    expect(found.groups[0].representative).toBe('large');
    store.close();
  });
});
