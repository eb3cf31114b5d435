/**
 * HDBSCAN* in TypeScript, following scikit-learn-contrib/hdbscan 0.8.40 (Campello, Moulavi &
 * Sander 2013; McInnes & Healy 2017). One concept per module:
 * kdTree -> coreDistances -> spanningTree (Boruvka rounds, their steps in boruvkaSearch;
 * primSpanningTree is the exact reference)
 * -> singleLinkage -> condensedTree -> clusterSelection -> scores, plus prediction and
 * softClustering for points outside or around the fit.
 */
import { fromRows, type Matrix } from '../../util/matrix.js';
import { fitHdbscan as fitMatrix, type FitHooks, type HdbscanModel } from './fit.js';
import type { HdbscanOptions } from './options.js';

export { selectFromTree, type HdbscanModel, type FitHooks, type HdbscanStage } from './fit.js';
export { HDBSCAN_SETTINGS, resolveHdbscanOptions, type HdbscanOptions, type ResolvedHdbscanOptions } from './options.js';
export { approximatePredict, predictionData, type Prediction, type PredictionData } from './prediction.js';
export { allPointsMembershipVectors, exemplarRows } from './softClustering.js';
export type { CondensedTree, CondensedTreeIndex } from './condensedTree.js';
export type { SingleLinkageTree } from './singleLinkage.js';
export type { SpanningTree } from './spanningTree.js';
export type { ClusterSelectionMethod } from './clusterSelection.js';

/** Points as a Matrix, or as one array of coordinates per point (`number[][]`, `Float64Array[]`). */
export type Points = Matrix | ReadonlyArray<ArrayLike<number>>;

const isMatrix = (points: Points): points is Matrix => !Array.isArray(points) && typeof (points as Matrix).rows === 'number';

/**
 * HDBSCAN* of `points` (see fit.ts): labels, membership probabilities, GLOSH outlier scores and
 * the condensed tree. Accepts a Matrix or plain rows, e.g. `fitHdbscan([[0, 0], [0, 1], ...], { minClusterSize: 5 })`.
 */
export function fitHdbscan(points: Points, options: HdbscanOptions, hooks: FitHooks = {}): HdbscanModel {
  return fitMatrix(isMatrix(points) ? points : fromRows([...points]), options, hooks);
}
