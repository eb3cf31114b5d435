/**
 * A first-in first-out queue that producers push into and one consumer iterates with
 * `for await`. Closing ends the iteration after the queued items; failing ends it with an
 * error after the queued items, so nothing already finished is dropped.
 */
export class AsyncQueue<T> implements AsyncIterable<T> {
  private items: T[] = [];
  private head = 0;
  private closed = false;
  private failure: { error: unknown } | undefined;
  private wakeConsumer: (() => void) | undefined;
  private roomWaiters: Array<{ limit: number; resolve: () => void }> = [];

  get size(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    if (this.closed) return;
    this.items.push(item);
    this.wake();
  }

  close(): void {
    this.closed = true;
    this.wake();
  }

  fail(error: unknown): void {
    if (!this.failure) this.failure = { error };
    this.close();
  }

  /** Resolves once fewer than `limit` items wait to be consumed (back-pressure for producers). */
  waitForRoom(limit: number): Promise<void> {
    if (this.size < limit || this.closed) return Promise.resolve();
    return new Promise((resolve) => this.roomWaiters.push({ limit, resolve }));
  }

  private wake(): void {
    const wake = this.wakeConsumer;
    this.wakeConsumer = undefined;
    wake?.();
  }

  private releaseRoom(): void {
    if (this.roomWaiters.length === 0) return;
    const size = this.size;
    const still: typeof this.roomWaiters = [];
    for (const waiter of this.roomWaiters) {
      if (size < waiter.limit || this.closed) waiter.resolve();
      else still.push(waiter);
    }
    this.roomWaiters = still;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    for (;;) {
      if (this.size > 0) {
        const item = this.items[this.head];
        this.items[this.head] = undefined as T;
        this.head++;
        if (this.head > 1024 && this.head * 2 > this.items.length) {
          this.items = this.items.slice(this.head);
          this.head = 0;
        }
        this.releaseRoom();
        yield item;
        continue;
      }
      if (this.closed) {
        for (const waiter of this.roomWaiters) waiter.resolve();
        this.roomWaiters = [];
        if (this.failure) throw this.failure.error;
        return;
      }
      await new Promise<void>((resolve) => {
        this.wakeConsumer = resolve;
      });
    }
  }
}
