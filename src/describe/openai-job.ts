import type { Logger } from '../types/context.js';
import type { Clock } from '../providers/clock.js';
import type { ClientSet } from '../providers/client.js';
import type { EndpointPool } from '../providers/endpoint-pool.js';
import { openAIImageTokens } from '../providers/image-tokens.js';
import { costOf } from '../providers/pricing.js';
import { CHAT_FRAMING_TOKENS, estimateTextTokens } from '../providers/text-tokens.js';
import type { ChatAnswer } from './chat-request.js';
import type { OpenAIDescriberConfig } from './openai-settings.js';
import type { Prompt } from './prompts.js';
import type { DescribeOutcome, DescribeRequest } from './types.js';

/** What the online and batch flows share: the configuration and the connection machinery. */
export interface DescribeJob {
  readonly config: OpenAIDescriberConfig;
  readonly prompt: Prompt;
  readonly pool: EndpointPool;
  readonly clients: ClientSet;
  readonly clock: Clock;
  /** Throws when a hosted service has no key (checked before the first request). */
  readonly assertReady: () => void;
}

/** Input tokens a request will use, estimated from the image's size and the prompt's length. */
export function estimateInputTokens(config: OpenAIDescriberConfig, promptText: string, width: number, height: number): number {
  return openAIImageTokens(width, height, config.estimateDetail, config.model) + estimateTextTokens(promptText) + CHAT_FRAMING_TOKENS;
}

export function outcomeFromAnswer(config: OpenAIDescriberConfig, imageHash: string, answer: ChatAnswer, batch: boolean): DescribeOutcome {
  const costUsd = answer.usage && config.price ? costOf(answer.usage, config.price, batch) : undefined;
  return {
    kind: 'description',
    imageHash,
    status: answer.status,
    text: answer.text,
    usage: answer.usage,
    costUsd,
    responseModel: answer.responseModel,
  };
}

export function failureOutcome(request: DescribeRequest, message: string): DescribeOutcome {
  return { kind: 'failure', imageHash: request.imageHash, message: `${request.path}: ${message}` };
}

/** Running total shown beside the progress bar. */
export class SpendMeter {
  private usd = 0;
  private priced = true;

  add(outcome: DescribeOutcome): void {
    if (outcome.kind !== 'description') return;
    if (outcome.costUsd === undefined) this.priced = false;
    else this.usd += outcome.costUsd;
  }

  get note(): string | undefined {
    return this.priced ? `$${this.usd.toFixed(this.usd < 10 ? 4 : 2)} spent` : undefined;
  }

  get total(): number {
    return this.usd;
  }
}

export function logCompletion(
  logger: Logger,
  what: string,
  outcomes: { ok: number; refused: number; empty: number; unreadable: number; failed: number },
  meter: SpendMeter,
): void {
  const spent = meter.note ? `, ${meter.note}` : '';
  const unreadable = outcomes.unreadable ? `, ${outcomes.unreadable} unreadable` : '';
  logger.debug(
    `${what}: ${outcomes.ok} described, ${outcomes.refused} refused, ${outcomes.empty} empty${unreadable}, ${outcomes.failed} failed${spent}`,
  );
}

export class OutcomeTally {
  ok = 0;
  refused = 0;
  empty = 0;
  unreadable = 0;
  failed = 0;

  add(outcome: DescribeOutcome): void {
    if (outcome.kind === 'failure') this.failed++;
    else this[outcome.status]++;
  }
}
