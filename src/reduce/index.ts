import { Registry } from '../util/registry.js';
import type { ReducerFactory } from './types.js';

export * from './types.js';

/** Named reducer implementations; built-ins register below exactly as a plugin would. */
export const reducers = new Registry<ReducerFactory>('reducer');
