/** Contracts shared by every layer: the stage context, shared errors and plain records. */
export * from './analysis.js';
export * from './coding.js';
export * from './context.js';
export * from './errors.js';
