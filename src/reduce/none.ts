import type { Matrix } from '../util/matrix.js';
import { settingsSchema } from '../util/settings.js';
import type { Reducer, ReducerFactory } from './types.js';
import { REDUCE_COMMON_SETTINGS } from './settings.js';

/** Nothing to set: the common options are accepted (a config may name them) and ignored. */
export const NONE_SETTINGS = settingsSchema({ ...REDUCE_COMMON_SETTINGS });

/** The identity: cluster the embeddings as they are (BERTopic's BaseDimensionalityReduction). */
export function createIdentityReducer(): Reducer {
  return {
    name: 'none',
    signature: { reducer: 'none', params: {} },
    async fitTransform(data: Matrix): Promise<Matrix> {
      return data;
    },
  };
}

export const noneFactory: ReducerFactory = () => createIdentityReducer();
