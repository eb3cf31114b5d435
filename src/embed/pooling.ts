/**
 * Turning a model's token vectors into one vector per text, computed in float64.
 *
 * Mean pooling and L2 normalisation follow sentence-transformers exactly:
 * @see sentence_transformers/models/Pooling.py — sum(token_embeddings * mask) / clamp(sum(mask), min=1e-9)
 * @see sentence_transformers/models/Normalize.py — torch.nn.functional.normalize(p=2, eps=1e-12)
 */
export const POOLINGS = ['mean', 'cls', 'last'] as const;
/** `cls`: the first unmasked token; `last`: the last unmasked token (decoder-style embedders). */
export type Pooling = (typeof POOLINGS)[number];

/** Token vectors for a batch: `data` is [batch, tokens, hidden] row-major; `mask` is [batch, tokens] of 0/1. */
export interface TokenStates {
  readonly data: ArrayLike<number>;
  readonly batch: number;
  readonly tokens: number;
  readonly hidden: number;
  readonly mask: ArrayLike<number | bigint>;
}

export function poolTokens(states: TokenStates, pooling: Pooling): Float64Array[] {
  const out: Float64Array[] = [];
  for (let b = 0; b < states.batch; b++) {
    out.push(pooling === 'mean' ? meanOf(states, b) : tokenAt(states, b, pickToken(states, b, pooling)));
  }
  return out;
}

function meanOf({ data, tokens, hidden, mask }: TokenStates, b: number): Float64Array {
  const sum = new Float64Array(hidden);
  let count = 0;
  for (let t = 0; t < tokens; t++) {
    const weight = Number(mask[b * tokens + t]);
    if (weight === 0) continue;
    count += weight;
    const base = (b * tokens + t) * hidden;
    for (let h = 0; h < hidden; h++) sum[h] += data[base + h] * weight;
  }
  const divisor = Math.max(count, 1e-9);
  for (let h = 0; h < hidden; h++) sum[h] /= divisor;
  return sum;
}

function pickToken({ tokens, mask }: TokenStates, b: number, pooling: 'cls' | 'last'): number {
  const unmasked: number[] = [];
  for (let t = 0; t < tokens; t++) if (Number(mask[b * tokens + t]) !== 0) unmasked.push(t);
  if (unmasked.length === 0) return 0;
  return pooling === 'cls' ? unmasked[0] : unmasked[unmasked.length - 1];
}

function tokenAt({ data, tokens, hidden }: TokenStates, b: number, t: number): Float64Array {
  const base = (b * tokens + t) * hidden;
  return Float64Array.from({ length: hidden }, (_, h) => data[base + h]);
}

/** In place: v / max(‖v‖₂, 1e-12), as torch.nn.functional.normalize does. */
export function normalizeL2(vector: Float64Array): Float64Array {
  let sum = 0;
  for (const value of vector) sum += value * value;
  const norm = Math.max(Math.sqrt(sum), 1e-12);
  for (let i = 0; i < vector.length; i++) vector[i] /= norm;
  return vector;
}
