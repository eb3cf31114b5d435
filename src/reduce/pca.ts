import type { StageContext } from '../types/context.js';
import type { Matrix } from '../util/matrix.js';
import { createRandom } from '../util/random.js';
import { fitPca, type PcaSolver } from './pca/fit.js';
import { readSettings, setting, settingsSchema } from '../util/settings.js';
import type { ReduceOptions, Reducer, ReducerFactory } from './types.js';
import { REDUCE_COMMON_SETTINGS } from './settings.js';

export interface PcaReducerOptions extends Pick<ReduceOptions, 'nComponents' | 'seed'> {
  readonly whiten?: boolean;
  readonly solver?: PcaSolver;
}

/**
 * PCA as a Reducer: linear, fast and deterministic, a baseline against UMAP. nNeighbors,
 * minDist and metric do not apply and are not part of its signature; the seed matters only to
 * the randomized solver (used beyond 1,000 input dimensions).
 */
/** nNeighbors, minDist and metric are accepted (every reduction has them) and ignored. */
export const PCA_SETTINGS = settingsSchema({
  ...REDUCE_COMMON_SETTINGS,
  whiten: setting.boolean(),
  solver: setting.choice(['auto', 'covariance', 'randomized']),
});

export function createPcaReducer(given: PcaReducerOptions): Reducer {
  const values = readSettings("reducer 'pca'", PCA_SETTINGS, given as unknown as Readonly<Record<string, unknown>>);
  const options: PcaReducerOptions = { nComponents: values.nComponents ?? 5, seed: values.seed, whiten: values.whiten, solver: values.solver };
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
