import { setMaxListeners } from 'node:events';

/**
 * Time as the providers see it. Backoff, rate limiting and endpoint pauses all go through a
 * `Clock`, so tests can substitute a virtual one and check that a `Retry-After: 7` really
 * waits seven seconds without the test taking seven seconds.
 */
export interface Clock {
  /** Milliseconds since the epoch (or since any fixed origin, for a virtual clock). */
  now(): number;
  /** Resolves after `ms` milliseconds; rejects with the signal's reason when it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}

/**
 * A controller that aborts when any of `parents` does (with its reason) and can also be
 * aborted on its own, e.g. to stop a whole call when one of its requests fails for good.
 * Hundreds of requests listen to its signal at once, by design. Call `dispose` when done.
 */
export function linkedAbort(...parents: AbortSignal[]): { readonly controller: AbortController; dispose(): void } {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  const forwards = parents.map((parent) => {
    const forward = (): void => controller.abort(abortReason(parent));
    if (parent.aborted) forward();
    else parent.addEventListener('abort', forward, { once: true });
    return () => parent.removeEventListener('abort', forward);
  });
  return { controller, dispose: () => forwards.forEach((remove) => remove()) };
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortReason(signal));
        return;
      }
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(abortReason(signal!));
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, Math.max(0, ms));
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/**
 * A clock whose time only moves when someone sleeps: `sleep(ms)` resolves on the next turn
 * of the event loop and moves the time to the sleeper's wake-up time (an aborted sleep moves
 * nothing). Every requested delay is recorded in `sleeps`, so a test can assert what was
 * waited for without waiting.
 */
export interface VirtualClock extends Clock {
  readonly sleeps: number[];
}

export function virtualClock(start = Date.UTC(2025, 0, 1)): VirtualClock {
  let time = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => time,
    sleep: (ms, signal) => {
      sleeps.push(ms);
      if (signal?.aborted) return Promise.reject(abortReason(signal));
      const wakeAt = time + Math.max(0, ms);
      return new Promise<void>((resolve, reject) =>
        setImmediate(() => {
          if (signal?.aborted) {
            reject(abortReason(signal));
            return;
          }
          time = Math.max(time, wakeAt);
          resolve();
        }),
      );
    },
  };
}
