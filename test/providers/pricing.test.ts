import { describe, expect, test } from 'vitest';
import { openAIImageTokens } from '../../src/providers/image-tokens.js';
import { costOf, lookupPrice, resolvePrice } from '../../src/providers/pricing.js';

describe('openAIImageTokens (OpenAI\'s documented formulas)', () => {
  test('tile models: the documented worked examples', () => {
    expect(openAIImageTokens(1024, 1024, 'high', 'gpt-4o')).toBe(765);
    expect(openAIImageTokens(2048, 4096, 'high', 'gpt-4o')).toBe(1105);
    expect(openAIImageTokens(4096, 8192, 'low', 'gpt-4o')).toBe(85);
    expect(openAIImageTokens(1024, 1024, 'high', 'gpt-4-turbo')).toBe(765);
    expect(openAIImageTokens(1024, 1024, 'auto', 'gpt-4o-2024-08-06')).toBe(765);
  });

  test('small images are not enlarged: one tile', () => {
    expect(openAIImageTokens(40, 30, 'high', 'gpt-4o')).toBe(85 + 170);
    expect(openAIImageTokens(512, 512, 'high', 'gpt-4o')).toBe(255);
    expect(openAIImageTokens(513, 512, 'high', 'gpt-4o')).toBe(85 + 170 * 2);
  });

  test('gpt-4o-mini bills many more tokens per tile (at a lower price)', () => {
    expect(openAIImageTokens(1024, 1024, 'high', 'gpt-4o-mini')).toBe(2833 + 4 * 5667);
    expect(openAIImageTokens(1024, 1024, 'low', 'gpt-4o-mini')).toBe(2833);
  });

  test('patch models: 32 px patches capped at 1536, times the model multiplier', () => {
    expect(openAIImageTokens(1024, 1024, 'high', 'gpt-4.1-mini')).toBe(Math.ceil(1024 * 1.62));
    // The documented example: 1800 x 2400 shrinks to 1056 x 1408, 33 x 44 = 1452 patches.
    expect(openAIImageTokens(1800, 2400, 'high', 'gpt-4.1-mini')).toBe(Math.ceil(1452 * 1.62));
    expect(openAIImageTokens(1800, 2400, 'high', 'gpt-4.1-nano')).toBe(Math.ceil(1452 * 2.46));
    expect(openAIImageTokens(64, 64, 'high', 'o4-mini')).toBe(Math.ceil(4 * 1.72));
  });

  test('more pixels never cost fewer tokens (high detail)', () => {
    for (const model of ['gpt-4o', 'gpt-4.1-mini']) {
      let previous = 0;
      for (let side = 32; side <= 4096; side += 96) {
        const tokens = openAIImageTokens(side, Math.round(side * 0.75), 'high', model);
        expect(tokens).toBeGreaterThanOrEqual(previous);
        previous = tokens;
      }
    }
  });
});

describe('prices', () => {
  test('snapshots cost what their family costs; a longer family name wins', () => {
    expect(lookupPrice('gpt-4o-2024-08-06')).toEqual(lookupPrice('gpt-4o'));
    expect(lookupPrice('gpt-4o-mini-2024-07-18')!.inputPerMillion).toBe(0.15);
    expect(lookupPrice('gpt-4o-2024-05-13')!.inputPerMillion).toBe(5);
    expect(lookupPrice('openai/gpt-4.1-mini')!.outputPerMillion).toBe(1.6);
    expect(lookupPrice('llava:7b')).toBeUndefined();
  });

  test('cost in USD, halved by the Batch API', () => {
    const price = lookupPrice('gpt-4o')!;
    expect(costOf({ inputTokens: 1_000_000, outputTokens: 100_000 }, price)).toBeCloseTo(2.5 + 1, 10);
    expect(costOf({ inputTokens: 1_000_000, outputTokens: 100_000 }, price, true)).toBeCloseTo(1.75, 10);
  });

  test('settings override the table; local models are free unless priced', () => {
    expect(resolvePrice('gpt-4o', { inputPrice: 1 }, false)).toEqual({ inputPerMillion: 1, outputPerMillion: 10, batchDiscount: 0.5 });
    expect(resolvePrice('llava:7b', {}, true)).toEqual({ inputPerMillion: 0, outputPerMillion: 0, batchDiscount: 0.5 });
    expect(resolvePrice('some-model', {}, false)).toBeUndefined();
    expect(resolvePrice('some-model', { inputPrice: 3 }, false)).toBeUndefined();
    expect(resolvePrice('some-model', { inputPrice: 3, outputPrice: 4 }, false)).toMatchObject({ inputPerMillion: 3, outputPerMillion: 4 });
  });
});
