import type { Store } from '../store/index.js';
import type { CorpusRow, FeatureAnalysis } from '../types/analysis.js';
import type { StageContext } from '../types/context.js';
import type { Matrix } from '../util/matrix.js';
import type { RunConfig } from './config.js';
import { stepEnvironment, type StepEnvironment } from './session.js';
import { clusterFeatures } from './steps/cluster.js';
import type { FeatureMatrix } from './steps/features.js';
import { summariseClusterings } from './steps/keywords.js';
import { reduceFeatures } from './steps/reduce.js';

export type { FeatureAnalysis, SummarisedClustering } from '../types/analysis.js';

type AnalysisConfig = Pick<RunConfig, 'reduce' | 'layout' | 'cluster' | 'keywords' | 'representatives' | 'seed'>;

/**
 * Steps 4 to 6 for any feature matrix (descriptions' embeddings or the CNN baseline's features):
 * reduce (and lay out for the map), cluster once per minimum size, summarise every cluster by
 * keywords from the rows' descriptions. Reductions are cached under the features' key.
 */
export async function analyseFeatureMatrix(
  env: StepEnvironment,
  config: AnalysisConfig,
  features: Pick<FeatureMatrix, 'matrix' | 'key' | 'method'>,
  rows: readonly Pick<CorpusRow, 'text'>[],
): Promise<FeatureAnalysis> {
  const reduced = await reduceFeatures(env, config, features);
  const clusterings = await clusterFeatures(env, config, reduced.reduced, features.method);
  const summaries = await env.timed(`${features.method}.keywords`, async () =>
    summariseClusterings(config, rows.map((row) => row.text), clusterings, env),
  );
  return { ...reduced, clusterings: summaries };
}

/**
 * Library entry for features made elsewhere (BERTopic's precomputed embeddings): reduce, cluster
 * and summarise `features` (one row per document). `featuresKey` must identify the rows and their
 * values (e.g. an embedder key and row hashes): reductions are cached in `store` under it.
 */
export function analyseFeatures(
  features: Matrix,
  featuresKey: string,
  documents: readonly string[],
  config: AnalysisConfig,
  store: Store,
  ctx: StageContext,
): Promise<FeatureAnalysis> {
  return analyseFeatureMatrix(
    stepEnvironment(store, ctx),
    config,
    { matrix: features, key: featuresKey, method: 'features' },
    documents.map((text) => ({ text })),
  );
}
