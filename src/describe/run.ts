import type { StageContext } from '../types/context.js';
import type { DescriptionKey, StoredDescription, Store } from '../store/index.js';
import type { DescribeOutcome, DescribeRequest, Describer } from './types.js';

export interface DescribeStageResult {
  /** Usable descriptions of images (status ok), by image hash: shared by every item with those bytes. */
  readonly texts: ReadonlyMap<string, string>;
  /** Usable descriptions that belong to one item (reference descriptions), by item id. */
  readonly itemTexts: ReadonlyMap<string, string>;
  /** Requests (distinct images) answered from the cache. */
  readonly cached: number;
  /** Answers received in this run for the images of this run. */
  readonly described: number;
  readonly refused: number;
  readonly empty: number;
  /** Paid answers that could not be read: stored as they came (never requested again), reported as errors. */
  readonly unreadable: ReadonlyArray<{ imageHash: string; ids: readonly string[]; text: string }>;
  /** Paid answers for images this run did not need (a resumed batch covered them: not in the run, or cached already): stored for later. */
  readonly keptForLater: number;
  readonly failures: ReadonlyArray<{ imageHash: string; ids: readonly string[]; message: string }>;
  /** Tokens and cost of every answer received in this run (those kept for later included: they were paid for). */
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
 * Whether the cache answers a request: an image-level description, or one for every item (a
 * describer whose texts belong to items must have seen every id: a new id re-reads them all).
 */
export function cacheAnswers(request: DescribeRequest, rows: readonly StoredDescription[] | undefined): boolean {
  if (!rows || rows.length === 0) return false;
  if (rows.some((row) => !row.itemId)) return true;
  const items = new Set(rows.map((row) => row.itemId));
  return request.ids.every((id) => items.has(id));
}

/** What the stage has gathered so far; each stored row adds to it exactly once. */
class Gathered {
  readonly texts = new Map<string, string>();
  readonly itemTexts = new Map<string, string>();
  readonly unreadable: Array<{ imageHash: string; ids: readonly string[]; text: string }> = [];
  refused = 0;
  empty = 0;

  add(row: Pick<StoredDescription, 'imageHash' | 'itemId' | 'status' | 'text'>, ids: readonly string[]): void {
    if (row.status === 'ok') {
      if (row.itemId) this.itemTexts.set(row.itemId, row.text);
      else this.texts.set(row.imageHash, row.text);
    } else if (row.status === 'refused') this.refused++;
    else if (row.status === 'empty') this.empty++;
    else this.unreadable.push({ imageHash: row.imageHash, ids: row.itemId ? [row.itemId] : ids, text: row.text });
  }
}

/**
 * Describes the images that have no cached description for this describer, model, prompt
 * and parameters, committing each description to the store the moment it arrives: a crash
 * or Ctrl-C loses nothing finished, and nothing finished is ever requested (or paid for) again.
 * Answers for images outside `requests` (a resumed batch) are stored too, never thrown away.
 */
export async function describeImages(
  requests: readonly DescribeRequest[],
  describer: Describer,
  store: Store,
  ctx: StageContext,
): Promise<DescribeStageResult> {
  const key = descriptionKey(describer);
  store.descriptions.putPrompt(describer.prompt);
  const gathered = new Gathered();
  const cachedRows = store.descriptions.getMany(
    requests.map((r) => r.imageHash),
    key,
  );
  const pending: DescribeRequest[] = [];
  for (const request of requests) {
    const rows = cachedRows.get(request.imageHash);
    if (cacheAnswers(request, rows)) rows!.forEach((row) => gathered.add(row, request.ids));
    else pending.push(request);
  }
  const pendingByHash = new Map(pending.map((r) => [r.imageHash, r]));
  const answered = new Set<string>();
  const failures: Array<{ imageHash: string; ids: readonly string[]; message: string }> = [];
  const usage = { inputTokens: 0, outputTokens: 0, costUsd: 0 };
  let described = 0;
  let keptForLater = 0;
  if (pending.length > 0) {
    const task = ctx.progress.start(`Describing (${describer.name}, ${describer.signature.model})`, pending.length, 'images');
    for await (const outcome of describer.describe(pending, ctx)) {
      const request = pendingByHash.get(outcome.imageHash);
      if (outcome.kind === 'failure') {
        if (request) failures.push({ imageHash: outcome.imageHash, ids: request.ids, message: outcome.message });
      } else {
        usage.inputTokens += outcome.usage?.inputTokens ?? 0;
        usage.outputTokens += outcome.usage?.outputTokens ?? 0;
        usage.costUsd += outcome.costUsd ?? 0;
        // Not asked for in this run (or already answered from the cache): paid for all the same, so
        // kept for a later run, without replacing a text earlier runs used.
        if (!request) {
          storeOutcome(store, key, outcome, { keepExisting: true });
          keptForLater++;
          continue;
        }
        for (const row of storeOutcome(store, key, outcome)) gathered.add(row, request.ids);
        described++;
      }
      if (request && !answered.has(outcome.imageHash)) {
        answered.add(outcome.imageHash);
        task.tick(1, usage.costUsd > 0 ? `$${usage.costUsd.toFixed(4)}` : undefined);
      }
      // On Ctrl-C the describer starts nothing new but still yields the answers in flight
      // (already paid for), so keep reading until it ends.
    }
    task.done();
    if (keptForLater > 0) {
      ctx.logger.info(`stored ${keptForLater} paid answers a resumed batch gave for images this run did not need (not in it, or described already); a later run uses them`);
    }
  }
  return {
    texts: gathered.texts,
    itemTexts: gathered.itemTexts,
    cached: requests.length - pending.length,
    described,
    refused: gathered.refused,
    empty: gathered.empty,
    unreadable: gathered.unreadable,
    keptForLater,
    failures,
    usage,
    interrupted: ctx.signal.aborted && answered.size < pending.length,
  };
}

/** Commits one answer: one row for the image, or one per item it belongs to. Returns the rows. */
function storeOutcome(
  store: Store,
  key: DescriptionKey,
  outcome: Extract<DescribeOutcome, { kind: 'description' }>,
  options: { keepExisting?: boolean } = {},
): StoredDescription[] {
  const base = {
    imageHash: outcome.imageHash,
    status: outcome.status,
    text: outcome.text,
    inputTokens: outcome.usage?.inputTokens ?? null,
    outputTokens: outcome.usage?.outputTokens ?? null,
    costUsd: outcome.costUsd ?? null,
    responseModel: outcome.responseModel ?? null,
  };
  // Tokens and cost go on the first row only, so that summing the store never counts an answer twice.
  const unpaid = { inputTokens: null, outputTokens: null, costUsd: null };
  const rows: StoredDescription[] = outcome.itemIds
    ? outcome.itemIds.map((itemId, i) => ({ ...base, ...(i > 0 ? unpaid : {}), itemId }))
    : [{ ...base, itemId: null }];
  for (const row of rows) store.descriptions.put(key, row, options);
  return rows;
}
