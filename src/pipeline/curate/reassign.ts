import { allPointsMembershipVectors, fitHdbscan, type HdbscanOptions } from '../../cluster/hdbscan/index.js';
import { fitClassTfidf } from '../../keywords/index.js';
import { loadStoredClustering, type Store, type StoredClustering } from '../../store/index.js';
import type { StageContext } from '../../types/context.js';
import { sha256 } from '../../util/hash.js';
import { rowsKey } from '../steps/features.js';
import { keywordOptionsFor } from '../steps/keywords.js';
import { keywordConfigOf, saveDerivedClustering, type EditAudit, type EditResult } from './derive.js';

/**
 * BERTopic's outlier-reduction strategies (`reduce_outliers`):
 * - `probabilities`: HDBSCAN's soft clustering (all_points_membership_vectors) of the run's own fit;
 * - `ctfidf`: cosine similarity of each outlier's description, weighted by the clustering's c-TF-IDF
 *   idf, to every cluster's c-TF-IDF vector;
 * - `embeddings`: cosine similarity of each outlier's description embedding to every cluster's
 *   mean embedding.
 * An outlier joins its best cluster when the score reaches `threshold`.
 * @see https://maartengr.github.io/BERTopic/getting_started/outlier_reduction/outlier_reduction.html
 */
export type ReassignStrategy = 'probabilities' | 'ctfidf' | 'embeddings';

export const REASSIGN_STRATEGIES: readonly ReassignStrategy[] = ['probabilities', 'ctfidf', 'embeddings'];

export interface ReassignOptions extends EditAudit {
  readonly strategy: ReassignStrategy;
  /** Lowest score that moves an outlier into a cluster (default 0: every outlier with any score moves). */
  readonly threshold?: number;
}

export interface ReassignResult extends EditResult {
  /** Distinct images that were noise before. */
  readonly outliers: number;
  /** Of those, how many joined a cluster. */
  readonly reassigned: number;
}

/** Scores of every row for every cluster (cluster labels in ascending order). */
interface ClusterScores {
  readonly clusters: readonly number[];
  score(row: number): Float64Array;
}

/**
 * Moves outliers into the cluster they score highest for (at least `threshold`), as a new
 * clustering derived from the old one (never changed). A moved image's probability is the score
 * that placed it; every other image keeps its cluster and probability.
 */
export function assignOutliers(labels: Int32Array, probabilities: Float64Array, scores: ClusterScores, threshold: number): { labels: Int32Array; probabilities: Float64Array; reassigned: number } {
  const outLabels = Int32Array.from(labels);
  const outProbabilities = Float64Array.from(probabilities);
  let reassigned = 0;
  labels.forEach((label, row) => {
    if (label >= 0 || scores.clusters.length === 0) return;
    const values = scores.score(row);
    let best = 0;
    for (let c = 1; c < values.length; c++) if (values[c] > values[best]) best = c;
    if (values[best] > 0 && values[best] >= threshold) {
      outLabels[row] = scores.clusters[best];
      outProbabilities[row] = Math.min(1, values[best]);
      reassigned++;
    }
  });
  return { labels: outLabels, probabilities: outProbabilities, reassigned };
}

/** `connote reassign`: outlier reassignment by one strategy, recorded as a new clustering. */
export async function reassignOutliers(store: Store, clusteringId: number, options: ReassignOptions, ctx?: StageContext): Promise<ReassignResult> {
  if (!REASSIGN_STRATEGIES.includes(options.strategy)) throw new RangeError(`unknown strategy '${options.strategy}'; choose ${REASSIGN_STRATEGIES.join(', ')}`);
  const threshold = options.threshold ?? 0;
  if (!Number.isFinite(threshold) || threshold < 0 || threshold > 1) throw new RangeError(`threshold must be from 0 to 1, got ${threshold}`);
  const stored = loadStoredClustering(store, clusteringId);
  const outliers = [...stored.labels].filter((l) => l < 0).length;
  const scores =
    options.strategy === 'probabilities' ? membershipScores(store, stored) : options.strategy === 'ctfidf' ? ctfidfScores(stored) : embeddingScores(store, stored);
  const moved = assignOutliers(stored.labels, stored.probabilities, scores, threshold);
  const labelMap = new Map([...new Set(stored.labels)].map((l) => [l, l]));
  const result = await saveDerivedClustering(
    store,
    stored,
    {
      edit: 'reassign',
      labels: moved.labels,
      probabilities: moved.probabilities,
      labelMap,
      keepNames: new Set(scores.clusters),
      moved: moved.reassigned,
      details: { strategy: options.strategy, threshold, outliers, reassigned: moved.reassigned },
    },
    options,
    ctx,
  );
  return { ...result, outliers, reassigned: moved.reassigned };
}

const clusterLabelsOf = (labels: Int32Array): number[] => [...new Set([...labels].filter((l) => l >= 0))].sort((a, b) => a - b);

