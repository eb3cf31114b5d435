import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createContext } from '../../src/types/context.js';
import { imageFeatureExtractors } from '../../src/image-features/index.js';
import { IMAGENET_PREPROCESSING } from '../../src/image-features/preprocess.js';
import { writePng } from '../support/images.js';
import { tinyCnnLayers, tinyCnnModel } from '../support/onnx/tiny-cnn.js';
import { fileTempDir } from '../support/temp.js';

const ctx = createContext();

/** Two 2×2 images and their ImageNet-normalised CHW values, computed by hand. */
const IMAGES = {
  warm: [250, 10, 10, 200, 40, 0, 255, 128, 0, 180, 90, 60],
  cool: [0, 0, 255, 20, 60, 200, 10, 200, 220, 90, 90, 90],
};
function chw(rgb: readonly number[]): number[] {
  const out = new Array<number>(12);
  for (let p = 0; p < 4; p++) {
    for (let c = 0; c < 3; c++) {
      out[c * 4 + p] = (rgb[p * 3 + c] / 255 - IMAGENET_PREPROCESSING.mean[c]) / IMAGENET_PREPROCESSING.std[c];
    }
  }
  return out;
}

let root: string;
let paths: { warm: string; cool: string };
beforeAll(async () => {
  root = fileTempDir('connote-onnx-features-');
  paths = { warm: join(root, 'warm.png'), cool: join(root, 'cool.png') };
  await writePng(paths.warm, 2, 2, IMAGES.warm);
  await writePng(paths.cool, 2, 2, IMAGES.cool);
  writeFileSync(join(root, 'cnn.onnx'), tinyCnnModel());
  writeFileSync(join(root, 'cnn-nhwc-batch1.onnx'), tinyCnnModel({ layout: 'nhwc', batch: 1, size: 2 }));
  writeFileSync(join(root, 'cnn-fixed-4.onnx'), tinyCnnModel({ size: 4 }));
});

const tiny = { resizeShorter: 2, cropSize: 2 };
const create = (settings: Record<string, unknown>) => imageFeatureExtractors.get('onnx').create({ baseDir: root, settings });

function expectClose(actual: Float32Array, expected: number[]): void {
  expect(Array.from(actual)).toHaveLength(expected.length);
  expected.forEach((value, i) => expect(actual[i]).toBeCloseTo(value, 5));
}

describe("image feature extractor 'onnx'", () => {
  it("reads an inner layer chosen by node name (fc1), matching a hand computation", async () => {
    const extractor = create({ model: 'cnn.onnx', layer: 'fc1', ...tiny });
    const [warm, cool] = await extractor.extract([paths.warm, paths.cool], ctx);
    expectClose(warm, tinyCnnLayers(chw(IMAGES.warm), 4).fc1);
    expectClose(cool, tinyCnnLayers(chw(IMAGES.cool), 4).fc1);
    await extractor.close?.();
  });

  it('reads a layer by value name, and the model output by default', async () => {
    const relu = await create({ model: 'cnn.onnx', layer: 'fc1_relu_out', ...tiny }).extract([paths.warm], ctx);
    expectClose(relu[0], tinyCnnLayers(chw(IMAGES.warm), 4).fc1Relu);
    const output = await create({ model: 'cnn.onnx', ...tiny }).extract([paths.cool], ctx);
    expectClose(output[0], tinyCnnLayers(chw(IMAGES.cool), 4).fc2);
  });

  it('feeds NHWC models (detected from the input shape) and models with a fixed batch of 1', async () => {
    const extractor = create({ model: 'cnn-nhwc-batch1.onnx', layer: 'fc2', ...tiny });
    const vectors = await extractor.extract([paths.warm, paths.cool, paths.warm], ctx);
    expectClose(vectors[0], tinyCnnLayers(chw(IMAGES.warm), 4).fc2);
    expectClose(vectors[1], tinyCnnLayers(chw(IMAGES.cool), 4).fc2);
    expectClose(vectors[2], Array.from(vectors[0]));
  });

  it('records the file hash, the layer and the preprocessing in its signature', () => {
    const extractor = create({ model: 'cnn.onnx', layer: 'fc1', ...tiny });
    const sha256 = createHash('sha256').update(tinyCnnModel()).digest('hex');
    expect(extractor.signature).toEqual({
      extractor: 'onnx',
      model: join(root, 'cnn.onnx'),
      params: { sha256, layer: 'fc1', preprocessing: { ...IMAGENET_PREPROCESSING, ...tiny, layout: 'auto' } },
    });
  });

  it('an unknown layer lists similar node names', async () => {
    await expect(create({ model: 'cnn.onnx', layer: 'fc3', ...tiny }).extract([paths.warm], ctx)).rejects.toThrow(
      /has no layer 'fc3'.*Last nodes: .*fc1 \[Gemm\] → fc1_out.*Graph outputs: fc2_out/,
    );
    await expect(create({ model: 'cnn.onnx', layer: 'FC', ...tiny }).extract([paths.warm], ctx)).rejects.toThrow(
      /Similar nodes: fc1 \[Gemm\] → fc1_out; fc1_relu \[Relu\] → fc1_relu_out; fc2 \[Gemm\] → fc2_out/,
    );
  });

  it('a model with a fixed input size different from cropSize says what to set', async () => {
    await expect(create({ model: 'cnn-fixed-4.onnx', ...tiny }).extract([paths.warm], ctx)).rejects.toThrow(
      /takes 4×4 images but cropSize is 2; set cropSize: 4/,
    );
  });

  it('fails clearly on a missing model, a file that is not ONNX, and an unreadable image', async () => {
    expect(() => create({})).toThrow(/setting 'model' is required/);
    expect(() => create({ model: 'missing.onnx' })).toThrow(`ONNX model file ${join(root, 'missing.onnx')} does not exist`);
    writeFileSync(join(root, 'junk.onnx'), 'junk');
    await expect(create({ model: 'junk.onnx' }).extract([paths.warm], ctx)).rejects.toThrow(/ONNX Runtime cannot load/);
    const broken = join(root, 'broken.png');
    writeFileSync(broken, 'nope');
    await expect(create({ model: 'cnn.onnx', ...tiny }).extract([paths.warm, broken], ctx)).rejects.toThrow(`cannot read image ${broken}`);
  });
});
