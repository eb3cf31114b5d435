import { abortReason, linkedAbort } from '../providers/clock.js';
import { AsyncQueue } from '../providers/async-queue.js';
import { ProviderFatalError, RequestFailedError } from '../providers/errors.js';
import { callWithRetries, retryContextFor } from '../providers/retry.js';
import type { StageContext } from '../context.js';
import { buildChatRequest, readChatCompletion } from './chat-request.js';
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
 * memory for the ones in flight only. A fatal error (bad key, unknown model) or the run's
 * abort signal stops everything: outcomes already received are still yielded first, then the
 * error is thrown.
 */
export async function* describeOnline(
  job: DescribeJob,
  requests: readonly DescribeRequest[],
  ctx: StageContext,
): AsyncGenerator<DescribeOutcome> {
  if (requests.length === 0) return;
  job.assertReady();
  const { config, pool } = job;
  const { controller, dispose } = linkedAbort(ctx.signal);
  const retry = retryContextFor({ pool, clock: job.clock, policy: config.connection.retry }, ctx, controller.signal);
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
      const answer = await callWithRetries(retry, tokens, async (endpoint, signal) => {
        const client = await job.clients.get(endpoint);
        return readChatCompletion(await client.chat.completions.create(body, { signal, maxRetries: 0 }));
      });
      return outcomeFromAnswer(config, request.imageHash, answer, false);
    } catch (error) {
      if (error instanceof RequestFailedError) return failureOutcome(request, error.message);
      throw error;
    }
  };

  const worker = async (): Promise<void> => {
    while (!controller.signal.aborted && next < requests.length) {
      const request = requests[next++];
      queue.push(await describeOne(request));
      await queue.waitForRoom(capacity);
    }
  };

  const workers = Array.from({ length: Math.min(capacity, requests.length) }, worker);
  Promise.all(workers).then(
    () => (controller.signal.aborted ? queue.fail(abortReason(controller.signal)) : queue.close()),
    (error: unknown) => {
      queue.fail(error);
      if (error instanceof ProviderFatalError) controller.abort(error);
    },
  );

  const task = ctx.progress.start(`describing with ${config.model}`, requests.length, 'images');
  const meter = new SpendMeter();
  const tally = new OutcomeTally();
  try {
    for await (const outcome of queue) {
      meter.add(outcome);
      tally.add(outcome);
      task.tick(1, meter.note);
      yield outcome;
    }
  } finally {
    dispose();
    if (!controller.signal.aborted) controller.abort(new Error('the caller stopped reading descriptions'));
    task.done();
    logCompletion(ctx.logger, `describer openai (${config.model})`, tally, meter);
  }
}
