import { describe, expect, it } from 'vitest';
import { createContext } from '../../src/types/context.js';
import { LazyModel, mapInBatches } from '../../src/models/index.js';

const ctx = createContext();

describe('LazyModel', () => {
  it('loads once for concurrent callers and releases on close', async () => {
    let opened = 0;
    const released: string[] = [];
    const lazy = new LazyModel(
      async () => `model ${++opened}`,
      (model) => void released.push(model),
    );
    const [a, b] = await Promise.all([lazy.get(ctx), lazy.get(ctx)]);
    expect([a, b, opened]).toEqual(['model 1', 'model 1', 1]);
    await lazy.close();
    expect(released).toEqual(['model 1']);
    expect(await lazy.get(ctx)).toBe('model 2');
  });

  it('forgets a failed load so the next call tries again', async () => {
    let attempts = 0;
    const lazy = new LazyModel(
      async () => {
        attempts++;
        if (attempts === 1) throw new Error('not in the cache');
        return 'loaded';
      },
      () => {},
    );
    await expect(lazy.get(ctx)).rejects.toThrow('not in the cache');
    expect(await lazy.get(ctx)).toBe('loaded');
    expect(attempts).toBe(2);
  });
});

describe('mapInBatches', () => {
  it('keeps order across batches and stops when aborted', async () => {
    const sizes: number[] = [];
    const out = await mapInBatches([1, 2, 3, 4, 5], 2, new AbortController().signal, async (batch) => {
      sizes.push(batch.length);
      return batch.map((n) => n * 10);
    });
    expect(out).toEqual([10, 20, 30, 40, 50]);
    expect(sizes).toEqual([2, 2, 1]);
    const controller = new AbortController();
    controller.abort();
    await expect(mapInBatches([1], 1, controller.signal, async (b) => [...b])).rejects.toThrow();
  });
});
