/**
 * List prices in USD per million tokens, as published at https://openai.com/api/pricing
 * (standard tier, checked 2025-06). Prices change: a run records the price it used, and
 * `inputPrice` / `outputPrice` settings override this table. The Batch API bills half.
 */
export interface ModelPrice {
  readonly inputPerMillion: number;
  readonly outputPerMillion: number;
  /** Fraction taken off by the Batch API (0.5 for OpenAI). */
  readonly batchDiscount: number;
}

const price = (inputPerMillion: number, outputPerMillion: number, batchDiscount = 0.5): ModelPrice => ({
  inputPerMillion,
  outputPerMillion,
  batchDiscount,
});

export const PRICES_CHECKED = '2025-06';

export const MODEL_PRICES: Readonly<Record<string, ModelPrice>> = {
  'gpt-4o': price(2.5, 10),
  'gpt-4o-2024-05-13': price(5, 15),
  'gpt-4o-mini': price(0.15, 0.6),
  'gpt-4-turbo': price(10, 30),
  'gpt-4-vision-preview': price(10, 30),
  'gpt-4-1106-vision-preview': price(10, 30),
  'gpt-4.1': price(2, 8),
  'gpt-4.1-mini': price(0.4, 1.6),
  'gpt-4.1-nano': price(0.1, 0.4),
  'gpt-5': price(1.25, 10),
  'gpt-5-mini': price(0.25, 2),
  'gpt-5-nano': price(0.05, 0.4),
  'o4-mini': price(1.1, 4.4),
  'text-embedding-3-small': price(0.02, 0),
  'text-embedding-3-large': price(0.13, 0),
  'text-embedding-ada-002': price(0.1, 0),
};

/** The model name without a router prefix such as OpenRouter's `openai/`. */
export function bareModelName(model: string): string {
  return model.replace(/^openai\//, '');
}

/**
 * The price of `model`: an exact entry, else the longest entry it starts with followed by
 * `-` (so the snapshot `gpt-4o-2024-08-06` costs what `gpt-4o` costs, while `gpt-4o-mini`
 * keeps its own price).
 */
export function lookupPrice(model: string): ModelPrice | undefined {
  const name = bareModelName(model);
  if (MODEL_PRICES[name]) return MODEL_PRICES[name];
  let best: string | undefined;
  for (const key of Object.keys(MODEL_PRICES)) {
    if (name.startsWith(`${key}-`) && (!best || key.length > best.length)) best = key;
  }
  return best ? MODEL_PRICES[best] : undefined;
}

/** What `usage` costs in USD at `modelPrice`, with the batch discount when `batch`. */
export function costOf(
  usage: { readonly inputTokens: number; readonly outputTokens: number },
  modelPrice: ModelPrice,
  batch = false,
): number {
  const factor = batch ? 1 - modelPrice.batchDiscount : 1;
  return ((usage.inputTokens * modelPrice.inputPerMillion + usage.outputTokens * modelPrice.outputPerMillion) / 1e6) * factor;
}

/**
 * The price to charge: the settings' override, else the table, else free for a model served
 * on the user's own hardware, else unknown (costs are then not reported).
 */
export function resolvePrice(
  model: string,
  override: { inputPrice?: number; outputPrice?: number; batchDiscount?: number },
  local: boolean,
): ModelPrice | undefined {
  const listed = lookupPrice(model) ?? (local ? price(0, 0) : undefined);
  if (override.inputPrice === undefined && override.outputPrice === undefined && override.batchDiscount === undefined) {
    return listed;
  }
  const inputPerMillion = override.inputPrice ?? listed?.inputPerMillion;
  const outputPerMillion = override.outputPrice ?? listed?.outputPerMillion;
  if (inputPerMillion === undefined || outputPerMillion === undefined) return undefined;
  return price(inputPerMillion, outputPerMillion, override.batchDiscount ?? listed?.batchDiscount ?? 0.5);
}
