/**
 * Tokenises a batch the way Hugging Face's Python tokenizers do for sentence-transformers:
 * a text longer than `maxTokens` is cut inside its content and keeps its closing special
 * tokens ([CLS] … [SEP]); transformers.js's own truncation would drop the final [SEP].
 */
export interface BatchTokenizer {
  (
    texts: string[],
    options: { add_special_tokens: boolean; padding: boolean; truncation: boolean; return_tensor: false },
  ): { input_ids: number[][]; attention_mask: number[][]; token_type_ids?: number[][] };
  readonly pad_token_id: number | null | undefined;
  readonly padding_side: string;
  readonly all_special_ids: number[];
  readonly model_max_length: number;
}

export interface TokenBatch {
  readonly batch: number;
  readonly tokens: number;
  readonly inputIds: BigInt64Array;
  readonly attentionMask: BigInt64Array;
  /** Present when the tokenizer makes them (BERT-style models). */
  readonly tokenTypeIds?: BigInt64Array;
}

export function tokenizeBatch(tokenizer: BatchTokenizer, texts: readonly string[], maxTokens: number): TokenBatch {
  const encoded = tokenizer([...texts], { add_special_tokens: true, padding: false, truncation: false, return_tensor: false });
  const special = new Set(tokenizer.all_special_ids);
  const rows = encoded.input_ids.map((ids, i) => {
    const keep = keptPositions(ids, special, maxTokens);
    return {
      ids: keep.map((p) => ids[p]),
      mask: keep.map((p) => encoded.attention_mask[i][p]),
      types: encoded.token_type_ids ? keep.map((p) => encoded.token_type_ids![i][p]) : undefined,
    };
  });
  const tokens = Math.max(1, ...rows.map((row) => row.ids.length));
  const padId = BigInt(tokenizer.pad_token_id ?? 0);
  const padLeft = tokenizer.padding_side === 'left';
  const inputIds = new BigInt64Array(texts.length * tokens).fill(padId);
  const attentionMask = new BigInt64Array(texts.length * tokens);
  const tokenTypeIds = encoded.token_type_ids ? new BigInt64Array(texts.length * tokens) : undefined;
  rows.forEach((row, i) => {
    const offset = i * tokens + (padLeft ? tokens - row.ids.length : 0);
    row.ids.forEach((id, t) => {
      inputIds[offset + t] = BigInt(id);
      attentionMask[offset + t] = BigInt(row.mask[t]);
      if (tokenTypeIds && row.types) tokenTypeIds[offset + t] = BigInt(row.types[t]);
    });
  });
  return { batch: texts.length, tokens, inputIds, attentionMask, ...(tokenTypeIds ? { tokenTypeIds } : {}) };
}

/** Positions to keep: all of them, or the first ones plus the trailing special tokens. */
function keptPositions(ids: readonly number[], special: ReadonlySet<number>, maxTokens: number): number[] {
  const all = ids.map((_, p) => p);
  if (ids.length <= maxTokens) return all;
  let trailing = 0;
  while (trailing < ids.length && trailing < maxTokens && special.has(ids[ids.length - 1 - trailing])) trailing++;
  return [...all.slice(0, maxTokens - trailing), ...all.slice(ids.length - trailing)];
}
