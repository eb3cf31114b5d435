import { Registry } from '../util/registry.js';
import { noneFactory, NONE_SETTINGS } from './none.js';
import { pcaFactory, PCA_SETTINGS } from './pca.js';
import type { ReducerFactory } from './types.js';
import { umapFactory, UMAP_SETTINGS } from './umap.js';

export * from './types.js';

/** Named reducer implementations; built-ins register below exactly as a plugin would. */
export const reducers = new Registry<ReducerFactory>('reducer');

reducers.register({
  name: 'umap',
  summary: 'UMAP after umap-learn (NN-descent, fuzzy simplicial set, spectral init, SGD); seeded runs are reproducible bit for bit',
  settings: UMAP_SETTINGS,
  // No minimum: on a corpus too small for its spectral initialisation UMAP falls back to random
  // initialisation (as umap-learn does), and below 3 points the reduce step passes features through.
  create: umapFactory,
});
reducers.register({
  name: 'pca',
  summary: 'principal component analysis (exact covariance eigendecomposition, randomized SVD for wide data)',
  settings: PCA_SETTINGS,
  minimumRows: (settings) => {
    const components = Number(settings.nComponents ?? 5);
    return { rows: Math.max(2, components), reason: `PCA to ${components} components needs at least ${Math.max(2, components)} points` };
  },
  create: pcaFactory,
});
reducers.register({
  name: 'none',
  summary: 'no reduction: pass the embeddings through unchanged',
  settings: NONE_SETTINGS,
  create: noneFactory,
});
