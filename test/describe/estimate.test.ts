import { afterAll, beforeAll, expect, test } from 'vitest';
import { formatEstimate } from '../../src/describe/estimate.js';
import { createOpenAIDescriber } from '../../src/describe/openai.js';
import { BUILT_IN_PROMPTS } from '../../src/describe/prompts.js';
import { openAIImageTokens } from '../../src/providers/image-tokens.js';
import { costOf, lookupPrice } from '../../src/providers/pricing.js';
import { CHAT_FRAMING_TOKENS, estimateTextTokens } from '../../src/providers/text-tokens.js';
import { makeImageFolder, type ImageFolder } from './fixtures.js';

const prompt = BUILT_IN_PROMPTS.connotative;
let small: ImageFolder;
let large: ImageFolder;
beforeAll(async () => {
  small = await makeImageFolder(10, { width: 40, height: 30 });
  large = await makeImageFolder(3, { width: 2000, height: 1500 });
});
afterAll(async () => {
  await small.remove();
  await large.remove();
});

const describer = (settings: Record<string, unknown>) => createOpenAIDescriber({ prompt, baseDir: '.', settings: { model: 'gpt-4o', ...settings } }, { env: {} });

test('input tokens follow the tile formula at the size sent, plus the prompt; output at the typical length and at most maxTokens', async () => {
  const estimate = await describer({}).estimate(small.requests);
  const perImage = openAIImageTokens(40, 30, 'high', 'gpt-4o') + estimateTextTokens(prompt.text) + CHAT_FRAMING_TOKENS;
  expect(estimate).toMatchObject({ images: 10, sampledImages: 10, unreadableImages: 0, inputTokens: 10 * perImage, outputTokens: 2000, maxOutputTokens: 4000 });
  const price = lookupPrice('gpt-4o')!;
  expect(estimate.costUsd).toBeCloseTo(costOf({ inputTokens: 10 * perImage, outputTokens: 2000 }, price), 12);
  expect(estimate.maxCostUsd).toBeCloseTo(costOf({ inputTokens: 10 * perImage, outputTokens: 4000 }, price), 12);
});

test('large images are counted at the size they will be sent (imageSize), low detail at its flat price', async () => {
  const high = await describer({ imageSize: 1024 }).estimate(large.requests);
  const text = estimateTextTokens(prompt.text) + CHAT_FRAMING_TOKENS;
  expect(high.inputTokens).toBe(3 * (openAIImageTokens(1024, 768, 'high', 'gpt-4o') + text));
  const low = await describer({ detail: 'low' }).estimate(large.requests);
  expect(low.inputTokens).toBe(3 * (85 + text));
});

test('the Batch API halves the estimate; no key is needed to estimate', async () => {
  const online = await describer({}).estimate(small.requests);
  const batch = await describer({ batch: true }).estimate(small.requests);
  expect(batch.costUsd).toBeCloseTo(online.costUsd! / 2, 12);
  expect(formatEstimate(batch)).toContain('Batch API, half price');
});

test('a large set is estimated from an evenly spaced sample', async () => {
  const estimate = await describer({}).estimate([...small.requests, ...small.requests], { sampleSize: 5 });
  expect(estimate.sampledImages).toBe(5);
  expect(estimate.images).toBe(20);
  const perImage = openAIImageTokens(40, 30, 'high', 'gpt-4o') + estimateTextTokens(prompt.text) + CHAT_FRAMING_TOKENS;
  expect(estimate.inputTokens).toBe(20 * perImage);
  expect(estimate.notes.join(' ')).toContain('sample of 5');
});

test('unknown prices are said, not guessed; local models cost nothing; prices can be set', async () => {
  const unknown = await describer({ baseUrl: 'http://127.0.0.1:4000/v1', model: 'mystery-vlm' }).estimate(small.requests);
  expect(unknown.costUsd).toBeUndefined();
  expect(unknown.notes.join(' ')).toMatch(/no price known for mystery-vlm.*inputPrice and outputPrice/);
  expect(formatEstimate(unknown)).not.toContain('$');
  const local = await describer({ baseUrl: 'http://localhost:11434/v1', model: 'llava:7b' }).estimate(small.requests);
  expect(local.costUsd).toBe(0);
  const priced = await describer({ baseUrl: 'http://127.0.0.1:4000/v1', model: 'mystery-vlm', inputPrice: 1, outputPrice: 2 }).estimate(small.requests);
  expect(priced.costUsd).toBeCloseTo((priced.inputTokens * 1 + priced.outputTokens * 2) / 1e6, 12);
});
