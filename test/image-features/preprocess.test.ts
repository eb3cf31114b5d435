import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CAFFE_PREPROCESSING,
  IMAGENET_PREPROCESSING,
  cropBox,
  preprocessImage,
  readPreprocessing,
  type ImagePreprocessing,
} from '../../src/image-features/preprocess.js';
import { writePng, writeSolidPng } from '../support/images.js';
import { fileTempDir } from '../support/temp.js';


/** 6 wide × 4 high; pixel (x, y) = [10x + y, 100 + 10x + y, 200 - 10x - y]: every value tells where it came from. */
function gradient(): number[] {
  const values: number[] = [];
  for (let y = 0; y < 4; y++) for (let x = 0; x < 6; x++) values.push(10 * x + y, 100 + 10 * x + y, 200 - 10 * x - y);
  return values;
}

const normalised = (value: number, channel: number, p: ImagePreprocessing) => (value * p.scale - p.mean[channel]) / p.std[channel];

describe('preprocessImage', () => {
  it('centre-crops without resampling when the image already has the target size, into NCHW', async () => {
    const path = join(fileTempDir('connote-preprocess-'), 'gradient.png');
    await writePng(path, 6, 4, gradient());
    const p = { ...IMAGENET_PREPROCESSING, resizeShorter: 4, cropSize: 4 };
    const tensor = await preprocessImage(path, p);
    expect(tensor.length).toBe(3 * 16);
    // The crop keeps columns 1..4 (offset round((6 - 4) / 2) = 1) and all 4 rows.
    for (let y = 0; y < 4; y++) {
      for (let x = 0; x < 4; x++) {
        const sx = x + 1;
        const rgb = [10 * sx + y, 100 + 10 * sx + y, 200 - 10 * sx - y];
        for (let c = 0; c < 3; c++) expect(tensor[c * 16 + y * 4 + x]).toBeCloseTo(normalised(rgb[c], c, p), 5);
      }
    }
  });

  it('caffe mode: BGR, means subtracted without scaling, NHWC', async () => {
    const path = join(fileTempDir('connote-preprocess-'), 'gradient.png');
    await writePng(path, 6, 4, gradient());
    const p = { ...CAFFE_PREPROCESSING, resizeShorter: 4, cropSize: 4 };
    const tensor = await preprocessImage(path, p);
    const [x, y] = [2, 3]; // output pixel; source column x + 1
    const rgb = [10 * (x + 1) + y, 100 + 10 * (x + 1) + y, 200 - 10 * (x + 1) - y];
    const base = (y * 4 + x) * 3;
    expect(tensor[base]).toBeCloseTo(rgb[2] - 103.939, 4);
    expect(tensor[base + 1]).toBeCloseTo(rgb[1] - 116.779, 4);
    expect(tensor[base + 2]).toBeCloseTo(rgb[0] - 123.68, 4);
  });

  it('ImageNet defaults: any image becomes 3 × 224 × 224; a uniform colour stays uniform', async () => {
    const path = join(fileTempDir('connote-preprocess-'), 'solid.png');
    await writeSolidPng(path, 40, 20, [255, 128, 0]);
    const tensor = await preprocessImage(path, IMAGENET_PREPROCESSING);
    expect(tensor.length).toBe(3 * 224 * 224);
    const expected = [255, 128, 0].map((v, c) => normalised(v, c, IMAGENET_PREPROCESSING));
    for (const index of [0, 224 * 224 - 1, 224 * 224 + 5000, 3 * 224 * 224 - 1]) {
      expect(tensor[index]).toBeCloseTo(expected[Math.floor(index / (224 * 224))], 5);
    }
    expect(expected[0]).toBeCloseTo((1 - 0.485) / 0.229, 10);
  });

  it('expands greyscale to three equal channels', async () => {
    const path = join(fileTempDir('connote-preprocess-'), 'grey.png');
    await writePng(path, 2, 2, [0, 50, 100, 150], 1);
    const p: ImagePreprocessing = { ...IMAGENET_PREPROCESSING, resizeShorter: 2, cropSize: 2, mean: [0, 0, 0], std: [1, 1, 1], scale: 1 };
    expect(Array.from(await preprocessImage(path, p))).toEqual([0, 50, 100, 150, 0, 50, 100, 150, 0, 50, 100, 150]);
  });

  it('names the file it cannot read', async () => {
    const path = join(fileTempDir('connote-preprocess-'), 'broken.jpg');
    writeFileSync(path, 'not an image');
    await expect(preprocessImage(path, IMAGENET_PREPROCESSING)).rejects.toThrow(`cannot read image ${path}`);
  });
});

describe('cropBox', () => {
  it('follows torchvision Resize(256) + CenterCrop(224)', () => {
    // 640×480: shorter side 480 → 256, longer 640·256/480 = 341.33 → 341; left = round(58.5) = 58 (half to even)
    expect(cropBox(640, 480, IMAGENET_PREPROCESSING)).toEqual({
      resized: { width: 341, height: 256 },
      crop: { left: 58, top: 16, width: 224, height: 224 },
    });
    expect(cropBox(300, 1000, IMAGENET_PREPROCESSING).resized).toEqual({ width: 256, height: 853 });
  });

  it('squashes straight to the crop size when resizeShorter is 0', () => {
    expect(cropBox(640, 480, CAFFE_PREPROCESSING)).toEqual({
      resized: { width: 224, height: 224 },
      crop: { left: 0, top: 0, width: 224, height: 224 },
    });
  });
});

describe('readPreprocessing', () => {
  it('starts from a preset and lets each setting override it', () => {
    const { preprocessing, layoutAuto } = readPreprocessing(
      { preprocess: 'caffe', cropSize: '299', mean: '1,2,3', layout: 'nchw' },
      'test',
    );
    expect(preprocessing).toEqual({ ...CAFFE_PREPROCESSING, cropSize: 299, mean: [1, 2, 3], layout: 'nchw' });
    expect(layoutAuto).toBe(false);
    expect(readPreprocessing({}, 'test')).toEqual({ preprocessing: IMAGENET_PREPROCESSING, layoutAuto: true });
  });

  it('rejects bad values by name', () => {
    expect(() => readPreprocessing({ mean: [1, 2] }, 'x')).toThrow(/'mean' must be a list of 3 numbers/);
    expect(() => readPreprocessing({ preprocess: 'keras' }, 'x')).toThrow(/must be one of imagenet, caffe/);
    expect(() => readPreprocessing({ std: [1, 0, 1] }, 'x')).toThrow(/'std' must not contain 0/);
  });
});