/** Rows of a stored clustering identify its cached reduction and embeddings, as the pipeline keyed them. */
const rowsKeyOf = (stored: StoredClustering): string => rowsKey(stored.rows);

function reductionsOf(store: Store, stored: StoredClustering) {
  const suffix = `:${rowsKeyOf(stored)}`;
  return store.artifacts
    .listKind('reduction')
    .filter((a) => a.rows === stored.rows.length && typeof a.meta.featuresKey === 'string' && a.meta.featuresKey.endsWith(suffix));
}

/**
 * HDBSCAN's membership vectors of the run's own fit. The fit is not stored, so it is made again
 * from the cached reduction with the clustering's settings (HDBSCAN is deterministic), and used
 * only if it gives exactly the stored labels.
 */
function membershipScores(store: Store, stored: StoredClustering): ClusterScores {
  const { clustering } = stored;
  const cluster = clustering.params.cluster as { name?: string; settings?: Record<string, unknown> } | undefined;
  if (clustering.parentId !== null || (cluster?.name ?? 'hdbscan') !== 'hdbscan') {
    throw new RangeError(`strategy 'probabilities' needs a clustering HDBSCAN made itself; ${clustering.name} is ${clustering.edit ? `a ${clustering.edit} edit` : `by ${cluster?.name}`}: use ctfidf or embeddings`);
  }
  const options = { ...(cluster?.settings ?? {}), minClusterSize: clustering.minClusterSize ?? 5 } as HdbscanOptions;
  for (const candidate of reductionsOf(store, stored)) {
    const matrix = store.artifacts.getMatrix(candidate.key);
    if (!matrix) continue;
    const model = fitHdbscan(matrix, options);
    if (model.labels.length !== stored.labels.length || model.labels.some((l, i) => l !== stored.labels[i])) continue;
    const vectors = allPointsMembershipVectors(model);
    return { clusters: clusterLabelsOf(stored.labels), score: (row) => vectors.data.slice(row * vectors.cols, (row + 1) * vectors.cols) };
  }
  throw new RangeError(`the reduced features ${clustering.name} was clustered from are not in the store (or no longer give its labels): run connote run again, or use ctfidf`);
}

function cosineSparse(a: ReadonlyMap<number, number>, b: ReadonlyMap<number, number>, normB: number): number {
  let dot = 0;
  let normA = 0;
  for (const [term, value] of a) {
    normA += value * value;
    const other = b.get(term);
    if (other !== undefined) dot += value * other;
  }
  return normA === 0 || normB === 0 ? 0 : dot / Math.sqrt(normA * normB);
}

function ctfidfScores(stored: StoredClustering): ClusterScores {
  const options = keywordOptionsFor(keywordConfigOf(stored), stored.promptText);
  const texts = stored.rows.map((row) => row.text);
  const model = fitClassTfidf(texts, stored.labels, options);
  const clusters = model.labels.filter((l) => l >= 0);
  const rows = clusters.map((label) => model.rows[model.labels.indexOf(label)]);
  const norms = rows.map((row) => [...row.values()].reduce((sum, v) => sum + v * v, 0));
  const cache = new Map<number, Float64Array>();
  return {
    clusters,
    score: (row) => {
      let out = cache.get(row);
      if (!out) {
        const [weighted] = model.transform([texts[row]]);
        out = Float64Array.from(rows, (clusterRow, c) => cosineSparse(weighted, clusterRow, norms[c]));
        cache.set(row, out);
      }
      return out;
    },
  };
}

function embeddingScores(store: Store, stored: StoredClustering): ClusterScores {
  const { clustering } = stored;
  if (clustering.method !== 'descriptions') throw new RangeError(`strategy 'embeddings' compares description embeddings; ${clustering.name} clusters ${clustering.method}: use ctfidf`);
  const suffix = `:${rowsKeyOf(stored)}`;
  const keys = reductionsOf(store, stored).map((a) => (a.meta.featuresKey as string).slice(0, -suffix.length));
  const hashes = stored.rows.map((row) => sha256(row.text));
  for (const key of new Set(keys)) {
    const vectors = store.embeddings.getMany(hashes, key);
    if (vectors.size < new Set(hashes).size) continue;
    const rows = hashes.map((h) => vectors.get(h)!);
    const clusters = clusterLabelsOf(stored.labels);
    const dims = rows[0]?.length ?? 0;
    const centroids = clusters.map(() => new Float64Array(dims));
    const index = new Map(clusters.map((l, c) => [l, c]));
    stored.labels.forEach((label, r) => {
      const c = index.get(label);
      if (c !== undefined) for (let d = 0; d < dims; d++) centroids[c][d] += rows[r][d];
    });
    return { clusters, score: (row) => Float64Array.from(centroids, (centroid) => cosine(rows[row], centroid)) };
  }
  throw new RangeError(`the description embeddings of ${clustering.name} are not in the store: run connote run again, or use ctfidf`);
}

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}
