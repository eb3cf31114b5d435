import type { StageContext } from '../context.js';
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
 * rest are computed in batches of `embedder.batchSize`, each batch committed when it completes.
 */
export async function embedTexts(
  texts: readonly string[],
  embedder: Embedder,
  store: Store,
  ctx: StageContext,
): Promise<EmbedStageResult> {
  const textHashes = texts.map((text) => sha256(text));
  const key = embedderKey(embedder, textHashes);
  const vectors = store.embeddings.getMany(textHashes, key);
  const cached = vectors.size;
  const missing: Array<{ hash: string; text: string }> = [];
  const queued = new Set<string>();
  texts.forEach((text, i) => {
    const hash = textHashes[i];
    if (!vectors.has(hash) && !queued.has(hash)) {
      queued.add(hash);
      missing.push({ hash, text });
    }
  });
  // A corpus-dependent embedder (TF-IDF) must see the whole corpus in one call.
  const batchSize = embedder.corpusDependent ? Math.max(1, texts.length) : Math.max(1, embedder.batchSize);
  if (missing.length > 0) {
    const task = ctx.progress.start(`Embedding (${embedder.name}, ${embedder.signature.model})`, missing.length, 'texts');
    const batches = embedder.corpusDependent ? [texts.map((text, i) => ({ hash: textHashes[i], text }))] : chunk(missing, batchSize);
    for (const batch of batches) {
      if (ctx.signal.aborted) throw new Error('embedding interrupted');
      const result = await embedder.embed(
        batch.map((b) => b.text),
        ctx,
      );
      if (result.length !== batch.length) {
        throw new Error(`embedder ${embedder.name} returned ${result.length} vectors for ${batch.length} texts`);
      }
      const entries = batch.map((b, i) => ({ textHash: b.hash, vector: result[i] }));
      store.embeddings.putMany(entries, key);
      for (const entry of entries) vectors.set(entry.textHash, entry.vector);
      task.tick(embedder.corpusDependent ? missing.length : batch.length);
    }
    task.done();
  }
  const dims = texts.length > 0 ? (vectors.get(textHashes[0]) as Float32Array).length : 0;
  const data = new Float64Array(texts.length * dims);
  textHashes.forEach((hash, i) => {
    const vector = vectors.get(hash) as Float32Array;
    if (vector.length !== dims) throw new Error(`embedding dimension changed within one run (${vector.length} vs ${dims})`);
    data.set(vector, i * dims);
  });
  return { matrix: { rows: texts.length, cols: dims, data }, cached, computed: missing.length, embedderKey: key };
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
