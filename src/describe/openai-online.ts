import { linkedAbort } from '../providers/clock.js';
import { AsyncQueue } from '../providers/async-queue.js';
import { ProviderFatalError, RequestFailedError } from '../providers/errors.js';
import { callWithRetries, retryContextFor } from '../providers/retry.js';
import type { StageContext } from '../types/context.js';
import { buildChatRequest, readChatAnswer } from './chat-request.js';
import { loadImagePayload } from './image-payload.js';
import {
  estimateInputTokens,
  failureOutcome,
  logCompletion,
  OutcomeTally,
  outcomeFromAnswer,
  SpendMeter,
  type DescribeJob,
} from './openai-job.js';
import type { DescribeOutcome, DescribeRequest } from './types.js';

/**
 * Describes images one request each, as many at once as the endpoints allow, yielding each
 * outcome the moment it arrives. Images are read just in time, so a million requests cost
 * memory for the ones in flight only. The run's abort signal (Ctrl-C) stops new requests:
 * the ones in flight finish (they are paid for) and are yielded, then the outcomes end. A
 * fatal error (bad key, unknown model) stops new requests the same way: the answers in flight
 * (on other endpoints, paid for) are still received and yielded, then the error is thrown.
 */
export async function* describeOnline(
  job: DescribeJob,
  requests: readonly DescribeRequest[],
  ctx: StageContext,
): AsyncGenerator<DescribeOutcome> {
  if (requests.length === 0) return;
  job.assertReady();
  const { config, pool } = job;
  // Ctrl-C (ctx.signal) stops starting requests; those in flight finish and are yielded, then
  // the outcomes end. `everything` aborts requests in flight too: a fatal error, or the
  // caller no longer reading.
  const { controller: everything, dispose: disposeEverything } = linkedAbort();
  const { controller: starting, dispose: disposeStarting } = linkedAbort(ctx.signal, everything.signal);
  const retry = retryContextFor({ pool, clock: job.clock, policy: config.connection.retry }, ctx, everything.signal, starting.signal);
  let fatal: ProviderFatalError | undefined;
  const announceStop = (): void => {
    if (everything.signal.aborted) return;
    ctx.logger.info(`describer openai: stopping${fatal ? ` (${fatal.message})` : ''}; finishing the requests in flight (they are paid for)`);
  };
  starting.signal.addEventListener('abort', announceStop, { once: true });
  const queue = new AsyncQueue<DescribeOutcome>();
  const capacity = pool.capacity;
  let next = 0;

  const describeOne = async (request: DescribeRequest): Promise<DescribeOutcome> => {
    let payload;
    try {
      payload = await loadImagePayload(request.path, { maxSide: config.imageSize, jpegQuality: config.jpegQuality });
    } catch (error) {
      return failureOutcome(request, `cannot read image: ${(error as Error).message}`);
    }
    const body = buildChatRequest(config, job.prompt.text, payload.dataUrl);
    const tokens = estimateInputTokens(config, job.prompt.text, payload.width, payload.height) + config.maxTokens;
    try {
      // readChatAnswer keeps a paid answer it cannot read (usage reported) instead of retrying it.
      const answer = await callWithRetries(retry, tokens, async (endpoint, signal) => {
        const client = await job.clients.get(endpoint);
        return readChatAnswer(await client.chat.completions.create(body, { signal, maxRetries: 0 }));
      });
      return outcomeFromAnswer(config, request.imageHash, answer, false);
    } catch (error) {
      if (error instanceof RequestFailedError) return failureOutcome(request, error.message);
      throw error;
    }
  };

  const worker = async (): Promise<void> => {
    while (!starting.signal.aborted && next < requests.length) {
      const request = requests[next++];
      let outcome: DescribeOutcome;
      try {
        outcome = await describeOne(request);
      } catch (error) {
        if (error instanceof ProviderFatalError && !everything.signal.aborted) {
          // Stop starting; the requests in flight elsewhere finish (paid for) before the error is thrown.
          fatal ??= error;
          starting.abort(error);
          return;
        }
        // Told to stop while waiting for a slot or a retry: nothing was paid for, nothing to report.
        if (starting.signal.aborted && !everything.signal.aborted) return;
        throw error;
      }
      queue.push(outcome);
      await queue.waitForRoom(capacity);
    }
  };

  const workers = Array.from({ length: Math.min(capacity, requests.length) }, worker);
  Promise.all(workers).then(
    () => (fatal ? queue.fail(fatal) : queue.close()),
    (error: unknown) => {
      queue.fail(error);
      everything.abort(error);
    },
  );

  // The caller's progress bar counts these outcomes and shows their cost.
  const meter = new SpendMeter();
  const tally = new OutcomeTally();
  try {
    for await (const outcome of queue) {
      meter.add(outcome);
      tally.add(outcome);
      yield outcome;
    }
  } finally {
    if (!everything.signal.aborted) everything.abort(new Error('the caller stopped reading descriptions'));
    starting.signal.removeEventListener('abort', announceStop);
    disposeStarting();
    disposeEverything();
    logCompletion(ctx.logger, `describer openai (${config.model})`, tally, meter);
  }
}
