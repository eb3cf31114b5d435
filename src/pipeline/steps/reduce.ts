import { reducers } from '../../reduce/index.js';
import { hashOf } from '../../util/hash.js';
import type { Matrix } from '../../util/matrix.js';
import type { ReduceChoice, RunConfig } from '../config.js';
import type { StepEnvironment } from '../session.js';

export interface ReducedFeatures {
  /** The features reduced for clustering (UMAP to 5-D by default). */
  readonly reduced: Matrix;
  /** The separate 2-D layout for the map. */
  readonly layout: Matrix;
  readonly reducedFromCache: boolean;
  readonly layoutFromCache: boolean;
}

/**
 * Step 4, reduce: the features once for clustering and once to 2-D for the map, each cached
 * under the features' key, the reducer's signature and the seed.
 */
export async function reduceFeatures(
  env: StepEnvironment,
  config: Pick<RunConfig, 'reduce' | 'layout' | 'seed'>,
  features: { readonly matrix: Matrix; readonly key: string; readonly method: string },
): Promise<ReducedFeatures> {
  const reduce = await env.timed(`${features.method}.reduce`, () => reduceCached(env, features, config.reduce, config.seed, 'reduction'));
  const layout = await env.timed(`${features.method}.layout`, () => reduceCached(env, features, config.layout, config.seed, 'layout'));
  return { reduced: reduce.matrix, layout: layout.matrix, reducedFromCache: reduce.fromCache, layoutFromCache: layout.fromCache };
}

async function reduceCached(
  env: StepEnvironment,
  features: { readonly matrix: Matrix; readonly key: string },
  choice: ReduceChoice,
  seed: number,
  kind: string,
): Promise<{ matrix: Matrix; fromCache: boolean }> {
  const { name, ...options } = choice;
  const reducer = reducers.get(name).create({ ...options, seed });
  const key = hashOf({ featuresKey: features.key, reducer: reducer.signature, seed });
  const cached = env.store.artifacts.getMatrix(key);
  if (cached) return { matrix: cached, fromCache: true };
  env.ctx.logger.debug(`${kind}: ${reducer.name} to ${choice.nComponents}-D`);
  const matrix = await reducer.fitTransform(features.matrix, env.ctx);
  env.store.artifacts.putMatrix(key, kind, matrix, { reducer: reducer.signature, featuresKey: features.key });
  return { matrix, fromCache: false };
}
