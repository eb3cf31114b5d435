/** Shared plumbing for in-process models (transformers.js and ONNX Runtime). */
export * from './cache-dir.js';
export * from './download-progress.js';
export * from './errors.js';
export * from './source.js';
export * from './transformers.js';
export * from './lazy-model.js';
export * from './probe.js';
