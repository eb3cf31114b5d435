/**
 * Validation as the paper does it: coders' agreement, Grimmer & King cluster quality,
 * interpretability, pair sampling, and the `connote evaluate` study that ties them together.
 */
export * from './coding/types.js';
export { agreementReport, type AgreementReport, type AgreementOptions } from './statistics/agreement.js';
export { adjustedRandIndex } from './statistics/ari.js';
export { bootstrap, intervalOf, percentileInterval, type BootstrapInterval, type BootstrapOptions } from './statistics/bootstrap.js';
export { clusterQuality, compareClusterQuality, meanPairRatings, type ClusterQuality, type ClusterQualityComparison } from './statistics/cluster-quality.js';
export { knnLabelPurity, trustworthiness } from './statistics/embedding-quality.js';
export { UndefinedStatisticError } from '../types/errors.js';
export { createInterpretabilityTasks, type InterpretabilityTaskOptions } from './coding/interpretability-tasks.js';
export { scoreInterpretability, type InterpretabilityResponse, type InterpretabilityScore } from './statistics/interpretability.js';
export { agreementTable, cohenKappa, cohenKappaFromRatings, fleissKappa, fleissTable, type CohenKappa, type FleissKappa } from './statistics/kappa.js';
export { ALPHA_LEVELS, bootstrapAlpha, krippendorffAlpha, reliabilityDataFromRecords, type AlphaLevel, type AlphaResult } from './statistics/krippendorff.js';
export * from './coding/pairs-csv.js';
export { blindPairs, samplePairs, unblindPairs, PAIR_STRATA, type PairSample, type SampledPair } from './coding/pairs.js';
export { evaluationCsv, evaluationMarkdown, qualityChart, writeEvaluation } from './study/outputs.js';
export { validationStudy, type ValidationStudy } from './study/study.js';
export { runEvaluation, type EvaluationSummary } from './study/run.js';
