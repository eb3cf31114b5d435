/** Long CPU stages (reduce, cluster) as jobs that run in a worker thread or in-process, with the same result. */
export { isBuiltIn, runJob, type AnalysisJob, type AnalysisOutput } from './jobs.js';
export { runAnalysisJob, type Execution, type OffloadOptions } from './offload.js';
