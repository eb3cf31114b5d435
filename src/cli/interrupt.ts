import type { Logger } from '../types/context.js';

/**
 * Runs `task` with an AbortSignal wired to Ctrl-C: the first SIGINT asks the task to stop
 * gracefully (finished work is already committed); a second one exits at once.
 */
export async function withInterrupt<T>(logger: Logger, task: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onSignal = (): void => {
    if (controller.signal.aborted) {
      logger.warn('stopping now');
      process.exit(130);
    }
    logger.warn('stopping: answers already requested are still received and saved, a computation stops at once (press Ctrl-C again to quit at once)');
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await task(controller.signal);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
