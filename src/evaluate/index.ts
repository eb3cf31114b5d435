/**
 * Validation as the paper does it: coders' agreement, Grimmer & King cluster quality,
 * interpretability, pair sampling, and the `connote evaluate` study that ties them together.
 */
export * from './coding/types.js';
export { agreementReport, type AgreementReport, type AgreementOptions, type LevelAlpha } from './statistics/agreement.js';
export { adjustedRandIndex } from './statistics/ari.js';
export { bootstrap, intervalOf, percentileInterval, type BootstrapInterval, type BootstrapOptions } from './statistics/bootstrap.js';
export { clusterQuality, compareClusterQuality, meanPairRatings, type ClusterQuality, type ClusterQualityComparison, type PairDesign } from './statistics/cluster-quality.js';
export { chanceBaseline, type ChanceBaseline, type ChanceBaselineOptions } from './statistics/permutation.js';
export { meanSd, seedAgreement, type MeanSd, type SeedAgreement } from './statistics/stability.js';
export { labelRating, labelSets, labelSimilarityQuality, type LabelQuality } from './statistics/label-similarity.js';
export { neymanAllocation, neymanShares, pairPopulation, stratumCoefficients, type PairPopulation } from './statistics/pair-design.js';
export { sampleStratifiedPairs, type DesignPair, type StratifiedSample } from './coding/stratified-pairs.js';
export { blindingKeyPath, readCodingPairs, unblindedPairsPath } from './coding/pair-files.js';
export { planPairs, type PairPlan, type PairPlanOptions } from './study/plan.js';
export { knnLabelPurity, trustworthiness } from './statistics/embedding-quality.js';
export { UndefinedStatisticError } from '../types/errors.js';
export { createInterpretabilityTasks, type InterpretabilityTaskOptions } from './coding/interpretability-tasks.js';
export { scoreInterpretability, type InterpretabilityResponse, type InterpretabilityScore } from './statistics/interpretability.js';
export { agreementTable, cohenKappa, cohenKappaFromRatings, fleissKappa, fleissTable, type CohenKappa, type FleissKappa } from './statistics/kappa.js';
export { ALPHA_LEVELS, bootstrapAlpha, krippendorffAlpha, reliabilityDataFromRecords, type AlphaLevel, type AlphaOptions, type AlphaResult } from './statistics/krippendorff.js';
export * from './coding/pairs-csv.js';
export { blindPairs, samplePairs, unblindPairs, PAIR_STRATA, type PairSample, type SampledPair } from './coding/pairs.js';
export { evaluationCsv, evaluationMarkdown, matchedChart, qualityChart, writeEvaluation } from './study/outputs.js';
export { validationStudy, type MethodInput, type ValidationStudy } from './study/study.js';
export { runEvaluation, type EvaluationOptions, type EvaluationSummary } from './study/run.js';
