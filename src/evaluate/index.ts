/**
 * Validation as the paper does it: coders' agreement, Grimmer & King cluster quality,
 * interpretability, pair sampling, and the `connote evaluate` study that ties them together.
 */
export * from './types.js';
export { agreementReport, type AgreementReport, type AgreementOptions } from './agreement.js';
export { adjustedRandIndex } from './ari.js';
export { bootstrap, intervalOf, percentileInterval, type BootstrapInterval, type BootstrapOptions } from './bootstrap.js';
export { clusterQuality, compareClusterQuality, meanPairRatings, type ClusterQuality, type ClusterQualityComparison } from './cluster-quality.js';
export { knnLabelPurity, trustworthiness } from './embedding-quality.js';
export { UndefinedStatisticError } from './errors.js';
export { createInterpretabilityTasks, scoreInterpretability } from './interpretability.js';
export { agreementTable, cohenKappa, cohenKappaFromRatings, fleissKappa, fleissTable, type CohenKappa, type FleissKappa } from './kappa.js';
export { ALPHA_LEVELS, bootstrapAlpha, krippendorffAlpha, reliabilityDataFromRecords, type AlphaLevel, type AlphaResult } from './krippendorff.js';
export * from './pairs-csv.js';
export { blindPairs, samplePairs, unblindPairs, PAIR_STRATA, type PairSample, type SampledPair } from './pairs.js';
export { evaluationCsv, evaluationMarkdown, qualityChart, writeEvaluation } from './outputs.js';
export { validationStudy, type ValidationStudy } from './study.js';
export { runEvaluation, type EvaluationSummary } from './run.js';
