import type { StageContext } from '../types/context.js';
import { StoppedError } from '../types/errors.js';
import type { Matrix } from '../util/matrix.js';
import type { Store } from './index.js';

export interface CachedVectorsRequest {
  /** One content key per row (a text's hash, an image's hash); equal keys share one vector. */
  readonly keys: readonly string[];
  /** Identifies the model and parameters that make the vectors. */
  readonly cacheKey: string;
  /** Rows per compute call; Infinity computes all missing rows at once. */
  readonly batchSize: number;
  /** When true every row is recomputed together (the vectors depend on the whole set). */
  readonly allAtOnce?: boolean;
  /** Progress label, e.g. "Embedding (minilm)". */
  readonly label: string;
  readonly unit: string;
  /** Vectors for the rows at these indices (one per index, in order). */
  compute(indices: readonly number[]): Promise<Float32Array[]>;
}

export interface CachedVectorsResult {
  readonly matrix: Matrix;
  readonly cached: number;
  readonly computed: number;
}

/**
 * Fills a matrix from the store's vector cache, computing only missing rows, in batches that
 * are each committed when they complete: a crash loses at most the batch in flight.
 * Used for description embeddings and for CNN image features alike.
 */
export async function cachedVectors(request: CachedVectorsRequest, store: Store, ctx: StageContext): Promise<CachedVectorsResult> {
  const { keys, cacheKey } = request;
  const vectors = store.embeddings.getMany(keys, cacheKey);
  const cached = vectors.size;
  const firstIndexOfMissing = new Map<string, number>();
  keys.forEach((key, i) => {
    if (!vectors.has(key) && !firstIndexOfMissing.has(key)) firstIndexOfMissing.set(key, i);
  });
  const missing = [...firstIndexOfMissing.values()];
  if (missing.length > 0) {
    const task = ctx.progress.start(request.label, missing.length, request.unit);
    const batches = request.allAtOnce ? [keys.map((_, i) => i)] : chunk(missing, Math.max(1, Math.min(request.batchSize, missing.length)));
    for (const batch of batches) {
      if (ctx.signal.aborted) throw new StoppedError(request.label);
      const result = await request.compute(batch);
      if (result.length !== batch.length) throw new Error(`${request.label}: got ${result.length} vectors for ${batch.length} inputs`);
      const entries = batch.map((row, i) => ({ textHash: keys[row], vector: result[i] }));
      store.embeddings.putMany(entries, cacheKey);
      for (const entry of entries) vectors.set(entry.textHash, entry.vector);
      task.tick(request.allAtOnce ? missing.length : batch.length);
    }
    task.done();
  }
  const dims = keys.length > 0 ? (vectors.get(keys[0]) as Float32Array).length : 0;
  const data = new Float64Array(keys.length * dims);
  keys.forEach((key, i) => {
    const vector = vectors.get(key) as Float32Array;
    if (vector.length !== dims) throw new Error(`${request.label}: vector dimension changed within one run (${vector.length} vs ${dims})`);
    data.set(vector, i * dims);
  });
  return { matrix: { rows: keys.length, cols: dims, data }, cached, computed: missing.length };
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
