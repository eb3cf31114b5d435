import sharp from 'sharp';
import { expect, test } from 'vitest';
import { readImageHeader } from '../../src/describe/image-header.js';

const create = (width: number, height: number) => sharp({ create: { width, height, channels: 3, background: '#808040' } });

test.each([
  [1, 1],
  [40, 30],
  [1024, 683],
  [3000, 17],
])('PNG and JPEG sizes (%i x %i) match what sharp reads', async (width, height) => {
  for (const bytes of [await create(width, height).png().toBuffer(), await create(width, height).jpeg().toBuffer(), await create(width, height).jpeg({ progressive: true }).toBuffer()]) {
    const meta = await sharp(bytes).metadata();
    expect(readImageHeader(bytes)).toEqual({ format: meta.format, width: meta.width, height: meta.height });
  }
});

test('anything uncertain is left to sharp: EXIF that may rotate, other formats, cut-off files', async () => {
  expect(readImageHeader(await create(60, 20).jpeg().withMetadata({ orientation: 6 }).toBuffer())).toBeUndefined();
  expect(readImageHeader(await create(60, 20).webp().toBuffer())).toBeUndefined();
  expect(readImageHeader(await create(60, 20).gif().toBuffer())).toBeUndefined();
  const jpeg = await create(60, 20).jpeg().toBuffer();
  expect(readImageHeader(jpeg.subarray(0, 30))).toBeUndefined();
  expect(readImageHeader(Buffer.from('not an image at all, just text'))).toBeUndefined();
});
