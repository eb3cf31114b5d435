import type { StageContext } from '../types/context.js';
import type { ReduceChoice, RunConfig } from './config.js';
import { countByLabel } from '../cluster/counts.js';
import { clusterers } from '../cluster/index.js';
import { representativesByLabel } from '../cluster/representatives.js';
import { keywordExtractors } from '../keywords/index.js';
import type { FeatureAnalysis, SummarisedClustering } from '../types/analysis.js';
import { reducers } from '../reduce/index.js';
import type { Store } from '../store/index.js';
export type { FeatureAnalysis, SummarisedClustering } from '../types/analysis.js';
import { hashOf } from '../util/hash.js';
import type { Matrix } from '../util/matrix.js';

/**
 * The steps both methods share (descriptions and the CNN baseline): reduce the features for
 * clustering, lay them out in 2-D for the map, cluster once per minimum cluster size, and
 * summarise every cluster by keywords from `documents` and representative rows.
 *
 * `featuresKey` must identify the rows and their values (e.g. embedder key + row hashes):
 * reductions are cached under it, so re-running with new cluster sizes reduces nothing again.
 */
export async function analyseFeatures(
  features: Matrix,
  featuresKey: string,
  documents: readonly string[],
  config: Pick<RunConfig, 'reduce' | 'layout' | 'cluster' | 'keywords' | 'representatives' | 'seed'>,
  store: Store,
  ctx: StageContext,
): Promise<FeatureAnalysis> {
  const timings: Record<string, number> = {};
  const timed = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    try {
      return await fn();
    } finally {
      timings[name] = (timings[name] ?? 0) + (performance.now() - start) / 1000;
    }
  };
  const reduce = await timed('reduce', () => reduceCached(features, featuresKey, config.reduce, config.seed, 'reduction', store, ctx));
  const layout = await timed('layout', () => reduceCached(features, featuresKey, config.layout, config.seed, 'layout', store, ctx));

  const keywordOptions = { topN: config.keywords.topN, ngramRange: config.keywords.ngramRange };
  const ctfidf = keywordExtractors.get('ctfidf').create(keywordOptions);
  const tfidf = keywordExtractors.get('tfidf').create(keywordOptions);
  const clusterings: SummarisedClustering[] = [];
  for (const minClusterSize of config.cluster.minClusterSizes) {
    const start = performance.now();
    const clusterer = clusterers.get(config.cluster.name).create({ ...config.cluster.settings, minClusterSize });
    const result = await timed('cluster', () => clusterer.fit(reduce.matrix, ctx));
    const summaries = await timed('keywords', async () => {
      const keywords = ctfidf.extract(documents, result.labels);
      const tfidfKeywords = tfidf.extract(documents, result.labels);
      const representatives = representativesByLabel(result, config.representatives);
      const sizes = countByLabel(result.labels);
      return [...sizes.keys()]
        .filter((label) => label >= 0)
        .sort((a, b) => a - b)
        .map((label) => ({
          label,
          size: sizes.get(label) as number,
          keywords: keywords.get(label) ?? [],
          tfidfKeywords: tfidfKeywords.get(label) ?? [],
          representatives: representatives.get(label) ?? [],
        }));
    });
    clusterings.push({ minClusterSize, result, clusters: summaries, seconds: (performance.now() - start) / 1000 });
  }
  return {
    reduced: reduce.matrix,
    layout: layout.matrix,
    clusterings,
    reducedFromCache: reduce.fromCache,
    layoutFromCache: layout.fromCache,
    timings,
  };
}

async function reduceCached(
  features: Matrix,
  featuresKey: string,
  choice: ReduceChoice,
  seed: number,
  kind: string,
  store: Store,
  ctx: StageContext,
): Promise<{ matrix: Matrix; fromCache: boolean }> {
  const reducer = reducers.get(choice.name).create({ ...choice, seed });
  const key = hashOf({ featuresKey, reducer: reducer.signature, seed });
  const cached = store.artifacts.getMatrix(key);
  if (cached) return { matrix: cached, fromCache: true };
  ctx.logger.debug(`${kind}: ${reducer.name} to ${choice.nComponents}-D`);
  const matrix = await reducer.fitTransform(features, ctx);
  store.artifacts.putMatrix(key, kind, matrix, { reducer: reducer.signature, featuresKey });
  return { matrix, fromCache: false };
}

/**
 * Records an analysis in the store (for `connote serve` and later evaluation): one clustering
 * per minimum cluster size with per-item assignments and cluster summaries, and the 2-D layout.
 * `itemIdsOfRow` expands each clustered row (a distinct image) to every item that shares it.
 */
export function saveAnalysis(
  store: Store,
  runId: string,
  method: string,
  analysis: FeatureAnalysis,
  itemIdsOfRow: ReadonlyArray<readonly string[]>,
  params: Record<string, unknown>,
): number[] {
  const ids: number[] = [];
  for (const clustering of analysis.clusterings) {
    const { labels, probabilities, outlierScores } = clustering.result;
    const assignments = itemIdsOfRow.flatMap((itemIds, row) =>
      itemIds.map((itemId) => ({
        itemId,
        label: labels[row],
        probability: probabilities[row],
        outlierScore: outlierScores ? outlierScores[row] : null,
      })),
    );
    const itemsPerLabel = countByLabel(labels, (row) => itemIdsOfRow[row].length);
    const clusters = clustering.clusters.map((cluster) => ({
      label: cluster.label,
      size: itemsPerLabel.get(cluster.label) ?? 0,
      keywords: [...cluster.keywords],
      tfidfKeywords: [...cluster.tfidfKeywords],
      representatives: cluster.representatives.map((row) => itemIdsOfRow[row][0]),
    }));
    ids.push(
      store.clusterings.save({
        runId,
        name: `${method}/mcs${clustering.minClusterSize}`,
        method,
        minClusterSize: clustering.minClusterSize,
        params: { ...params, minClusterSize: clustering.minClusterSize },
        assignments,
        clusters,
      }),
    );
  }
  const layout = analysis.layout;
  store.clusterings.saveLayout(
    runId,
    method,
    itemIdsOfRow.flatMap((itemIds, row) =>
      itemIds.map((itemId) => ({ itemId, x: layout.data[row * layout.cols], y: layout.data[row * layout.cols + 1] })),
    ),
  );
  return ids;
}
