import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createContext } from '../../src/types/context.js';
import { folderSource, ingest, inspectImage, manifestSource, sourceFor } from '../../src/ingest/index.js';
import { DEFAULT_LIMITS } from '../../src/ingest/inspect.js';
import { openStore } from '../../src/store/index.js';
import { syntheticImage } from '../support/images.js';
import { tempDir } from '../support/temp.js';

const EXAMPLE_IMAGE = 'examples/climate-demo/images/nasa-earthrise.jpg';

describe('inspectImage', () => {
  it.each(['jpeg', 'png', 'webp', 'gif', 'avif', 'tiff'] as const)('reads %s, hashes the bytes and makes a thumbnail', async (format) => {
    const dir = tempDir();
    const path = join(dir, `a.${format}`);
    const bytes = await syntheticImage(format);
    writeFileSync(path, bytes);
    const result = await inspectImage(path);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.image.format).toBe(format);
    expect(result.image.width).toBe(48);
    expect(result.image.height).toBe(32);
    expect(result.image.bytes).toBe(bytes.length);
    expect(result.image.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(result.thumbnail?.type).toBe('image/webp');
  });

  it('names the reason for each bad file', async () => {
    const dir = tempDir();
    const cases: Record<string, Buffer | string> = {
      'empty.jpg': Buffer.alloc(0),
      'notes.jpg': 'this is a text file, not an image\n',
      'truncated.jpg': readFileSync(EXAMPLE_IMAGE).subarray(0, 4000),
      'photo.heic': Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic'), Buffer.alloc(40)]),
    };
    for (const [name, content] of Object.entries(cases)) writeFileSync(join(dir, name), content);
    const reasons = Object.fromEntries(
      await Promise.all(
        Object.keys(cases).map(async (name) => {
          const result = await inspectImage(join(dir, name));
          return [name, result.ok ? 'ok' : result.reason] as const;
        }),
      ),
    );
    expect(reasons['empty.jpg']).toBe('empty file (0 bytes)');
    expect(reasons['notes.jpg']).toMatch(/^not a readable image/);
    expect(reasons['truncated.jpg']).toMatch(/^corrupt or truncated image data/);
    expect(reasons['photo.heic']).toMatch(/HEIC\/HEIF .* not supported: convert it to JPEG/);
    const missing = await inspectImage(join(dir, 'absent.png'));
    expect(missing).toEqual({ ok: false, reason: 'file not found' });
  });

  it('rejects images over the pixel and size limits, saying how to raise them', async () => {
    const dir = tempDir();
    const path = join(dir, 'big.png');
    writeFileSync(path, await syntheticImage('png', { width: 400, height: 300 }));
    const pixels = await inspectImage(path, { ...DEFAULT_LIMITS, maxPixels: 100_000 });
    expect(pixels.ok ? '' : pixels.reason).toMatch(/400 x 300 .* over the limit .*--max-megapixels/);
    const bytes = await inspectImage(path, { ...DEFAULT_LIMITS, maxBytes: 100 });
    expect(bytes.ok ? '' : bytes.reason).toMatch(/over the limit .*--max-file-mb/);
  });
});

describe('sources', () => {
  it('lists a folder recursively with relative ids, ignoring non-image files', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'sub', 'deeper'), { recursive: true });
    writeFileSync(join(dir, 'b.png'), await syntheticImage('png'));
    writeFileSync(join(dir, 'sub', 'deeper', 'a.JPG'), await syntheticImage('jpeg'));
    writeFileSync(join(dir, 'readme.txt'), 'hello');
    writeFileSync(join(dir, '.hidden.png'), 'x');
    const listing = await folderSource(dir).list();
    expect(listing.entries.map((e) => e.id)).toEqual(['b.png', 'sub/deeper/a.JPG']);
  });

  it('reads a manifest: id, path or file, metadata; reports rows it cannot use', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'm.csv'),
      'id,file,author\nx1,imgs/one.png,Ada\nx2,,Bob\nx1,imgs/two.png,Cy\n"x3","/abs/three.png","Dee, Jr."\n',
    );
    const listing = await manifestSource(join(dir, 'm.csv')).list();
    expect(listing.entries).toEqual([
      { id: 'x1', path: join(dir, 'imgs/one.png'), metadata: { author: 'Ada' } },
      { id: 'x3', path: '/abs/three.png', metadata: { author: 'Dee, Jr.' } },
    ]);
    expect(listing.problems.map((p) => p.message)).toEqual([
      `${join(dir, 'm.csv')} line 3: empty 'file'`,
      `${join(dir, 'm.csv')} line 4: duplicate id 'x1' (first one kept)`,
    ]);
  });

  it('refuses a manifest without a path column', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'm.csv'), 'id,author\na,b\n');
    await expect(manifestSource(join(dir, 'm.csv')).list()).rejects.toThrow(/needs a 'path' or 'file' column/);
  });

  it('picks the source from the path', () => {
    expect(sourceFor('examples/climate-demo/images').name).toBe('folder');
    expect(sourceFor('examples/climate-demo/manifest.csv').name).toBe('manifest');
    expect(() => sourceFor('examples/climate-demo/README.md')).toThrow(/neither a folder nor a .csv manifest/);
    expect(() => sourceFor('no/such/place')).toThrow(/input not found/);
  });
});

describe('ingest', () => {
  it('groups exact duplicates, records bad files and keeps going', async () => {
    const dir = tempDir();
    copyFileSync(EXAMPLE_IMAGE, join(dir, 'a.jpg'));
    copyFileSync(EXAMPLE_IMAGE, join(dir, 'copy-of-a.jpg'));
    writeFileSync(join(dir, 'b.png'), await syntheticImage('png'));
    writeFileSync(join(dir, 'broken.jpg'), readFileSync(EXAMPLE_IMAGE).subarray(0, 3000));
    writeFileSync(join(dir, 'text.png'), 'not an image');
    const store = openStore(':memory:');
    const result = await ingest(folderSource(dir), store, createContext());
    expect(result.images).toHaveLength(2);
    expect(result.duplicates).toBe(1);
    const a = result.images.find((image) => image.items.length === 2);
    expect(a?.items.map((i) => i.id)).toEqual(['a.jpg', 'copy-of-a.jpg']);
    expect(result.failures.map((f) => f.id).sort()).toEqual(['broken.jpg', 'text.png']);
    expect(store.images.listItems().map((i) => i.id)).toEqual(['a.jpg', 'b.png', 'copy-of-a.jpg']);
    expect(store.images.thumbnail(a?.hash as string)?.type).toBe('image/webp');

    // A second ingest recognises the stored images by hash and does not decode them again.
    const again = await ingest(folderSource(dir), store, createContext());
    expect(again.alreadyKnown).toBe(2);
    expect(again.images.map((i) => i.hash).sort()).toEqual(result.images.map((i) => i.hash).sort());
    store.close();
  });
});
