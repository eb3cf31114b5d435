import { Registry } from '../util/registry.js';
import { noneFactory } from './none.js';
import { pcaFactory } from './pca.js';
import type { ReducerFactory } from './types.js';
import { umapFactory } from './umap.js';

export * from './types.js';

/** Named reducer implementations; built-ins register below exactly as a plugin would. */
export const reducers = new Registry<ReducerFactory>('reducer');

reducers.register({
  name: 'umap',
  summary: 'UMAP after umap-learn (NN-descent, fuzzy simplicial set, spectral init, SGD); seeded runs are reproducible bit for bit',
  create: umapFactory,
});
reducers.register({
  name: 'pca',
  summary: 'principal component analysis (exact covariance eigendecomposition, randomized SVD for wide data)',
  create: pcaFactory,
});
reducers.register({
  name: 'none',
  summary: 'no reduction: pass the embeddings through unchanged',
  create: noneFactory,
});
