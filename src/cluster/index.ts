import { Registry } from '../util/registry.js';
import { createHdbscanClusterer } from './hdbscan.js';
import { HDBSCAN_SETTINGS } from './hdbscan/options.js';
import { createKmeansClusterer, KMEANS_SETTINGS } from './kmeans.js';
import type { ClustererFactory } from './types.js';

export * from './types.js';

/** Named clusterer implementations; built-ins register below exactly as a plugin would. */
export const clusterers = new Registry<ClustererFactory>('clusterer');

clusterers.register({
  name: 'hdbscan',
  summary: 'HDBSCAN* density clustering with noise (exact, as scikit-learn-contrib/hdbscan 0.8.40)',
  settings: HDBSCAN_SETTINGS,
  create: createHdbscanClusterer,
});
clusterers.register({
  name: 'kmeans',
  summary: 'k-means with k-means++ seeding; needs option k; every point is assigned',
  settings: KMEANS_SETTINGS,
  minimumRows: (settings) => ({ rows: Number(settings.k ?? 1), reason: `k-means with k = ${String(settings.k)} needs at least that many points` }),
  create: createKmeansClusterer,
});
