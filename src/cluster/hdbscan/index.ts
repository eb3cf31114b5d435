/**
 * HDBSCAN* in TypeScript, following scikit-learn-contrib/hdbscan 0.8.40 (Campello, Moulavi &
 * Sander 2013; McInnes & Healy 2017). One concept per module:
 * kdTree -> coreDistances -> spanningTree (Boruvka; primSpanningTree is the exact reference)
 * -> singleLinkage -> condensedTree -> clusterSelection -> scores, plus prediction and
 * softClustering for points outside or around the fit.
 */
export { fitHdbscan, selectFromTree, type HdbscanModel, type FitHooks, type HdbscanStage } from './fit.js';
export { HDBSCAN_SETTINGS, resolveHdbscanOptions, type HdbscanOptions, type ResolvedHdbscanOptions } from './options.js';
export { approximatePredict, predictionData, type Prediction, type PredictionData } from './prediction.js';
export { allPointsMembershipVectors, exemplarRows } from './softClustering.js';
export type { CondensedTree, CondensedTreeIndex } from './condensedTree.js';
export type { SingleLinkageTree } from './singleLinkage.js';
export type { SpanningTree } from './spanningTree.js';
export type { ClusterSelectionMethod } from './clusterSelection.js';
