import { imageRuleFor } from '../providers/image-tokens.js';
import { costOf, PRICES_CHECKED, type ModelPrice } from '../providers/pricing.js';
import { payloadSize } from './image-payload.js';
import { estimateInputTokens } from './openai-job.js';
import type { OpenAIDescriberConfig } from './openai-settings.js';
import type { Prompt } from './prompts.js';
import type { DescribeRequest } from './types.js';

/** What describing a set of images would cost, for `--dry-run`. */
export interface CostEstimate {
  readonly model: string;
  readonly images: number;
  /** Images whose size was read (all of them, or an evenly spaced sample of a large set). */
  readonly sampledImages: number;
  /** Sampled images that could not be read (they would fail, costing nothing). */
  readonly unreadableImages: number;
  readonly inputTokens: number;
  /** At the typical answer length (`expectedOutputTokens`). */
  readonly outputTokens: number;
  /** If every answer used all of `maxTokens`. */
  readonly maxOutputTokens: number;
  /** Undefined when the model's price is unknown. */
  readonly costUsd: number | undefined;
  readonly maxCostUsd: number | undefined;
  readonly batch: boolean;
  readonly price: ModelPrice | undefined;
  readonly notes: readonly string[];
}

export interface EstimateOptions {
  /** Read the sizes of at most this many images and scale up (default 2,000). */
  readonly sampleSize?: number;
}

/**
 * Estimates tokens and cost before anything is sent. Input tokens per image are OpenAI's
 * documented image tokens at the size the image will be sent (after fitting into
 * `imageSize`), plus the prompt at about four characters per token; output tokens are the
 * typical answer length and, as an upper bound, `maxTokens`.
 */
export async function estimateCost(
  config: OpenAIDescriberConfig,
  prompt: Prompt,
  requests: readonly DescribeRequest[],
  options: EstimateOptions = {},
): Promise<CostEstimate> {
  const sampleSize = Math.max(1, options.sampleSize ?? 2000);
  const step = requests.length > sampleSize ? requests.length / sampleSize : 1;
  const sample: DescribeRequest[] = [];
  for (let position = 0; Math.floor(position) < requests.length && sample.length < sampleSize; position += step) {
    sample.push(requests[Math.floor(position)]);
  }
  let sampledInput = 0;
  let readable = 0;
  let unreadable = 0;
  for (const request of sample) {
    try {
      const size = await payloadSize(request.path, config.imageSize);
      sampledInput += estimateInputTokens(config, prompt.text, size.width, size.height);
      readable++;
    } catch {
      unreadable++;
    }
  }
  const scale = sample.length > 0 ? requests.length / sample.length : 0;
  const describable = Math.round(readable * scale);
  const inputTokens = Math.round(sampledInput * scale);
  const outputTokens = describable * config.expectedOutputTokens;
  const maxOutputTokens = describable * config.maxTokens;
  const price = config.price;
  const notes: string[] = [];
  if (sample.length < requests.length) notes.push(`image sizes read for an evenly spaced sample of ${sample.length} images`);
  if (!imageRuleFor(config.model).documented) {
    notes.push(`image tokens use GPT-4o's formula; ${config.model} counts image tokens its own way`);
  }
  if (config.estimateDetail === 'auto') notes.push("detail 'auto' estimated as 'high' (the upper bound)");
  if (!price) notes.push(`no price known for ${config.model}: set the inputPrice and outputPrice settings (USD per million tokens)`);
  else if (!config.connection.profile.local) notes.push(`list prices checked ${PRICES_CHECKED}; check the provider's current prices`);
  return {
    model: config.model,
    images: requests.length,
    sampledImages: sample.length,
    unreadableImages: unreadable,
    inputTokens,
    outputTokens,
    maxOutputTokens,
    costUsd: price ? costOf({ inputTokens, outputTokens }, price, config.batch) : undefined,
    maxCostUsd: price ? costOf({ inputTokens, outputTokens: maxOutputTokens }, price, config.batch) : undefined,
    batch: config.batch,
    price,
    notes,
  };
}

/** A few lines for the terminal. */
export function formatEstimate(estimate: CostEstimate): string {
  const usd = (value: number): string => `$${value < 1 ? value.toFixed(4) : value.toFixed(2)}`;
  const n = (value: number): string => value.toLocaleString('en-US');
  const lines = [
    `${n(estimate.images)} images with ${estimate.model}${estimate.batch ? ' (Batch API, half price)' : ''}:`,
    `  input  ~${n(estimate.inputTokens)} tokens`,
    `  output ~${n(estimate.outputTokens)} tokens (at most ${n(estimate.maxOutputTokens)})`,
  ];
  if (estimate.costUsd !== undefined && estimate.maxCostUsd !== undefined) {
    lines.push(`  cost   ~${usd(estimate.costUsd)} (at most ${usd(estimate.maxCostUsd)})`);
  }
  if (estimate.unreadableImages > 0) lines.push(`  ${n(estimate.unreadableImages)} sampled images could not be read`);
  for (const note of estimate.notes) lines.push(`  note: ${note}`);
  return lines.join('\n');
}
