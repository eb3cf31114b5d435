import type { StageContext } from '../types/context.js';
import { cachedVectors } from '../store/cached-vectors.js';
import type { Store } from '../store/index.js';
import { hashOf, sha256 } from '../util/hash.js';
import type { Matrix } from '../util/matrix.js';
import type { Embedder } from './types.js';

export interface EmbedStageResult {
  /** One row per input text, in order. */
  readonly matrix: Matrix;
  readonly cached: number;
  readonly computed: number;
  /** The cache key of these vectors (embedder signature, plus the corpus for corpus-dependent embedders). */
  readonly embedderKey: string;
}

/** The cache key of an embedder's vectors for this set of texts. */
export function embedderKey(embedder: Embedder, textHashes: readonly string[]): string {
  const base = hashOf(embedder.signature);
  if (!embedder.corpusDependent) return base;
  const corpus = sha256([...new Set(textHashes)].sort().join('\n')).slice(0, 16);
  return `${base}:corpus-${corpus}`;
}

/**
 * Embeds texts through the cache: vectors already stored for this embedder are reused; the
 * rest are computed in batches of `embedder.batchSize`, each committed when it completes. A
 * corpus-dependent embedder (TF-IDF) sees the whole corpus in one call.
 */
export async function embedTexts(
  texts: readonly string[],
  embedder: Embedder,
  store: Store,
  ctx: StageContext,
): Promise<EmbedStageResult> {
  const keys = texts.map((text) => sha256(text));
  const key = embedderKey(embedder, keys);
  const result = await cachedVectors(
    {
      keys,
      cacheKey: key,
      batchSize: embedder.batchSize,
      allAtOnce: embedder.corpusDependent,
      label: `Embedding (${embedder.name}, ${embedder.signature.model})`,
      unit: 'texts',
      compute: (indices) =>
        embedder.embed(
          indices.map((i) => texts[i]),
          ctx,
        ),
    },
    store,
    ctx,
  );
  return { ...result, embedderKey: key };
}
