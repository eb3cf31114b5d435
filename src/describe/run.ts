import type { StageContext } from '../types/context.js';
import type { DescriptionKey, Store } from '../store/index.js';
import type { DescribeRequest, Describer } from './types.js';

export interface DescribeStageResult {
  /** Usable descriptions (status ok) by image hash. */
  readonly texts: ReadonlyMap<string, string>;
  readonly cached: number;
  readonly described: number;
  readonly refused: number;
  readonly empty: number;
  readonly failures: ReadonlyArray<{ imageHash: string; ids: readonly string[]; message: string }>;
  readonly usage: { inputTokens: number; outputTokens: number; costUsd: number };
  /** True when Ctrl-C stopped the stage before every image was described. */
  readonly interrupted: boolean;
}

export function descriptionKey(describer: Describer): DescriptionKey {
  return {
    describer: describer.signature.describer,
    model: describer.signature.model,
    promptHash: describer.prompt.hash,
    params: describer.signature.params,
  };
}

/**
 * Describes the images that have no cached description for this describer, model, prompt
 * and parameters, committing each description to the store the moment it arrives: a crash
 * or Ctrl-C loses nothing finished, and nothing finished is ever requested (or paid for) again.
 */
export async function describeImages(
  requests: readonly DescribeRequest[],
  describer: Describer,
  store: Store,
  ctx: StageContext,
): Promise<DescribeStageResult> {
  const key = descriptionKey(describer);
  store.descriptions.putPrompt(describer.prompt);
  const texts = new Map<string, string>();
  let refused = 0;
  let empty = 0;
  const cachedRows = store.descriptions.getMany(
    requests.map((r) => r.imageHash),
    key,
  );
  for (const [hash, row] of cachedRows) {
    if (row.status === 'ok') texts.set(hash, row.text);
    else if (row.status === 'refused') refused++;
    else empty++;
  }
  const pending = requests.filter((r) => !cachedRows.has(r.imageHash));
  const byHash = new Map(requests.map((r) => [r.imageHash, r]));
  const failures: Array<{ imageHash: string; ids: readonly string[]; message: string }> = [];
  const usage = { inputTokens: 0, outputTokens: 0, costUsd: 0 };
  let described = 0;
  if (pending.length > 0) {
    const task = ctx.progress.start(`Describing (${describer.name}, ${describer.signature.model})`, pending.length, 'images');
    for await (const outcome of describer.describe(pending, ctx)) {
      if (outcome.kind === 'failure') {
        failures.push({ imageHash: outcome.imageHash, ids: byHash.get(outcome.imageHash)?.ids ?? [], message: outcome.message });
      } else {
        store.descriptions.put(key, {
          imageHash: outcome.imageHash,
          status: outcome.status,
          text: outcome.text,
          inputTokens: outcome.usage?.inputTokens ?? null,
          outputTokens: outcome.usage?.outputTokens ?? null,
          costUsd: outcome.costUsd ?? null,
          responseModel: outcome.responseModel ?? null,
        });
        described++;
        usage.inputTokens += outcome.usage?.inputTokens ?? 0;
        usage.outputTokens += outcome.usage?.outputTokens ?? 0;
        usage.costUsd += outcome.costUsd ?? 0;
        if (outcome.status === 'ok') texts.set(outcome.imageHash, outcome.text);
        else if (outcome.status === 'refused') refused++;
        else empty++;
      }
      task.tick(1, usage.costUsd > 0 ? `$${usage.costUsd.toFixed(4)}` : undefined);
      // On Ctrl-C the describer starts nothing new but still yields the answers in flight
      // (already paid for), so keep reading until it ends.
    }
    task.done();
  }
  return {
    texts,
    cached: cachedRows.size,
    described,
    refused,
    empty,
    failures,
    usage,
    interrupted: ctx.signal.aborted && described + failures.length < pending.length,
  };
}
