import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createContext } from '../../src/types/context.js';
import { ModelUnavailableError } from '../../src/types/errors.js';
import { imageFeatureExtractors } from '../../src/image-features/index.js';
import { writePng } from '../support/images.js';
import { tinyVitOutputs, writeTinyVit } from '../support/onnx/tiny-vit.js';
import { fileTempDir } from '../support/temp.js';

const ctx = createContext();

const RED = [250, 10, 10, 200, 40, 0, 255, 128, 0, 180, 90, 60];
const BLUE = [0, 0, 255, 20, 60, 200, 10, 200, 220, 90, 90, 90];

let root: string;
let paths: string[];
beforeAll(async () => {
  root = fileTempDir('connote-tf-features-');
  writeTinyVit(join(root, 'models', 'test', 'tiny-vit'));
  paths = [join(root, 'red.png'), join(root, 'blue.png')];
  await writePng(paths[0], 2, 2, RED);
  await writePng(paths[1], 2, 2, BLUE);
});

const create = (settings: Record<string, unknown>) =>
  imageFeatureExtractors.get('transformers').create({
    baseDir: root,
    settings: { model: 'test/tiny-vit', localModelPath: join(root, 'models'), cacheDir: join(root, 'cache'), offline: true, ...settings },
  });

function expectClose(actual: Float32Array, expected: number[]): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((value, i) => expect(actual[i]).toBeCloseTo(value, 5));
}

describe("image feature extractor 'transformers' (a model loaded through transformers.js)", () => {
  it("returns the pooled output by default, after the model's own preprocessing", async () => {
    const [red, blue] = await create({}).extract(paths, ctx);
    expectClose(red, tinyVitOutputs(RED).pooler);
    expectClose(blue, tinyVitOutputs(BLUE).pooler);
  });

  it('pools token states by CLS token or mean when that output is chosen', async () => {
    const [cls] = await create({ output: 'last_hidden_state' }).extract([paths[0]], ctx);
    expectClose(cls, tinyVitOutputs(RED).meanToken);
    const [mean] = await create({ output: 'last_hidden_state', tokenPooling: 'mean' }).extract([paths[1]], ctx);
    const { meanToken, maxToken } = tinyVitOutputs(BLUE);
    expectClose(mean, meanToken.map((v, i) => (v + maxToken[i]) / 2));
  });

  it('records the model and output choice in its signature', () => {
    expect(create({ output: 'pooler_output' }).signature).toEqual({
      extractor: 'transformers',
      model: 'test/tiny-vit',
      params: { model: 'test/tiny-vit', revision: 'main', dtype: 'fp32', output: 'pooler_output', tokenPooling: 'cls' },
    });
  });

  it('names a missing output and lists the ones the model has', async () => {
    await expect(create({ output: 'image_embeds' }).extract([paths[0]], ctx)).rejects.toThrow(
      /has no output 'image_embeds'; its outputs are last_hidden_state, pooler_output/,
    );
  });

  it('names an image it cannot read', async () => {
    const broken = join(root, 'broken.png');
    writeFileSync(broken, 'not a png');
    await expect(create({}).extract([paths[0], broken], ctx)).rejects.toThrow(`cannot read image ${broken}`);
  });

  it('offline without the default model in the cache: a clear ModelUnavailableError', async () => {
    const extractor = imageFeatureExtractors.get('transformers').create({
      baseDir: root,
      settings: { offline: true, cacheDir: fileTempDir('connote-tf-features-') },
    });
    const failure = extractor.extract([paths[0]], ctx);
    await expect(failure).rejects.toBeInstanceOf(ModelUnavailableError);
    await expect(failure).rejects.toThrow(/cannot load the image feature model 'Xenova\/clip-vit-base-patch32': it is not in the model cache/);
  });
});
