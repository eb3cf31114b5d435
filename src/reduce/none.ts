import type { Matrix } from '../util/matrix.js';
import type { Reducer, ReducerFactory } from './types.js';

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
