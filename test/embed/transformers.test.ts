import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createContext } from '../../src/types/context.js';
import { embedders } from '../../src/embed/index.js';
import { ModelUnavailableError } from '../../src/types/errors.js';
import { fileTempDir } from '../support/temp.js';
import {
  tinyBertHiddenState,
  tinyBertTokenId as id,
  writeTinyBert,
  type TinyBertWeights,
} from '../support/onnx/tiny-bert.js';

const ctx = createContext();

/** sentence-transformers' recipe, by hand: mean over the given token ids, then unit length. */
function expectedEmbedding(weights: TinyBertWeights, tokenIds: number[]): number[] {
  const states = tokenIds.map((t) => tinyBertHiddenState(weights, t));
  const mean = states[0].map((_, h) => states.reduce((sum, s) => sum + s[h], 0) / states.length);
  const norm = Math.hypot(...mean);
  return mean.map((v) => v / norm);
}

/** A local port nothing listens on (just released), so connecting is refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function expectClose(actual: Float32Array, expected: number[]): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((value, i) => expect(actual[i]).toBeCloseTo(value, 6));
}

/** A local model folder laid out as the Hub names it, found through transformers.js's localModelPath. */
function localModel(): { settings: Record<string, unknown>; weights: TinyBertWeights; baseDir: string } {
  const root = fileTempDir('connote-embed-');
  const weights = writeTinyBert(join(root, 'models', 'test', 'tiny-bert'));
  return {
    baseDir: root,
    weights,
    settings: {
      model: 'test/tiny-bert',
      localModelPath: join(root, 'models'),
      cacheDir: join(root, 'cache'),
      offline: true,
    },
  };
}

describe("embedder 'minilm' loading a model through transformers.js", () => {
  const { settings, weights, baseDir } = localModel();
  const embedder = embedders.get('minilm').create({ baseDir, settings });

  it('mean-pools over the attention mask and normalises, as sentence-transformers does', async () => {
    const [cats, dog] = await embedder.embed(['The cats sat.', 'a dog'], ctx);
    // [CLS] the cat ##s sat . [SEP]   and   [CLS] a dog [SEP] + 3 padding tokens
    expectClose(cats, expectedEmbedding(weights, [id('[CLS]'), id('the'), id('cat'), id('##s'), id('sat'), id('.'), id('[SEP]')]));
    expectClose(dog, expectedEmbedding(weights, [id('[CLS]'), id('a'), id('dog'), id('[SEP]')]));
  });

  it('ignores padding: a text embeds the same alone as in a batch with longer texts', async () => {
    const [alone] = await embedder.embed(['a dog'], ctx);
    const [, padded] = await embedder.embed(['the cat sat on the mat', 'a dog'], ctx);
    const withPadding = expectedEmbedding(weights, [id('[CLS]'), id('a'), id('dog'), id('[SEP]'), 0, 0, 0, 0]);
    expectClose(padded, Array.from(alone));
    // Averaging the padding tokens in as well would give a different vector.
    expect(Math.abs(padded[0] - withPadding[0]) + Math.abs(padded[1] - withPadding[1])).toBeGreaterThan(1e-3);
  });

  it('returns unit vectors with the dimension of the hidden state', async () => {
    const vectors = await embedder.embed(['climate protest', 'the mat', ''], ctx);
    for (const vector of vectors) {
      expect(vector.length).toBe(4);
      expect(Math.hypot(...vector)).toBeCloseTo(1, 6);
    }
  });

  it('refuses to change pooling, which would no longer be all-MiniLM-L6-v2 as published', () => {
    expect(() => embedders.get('minilm').create({ baseDir, settings: { ...settings, pooling: 'cls' } })).toThrow(
      /fixed \(mean, normalised\).*use embedder 'transformers'/,
    );
  });

  it('records what changes the vectors in its signature', () => {
    expect(embedder.signature).toEqual({
      embedder: 'minilm',
      model: 'test/tiny-bert',
      params: { model: 'test/tiny-bert', revision: 'main', dtype: 'fp32', pooling: 'mean', normalize: true, maxTokens: 256 },
    });
    expect(embedder.corpusDependent).toBe(false);
  });
});

