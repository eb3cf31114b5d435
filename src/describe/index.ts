import { Registry } from '../util/registry.js';
import type { DescriberFactory } from './types.js';

export * from './types.js';

/** Named describer implementations; built-ins register below exactly as a plugin would. */
export const describers = new Registry<DescriberFactory>('describer');
