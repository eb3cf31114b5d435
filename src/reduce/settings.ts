import { setting } from '../util/settings.js';

/** The options every reduction shares (name, nComponents, nNeighbors, minDist, metric) and the seed. */
export const REDUCE_COMMON_SETTINGS = {
  nComponents: setting.integer({ min: 1 }),
  nNeighbors: setting.integer({ min: 2 }),
  minDist: setting.number({ min: 0 }),
  metric: setting.choice(['cosine', 'euclidean']),
  seed: setting.integer({ min: 0 }),
};