describe("embedder 'transformers'", () => {
  it('truncates inside the text and keeps the closing [SEP], as Hugging Face tokenizers do', async () => {
    const { settings, weights, baseDir } = localModel();
    const embedder = embedders.get('transformers').create({ baseDir, settings: { ...settings, maxTokens: 4 } });
    const [vector] = await embedder.embed(['the cat sat on the mat'], ctx);
    expectClose(vector, expectedEmbedding(weights, [id('[CLS]'), id('the'), id('cat'), id('[SEP]')]));
  });

  it('loads a model folder given by path, with CLS pooling and no normalisation when asked', async () => {
    const root = fileTempDir('connote-embed-');
    const weights = writeTinyBert(join(root, 'my-model'));
    const embedder = embedders.get('transformers').create({
      baseDir: root,
      settings: { model: './my-model', pooling: 'cls', normalize: false, cacheDir: join(root, 'cache') },
    });
    const [vector] = await embedder.embed(['a dog'], ctx);
    expectClose(vector, tinyBertHiddenState(weights, id('[CLS]')));
    expect(embedder.signature.model).toBe(join(root, 'my-model'));
    expect(embedder.signature.params).not.toHaveProperty('revision');
  });

  it('needs a model setting', () => {
    expect(() => embedders.get('transformers').create({ baseDir: '.', settings: {} })).toThrow(/setting 'model' is required/);
  });

  it('rejects a bad pooling name, listing the allowed ones', () => {
    expect(() =>
      embedders.get('transformers').create({ baseDir: '.', settings: { model: 'a/b', pooling: 'max' } }),
    ).toThrow(/pooling' must be one of mean, cls, last/);
  });
});

describe('when the model cannot be loaded', () => {
  it('offline and not cached: names the model, the reason and what to do', async () => {
    const cacheDir = fileTempDir('connote-embed-');
    const embedder = embedders.get('minilm').create({ baseDir: '.', settings: { offline: true, cacheDir } });
    const failure = embedder.embed(['text'], ctx);
    await expect(failure).rejects.toBeInstanceOf(ModelUnavailableError);
    const message = await failure.catch((error: Error) => error.message);
    console.log(`offline message:\n${message}`);
    expect(message).toContain("'Xenova/all-MiniLM-L6-v2'");
    expect(message).toContain(`not in the model cache (${cacheDir})`);
    expect(message).toContain('offline');
    expect(message).toContain('run once with internet access');
    expect(message).toContain('https://huggingface.co/Xenova/all-MiniLM-L6-v2');
    expect(message).toContain("set the setting 'model' to that folder");
  });

  it('a folder that does not exist is named', async () => {
    const embedder = embedders.get('transformers').create({ baseDir: '/', settings: { model: '/no/such/model-folder' } });
    await expect(embedder.embed(['text'], ctx)).rejects.toThrow(/folder \/no\/such\/model-folder does not exist/);
  });

  it('a folder without the ONNX file for the chosen dtype says which file is missing', async () => {
    const root = fileTempDir('connote-embed-');
    writeTinyBert(join(root, 'm'));
    const embedder = embedders.get('transformers').create({ baseDir: root, settings: { model: './m', dtype: 'q8' } });
    await expect(embedder.embed(['text'], ctx)).rejects.toThrow(/the folder has no onnx\/model_quantized\.onnx/);
  });

  it('an unreachable Hub is reported as a network failure, not a missing model', async () => {
    const { env } = await import('@huggingface/transformers');
    const remoteHost = env.remoteHost;
    env.remoteHost = `http://127.0.0.1:${await closedPort()}/`;
    try {
      const embedder = embedders.get('minilm').create({ baseDir: '.', settings: { offline: false, cacheDir: fileTempDir('connote-embed-') } });
      await expect(embedder.embed(['text'], ctx)).rejects.toThrow(/Hugging Face Hub could not be reached \(ECONNREFUSED\)/);
    } finally {
      env.remoteHost = remoteHost;
    }
  });
});
