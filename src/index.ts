/**
 * connote as a library. The CLI (src/cli) is a thin layer over these functions; the web app has
 * its own entry, `connote/web`.
 *
 *   import { resolveRunConfig, runPipeline } from 'connote';
 *   const summary = await runPipeline(resolveRunConfig({ input: 'photos/', out: 'study' }), io);
 *
 * Each stage has a registry (describers, embedders, reducers, clusterers, keywordExtractors,
 * labelers, imageFeatureExtractors, imageHashers): register your own implementation exactly as the built-ins do.
 */
export { resolveRunConfig, DEFAULTS, type NearDuplicateConfig, type RunConfig, type RunOptions } from './pipeline/config.js';
export { preflight, PreflightError } from './pipeline/index.js';
export { runPipeline, type RunSummary, type PipelineIO } from './pipeline/run.js';
export { dryRun, type DryRunEstimate } from './pipeline/dry-run.js';
export { analyseFeatures } from './pipeline/analyse.js';
export { createContext, type StageContext, type Logger, type Progress, type ProgressTask } from './types/context.js';
export { ModelUnavailableError, StoppedError, UndefinedStatisticError } from './types/errors.js';
export type { ClusterResult, CorpusRow, FeatureAnalysis, Keyword, SummarisedClustering } from './types/analysis.js';
export { openStore, openProjectStore, Store, STORE_FILE } from './store/index.js';

export { imageSources, ingest, inspectImage, sourceFor, type ImageSource, type SourceEntry } from './ingest/index.js';
export { describers, BUILT_IN_PROMPTS, resolvePrompt, makePrompt, type Describer, type Prompt } from './describe/index.js';
export { criterionPrompt } from './describe/prompts.js';
export { embedders, type Embedder } from './embed/index.js';
export { imageFeatureExtractors, type ImageFeatureExtractor } from './image-features/index.js';
export {
  DEFAULT_MAX_DISTANCE,
  differenceHash,
  findNearDuplicates,
  groupHashes,
  hammingDistance,
  hashImages,
  hashToHex,
  imageHashers,
  perceptualHash,
  type HashGroup,
  type ImageGroup,
  type ImageHasher,
  type NearDuplicates,
} from './duplicates/index.js';
export { findDuplicates, type FindDuplicatesOptions, type FindDuplicatesResult } from './pipeline/near-duplicates.js';
export type { NearDuplicateGroupSummary } from './report/index.js';
export { reducers, type Reducer, type ReduceOptions } from './reduce/index.js';
export { clusterers, type Clusterer } from './cluster/index.js';
export { fitHdbscan, approximatePredict, allPointsMembershipVectors, type HdbscanModel, type HdbscanOptions, type Points } from './cluster/hdbscan/index.js';
export { keywordExtractors, maximalMarginalRelevance, type KeywordExtractor } from './keywords/index.js';
export { labelers, labelClusters, type ClusterLabeler, type ClusterName, type ClusterToName } from './labels/index.js';
export {
  buildClusterHierarchy,
  clusterHierarchy,
  labelStoredClustering,
  mergeClusters,
  reassignOutliers,
  type EditResult,
  type ReassignStrategy,
} from './pipeline/curate/index.js';
export type { AuditEntry, ClusterHierarchy, HierarchyNode } from './store/index.js';
export * as evaluate from './evaluate/index.js';

export { createRandom, deriveRandom, type Random } from './util/random.js';
export { createMatrix, fromRows, toRows, type Matrix } from './util/matrix.js';
export { runAnalysisJob, type AnalysisJob, type Execution, type OffloadOptions } from './pipeline/workers/index.js';
