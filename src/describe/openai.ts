import type { StageContext } from '../types/context.js';
import { ClientSet } from '../providers/client.js';
import { systemClock, type Clock } from '../providers/clock.js';
import { missingKeyError } from '../providers/connection.js';
import { EndpointPool } from '../providers/endpoint-pool.js';
import { estimateCost, type CostEstimate, type EstimateOptions } from './estimate.js';
import { describeInBatches } from './openai-batch.js';
import type { DescribeJob } from './openai-job.js';
import { describeOnline } from './openai-online.js';
import { readDescriberSettings, type OpenAIDescriberConfig } from './openai-settings.js';
import type { Prompt } from './prompts.js';
import type { DescribeOutcome, DescribeRequest, Describer, DescriberOptions, DescriberSignature } from './types.js';

/** Test seams: a virtual clock, and an environment other than `process.env`. */
export interface OpenAIDescriberRuntime {
  readonly clock?: Clock;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Describes images with any OpenAI-compatible chat-completions server: OpenAI itself, vLLM,
 * Ollama, LM Studio, llama.cpp, OpenRouter, and Gemini's or Anthropic's compatibility
 * endpoints; one server or several at once; request by request or through the Batch API.
 */
export class OpenAIDescriber implements Describer {
  readonly name = 'openai';
  readonly signature: DescriberSignature;
  private readonly job: DescribeJob;

  constructor(
    readonly prompt: Prompt,
    readonly config: OpenAIDescriberConfig,
    runtime: OpenAIDescriberRuntime = {},
  ) {
    const clock = runtime.clock ?? systemClock;
    const { connection } = config;
    this.signature = {
      describer: this.name,
      model: config.model,
      // Only what changes the text; endpoints, concurrency and batching do not.
      params: {
        temperature: config.temperature,
        seed: config.seed,
        maxTokens: config.maxTokens,
        detail: config.detail,
        imageSize: config.imageSize,
        jpegQuality: config.jpegQuality,
      },
    };
    this.job = {
      config,
      prompt,
      clock,
      pool: new EndpointPool(connection.endpoints, { clock }),
      clients: new ClientSet(connection.retry.timeoutMs, connection.transport),
      assertReady: () => {
        if (connection.missingApiKey) throw missingKeyError("describer 'openai'", connection.profile, connection.endpoints[0].url);
      },
    };
  }

  describe(requests: readonly DescribeRequest[], ctx: StageContext): AsyncIterable<DescribeOutcome> {
    return this.config.batch ? describeInBatches(this.job, requests, ctx) : describeOnline(this.job, requests, ctx);
  }

  /** Tokens and cost of describing `requests`, without sending anything (for `--dry-run`). */
  estimate(requests: readonly DescribeRequest[], options?: EstimateOptions): Promise<CostEstimate> {
    return estimateCost(this.config, this.prompt, requests, options);
  }

  /** Per-endpoint counts, for the run's log. */
  endpointStats(): Array<{ url: string; succeeded: number; failed: number }> {
    return this.job.pool.endpoints.map((e) => ({ url: e.url, succeeded: e.succeeded, failed: e.failed }));
  }

  async close(): Promise<void> {
    this.job.clients.close();
  }
}

export function createOpenAIDescriber(options: DescriberOptions, runtime: OpenAIDescriberRuntime = {}): OpenAIDescriber {
  const config = readDescriberSettings(options.settings, runtime.env ?? process.env);
  return new OpenAIDescriber(options.prompt, config, runtime);
}
