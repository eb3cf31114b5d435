/** The pipeline: configuration, the run's session and context, the steps, and the commands that chain them. */
export { resolveRunConfig, DEFAULTS, type RunConfig, type RunOptions } from './config.js';
export { runContext } from './context.js';
export { RunSession, stepEnvironment, type PipelineIO, type StepEnvironment } from './session.js';
export { runPipeline, type RunSummary } from './run.js';
export { dryRun, type DryRunEstimate } from './dry-run.js';
export { analyseFeatures, analyseFeatureMatrix } from './analyse.js';
export { baseProvenance, clusteringCounts, connoteVersion, noiseItems } from './provenance.js';
export { ingestImages, type IngestedImages } from './steps/ingest.js';
export { describeCorpus, estimateDescribing, type Corpus } from './steps/describe.js';
export { embedDescriptions, type EmbeddedDescriptions } from './steps/embed.js';
export { extractCorpusImageFeatures, type ExtractedImageFeatures } from './steps/image-features.js';
export { rowsKey, type FeatureMatrix } from './steps/features.js';
export { reduceFeatures, type ReducedFeatures } from './steps/reduce.js';
export { clusterFeatures, type ClusteringAtSize } from './steps/cluster.js';
export { summariseClusterings } from './steps/keywords.js';
export { recordAnalysis, recordMethodAnalysis } from './steps/record.js';
export { describeDescriptionFeatures, describeImageFeatures, writeAnalysisOutputs } from './steps/outputs.js';
