import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createContext } from '../../src/types/context.js';
import { describers, type DescribeOutcome, type DescribeRequest } from '../../src/describe/index.js';
import { BUILT_IN_PROMPTS } from '../../src/describe/prompts.js';
import { ModelUnavailableError } from '../../src/types/errors.js';
import { writeSolidPng } from '../support/images.js';
import { IMAGE_TOKENS, writeTinyVlm } from '../support/onnx/tiny-vlm.js';
import { fileTempDir } from '../support/temp.js';

const ctx = createContext();
const prompt = BUILT_IN_PROMPTS.connotative;

let root: string;
const request = (name: string): DescribeRequest => ({ imageHash: `hash-${name}`, ids: [name], path: join(root, `${name}.png`) });

beforeAll(async () => {
  root = fileTempDir('connote-local-vlm-');
  writeTinyVlm(join(root, 'models', 'test', 'tiny-vlm'));
  await writeSolidPng(join(root, 'red.png'), 12, 8, [255, 0, 0]);
  await writeSolidPng(join(root, 'blue.png'), 6, 9, [0, 0, 255]);
  writeFileSync(join(root, 'broken.png'), 'not a png');
});

const create = (settings: Record<string, unknown> = {}) =>
  describers.get('local-vlm').create({
    prompt,
    baseDir: root,
    settings: {
      model: 'test/tiny-vlm',
      localModelPath: join(root, 'models'),
      cacheDir: join(root, 'cache'),
      offline: true,
      dtype: 'fp32',
      ...settings,
    },
  });

async function collect(outcomes: AsyncIterable<DescribeOutcome>): Promise<DescribeOutcome[]> {
  const out: DescribeOutcome[] = [];
  for await (const outcome of outcomes) out.push(outcome);
  return out;
}

describe("describer 'local-vlm' generating with a SmolVLM-shaped model through transformers.js", () => {
  it('sees the image through the vision encoder and decodes greedily until the end token', async () => {
    const describer = create();
    const outcomes = await collect(describer.describe([request('red'), request('blue')], ctx));
    // <|im_start|> User : <fake> <global-img> <image>×3 <fake>, the prompt's words and punctuation
    // (split as the Whitespace pre-tokenizer does), <end_of_utterance> Assistant :
    const promptWords = prompt.text.match(/\w+|[^\w\s]+/g)!.length;
    const promptTokens = 6 + IMAGE_TOKENS + promptWords + 3;
    expect(outcomes).toEqual([
      {
        kind: 'description',
        imageHash: 'hash-red',
        status: 'ok',
        text: 'red fire',
        usage: { inputTokens: promptTokens, outputTokens: 3 },
        costUsd: 0,
        responseModel: 'test/tiny-vlm',
      },
      expect.objectContaining({ imageHash: 'hash-blue', status: 'ok', text: 'blue sky' }),
    ]);
    await describer.close?.();
  });

  it('stops after maxNewTokens', async () => {
    const [outcome] = await collect(create({ maxNewTokens: 1 }).describe([request('blue')], ctx));
    expect(outcome).toMatchObject({ status: 'ok', text: 'blue', usage: { outputTokens: 1 } });
  });

  it('reports an unreadable image as a failure for that image only', async () => {
    const outcomes = await collect(create().describe([request('broken'), request('red')], ctx));
    expect(outcomes[0]).toEqual({
      kind: 'failure',
      imageHash: 'hash-broken',
      message: expect.stringContaining(`cannot read image ${join(root, 'broken.png')}`),
    });
    expect(outcomes[1]).toMatchObject({ kind: 'description', text: 'red fire' });
  });

  it('records model, precision and decoding in its signature, and keeps the prompt', () => {
    const describer = create({ maxNewTokens: 200, repetitionPenalty: 1.1 });
    expect(describer.prompt).toBe(prompt);
    expect(describer.signature).toEqual({
      describer: 'local-vlm',
      model: 'test/tiny-vlm',
      params: {
        model: 'test/tiny-vlm',
        revision: 'main',
        dtype: 'fp32',
        decoding: 'greedy',
        maxNewTokens: 200,
        imageSplitting: false,
        repetitionPenalty: 1.1,
      },
    });
  });
});

describe("describer 'local-vlm' without its model", () => {
  it('offline: stops with a message naming the model and how to provide it', async () => {
    const cacheDir = fileTempDir('connote-local-vlm-');
    const describer = describers.get('local-vlm').create({ prompt, baseDir: root, settings: { offline: true, cacheDir } });
    expect(describer.signature.params.dtype).toEqual({ embed_tokens: 'fp32', vision_encoder: 'fp32', decoder_model_merged: 'q8' });
    const failure = collect(describer.describe([request('red')], ctx));
    await expect(failure).rejects.toBeInstanceOf(ModelUnavailableError);
    const message = await failure.catch((error: Error) => error.message);
    expect(message).toContain("cannot load the vision-language model 'HuggingFaceTB/SmolVLM-500M-Instruct'");
    expect(message).toContain(`it is not in the model cache (${cacheDir}) and downloads are off`);
    expect(message).toContain('run once with internet access');
    expect(message).toContain(`into ${join(cacheDir, 'HuggingFaceTB/SmolVLM-500M-Instruct')}`);
  });

  it('loads nothing when there is nothing to describe', async () => {
    const describer = describers.get('local-vlm').create({ prompt, baseDir: root, settings: { offline: true, cacheDir: fileTempDir('connote-local-vlm-') } });
    expect(await collect(describer.describe([], ctx))).toEqual([]);
  });

  it('rejects bad settings by name', () => {
    expect(() => create({ maxNewTokens: 0 })).toThrow(/setting 'maxNewTokens' must be an integer of at least 1, got 0/);
    expect(() => create({ repetitionPenalty: -1 })).toThrow(/setting 'repetitionPenalty' must be a number above 0, got -1/);
  });
});
