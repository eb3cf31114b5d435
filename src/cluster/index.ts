import { Registry } from '../util/registry.js';
import type { ClustererFactory } from './types.js';

export * from './types.js';

/** Named clusterer implementations; built-ins register below exactly as a plugin would. */
export const clusterers = new Registry<ClustererFactory>('clusterer');
