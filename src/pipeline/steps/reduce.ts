import { reducers } from '../../reduce/index.js';
import { hashOf } from '../../util/hash.js';
import { createMatrix, type Matrix } from '../../util/matrix.js';
import type { ReduceChoice, RunConfig } from '../config.js';
import { notingContext, type StepEnvironment } from '../session.js';
import { runAnalysisJob } from '../workers/offload.js';

export interface ReducedFeatures {
  /** The features reduced for clustering (UMAP to 5-D by default). */
  readonly reduced: Matrix;
  /** The separate 2-D layout for the map. */
  readonly layout: Matrix;
  readonly reducedFromCache: boolean;
  readonly layoutFromCache: boolean;
}

/** UMAP builds a graph of each point's nearest neighbours: it needs at least 3 points. */
const UMAP_MIN_POINTS = 3;

/**
 * Step 4, reduce: the features once for clustering and once to 2-D for the map, each cached
 * under the features' key, the reducer's signature and the seed. Each runs in a worker thread
 * when large (see workers/offload.ts) with a random stream of its own.
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
  kind: 'reduction' | 'layout',
): Promise<{ matrix: Matrix; fromCache: boolean }> {
  const { name, ...options } = choice;
  const reducer = reducers.get(name).create({ ...options, seed });
  const key = hashOf({ featuresKey: features.key, reducer: reducer.signature, seed });
  const cached = env.store.artifacts.getMatrix(key);
  if (cached) return { matrix: cached, fromCache: true };
  const stage = `reduce:${kind}`;
  let matrix: Matrix;
  if (choice.name === 'umap' && features.matrix.rows < UMAP_MIN_POINTS) {
    env.note(
      stage,
      `UMAP needs at least ${UMAP_MIN_POINTS} points, got ${features.matrix.rows}; the ${kind} uses the features as they are (first ${choice.nComponents} columns), as reducer 'none' would`,
    );
    matrix = firstColumns(features.matrix, choice.nComponents);
  } else {
    env.ctx.logger.debug(`${kind}: ${reducer.name} to ${choice.nComponents}-D`);
    matrix = await runAnalysisJob(
      { kind: 'reduce', name, options: { ...options, seed }, data: features.matrix, stage: `${stage}:${choice.name}` },
      notingContext(env, stage, kind === 'layout' ? `${choice.nComponents}-D map layout` : `${choice.nComponents}-D reduction for clustering`),
      { execution: env.execution },
    );
  }
  env.store.artifacts.putMatrix(key, kind, matrix, { reducer: reducer.signature, featuresKey: features.key });
  return { matrix, fromCache: false };
}

/** The first `count` columns (zero-padded when there are fewer): the identity, shaped as the next steps expect. */
function firstColumns(matrix: Matrix, count: number): Matrix {
  const out = createMatrix(matrix.rows, count);
  for (let i = 0; i < matrix.rows; i++) {
    for (let j = 0; j < Math.min(count, matrix.cols); j++) out.data[i * count + j] = matrix.data[i * matrix.cols + j];
  }
  return out;
}
