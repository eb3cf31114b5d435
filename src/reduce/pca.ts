import type { StageContext } from '../types/context.js';
import type { Matrix } from '../util/matrix.js';
import { createRandom } from '../util/random.js';
import { fitPca, type PcaSolver } from './pca/fit.js';
import type { ReduceOptions, Reducer, ReducerFactory } from './types.js';

export interface PcaReducerOptions extends Pick<ReduceOptions, 'nComponents' | 'seed'> {
  readonly whiten?: boolean;
  readonly solver?: PcaSolver;
}

/**
 * PCA as a Reducer: linear, fast and deterministic, a baseline against UMAP. nNeighbors,
 * minDist and metric do not apply and are not part of its signature; the seed matters only to
 * the randomized solver (used beyond 1,000 input dimensions).
 */
export function createPcaReducer(options: PcaReducerOptions): Reducer {
  if (!Number.isInteger(options.nComponents) || options.nComponents < 1) {
    throw new Error(`pca reducer: nComponents must be an integer >= 1, got ${JSON.stringify(options.nComponents)}`);
  }
  if (options.whiten !== undefined && typeof options.whiten !== 'boolean') {
    throw new Error(`pca reducer: whiten must be true or false, got ${JSON.stringify(options.whiten)}`);
  }
  if (options.solver !== undefined && !['auto', 'covariance', 'randomized'].includes(options.solver)) {
    throw new Error(`pca reducer: solver must be 'auto', 'covariance' or 'randomized', got ${JSON.stringify(options.solver)}`);
  }
  const params = {
    nComponents: options.nComponents,
    whiten: options.whiten ?? false,
    solver: options.solver ?? 'auto',
    seed: options.seed ?? null,
  };
  return {
    name: 'pca',
    signature: { reducer: 'pca', params },
    async fitTransform(data: Matrix, ctx: StageContext): Promise<Matrix> {
      const model = fitPca(data, {
        nComponents: options.nComponents,
        whiten: options.whiten,
        solver: options.solver,
        random: createRandom(options.seed ?? ctx.seed),
      });
      const explained = model.explainedVarianceRatio.reduce((sum, v) => sum + v, 0);
      ctx.logger.debug(`PCA (${model.solver}): ${options.nComponents} components explain ${(explained * 100).toFixed(1)}% of the variance`);
      return model.transform(data);
    },
  };
}

export const pcaFactory: ReducerFactory = (options) => createPcaReducer(options as PcaReducerOptions);
