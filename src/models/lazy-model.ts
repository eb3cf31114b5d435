import type { StageContext } from '../types/context.js';

/**
 * A model loaded on first use and shared by later calls. A failed load is forgotten, so the
 * next call tries again (e.g. after the user filled the cache) instead of repeating the error.
 */
export class LazyModel<T> {
  private pending?: Promise<T>;

  constructor(
    private readonly open: (ctx: StageContext) => Promise<T>,
    private readonly release: (model: T) => Promise<unknown> | void,
  ) {}

  get(ctx: StageContext): Promise<T> {
    if (!this.pending) {
      const pending = this.open(ctx);
      this.pending = pending;
      pending.catch(() => {
        if (this.pending === pending) this.pending = undefined;
      });
    }
    return this.pending;
  }

  async close(): Promise<void> {
    const pending = this.pending;
    this.pending = undefined;
    const model = await pending?.catch(() => undefined);
    if (model !== undefined) await this.release(model);
  }
}

/** Runs `run` over consecutive slices of at most `size` items, checking for abort between them. */
export async function mapInBatches<T, R>(
  items: readonly T[],
  size: number,
  signal: AbortSignal,
  run: (batch: readonly T[]) => Promise<R[]>,
): Promise<R[]> {
  const out: R[] = [];
  for (let start = 0; start < items.length; start += size) {
    signal.throwIfAborted();
    out.push(...(await run(items.slice(start, start + size))));
  }
  return out;
}
