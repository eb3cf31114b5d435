import { normalizeRows, type Matrix } from '../../util/matrix.js';
import { kthNeighbourDistances } from './coreDistances.js';
import { checkFinite, type HdbscanModel } from './fit.js';
import { nearestNeighbours, searchScratch } from './kdTree.js';

/**
 * Assigning new points to an existing clustering, as hdbscan.prediction does, so that a large
 * corpus can be clustered on a sample and the rest placed afterwards.
 *
 * @see https://github.com/scikit-learn-contrib/hdbscan/blob/master/hdbscan/prediction.py
 *   (PredictionData, _find_neighbor_and_lambda, _find_cluster_and_probability, approximate_predict)
 */

/** What prediction needs beyond the fitted model; built once per model and cached. */
export interface PredictionData {
  /** min_samples used by prediction: the option as given (not clamped), as in hdbscan. */
  readonly minSamples: number;
  /**
   * Distance to the minSamples-th nearest training point *counting the point itself*, per row.
   * This is what hdbscan's PredictionData stores (`tree.query(data, k=min_samples)`), one
   * neighbour fewer than the clustering's core distance; kept so predictions match hdbscan's.
   */
  readonly coreDistances: Float64Array;
  /** Label of every cluster node: that of its nearest selected ancestor-or-self, else -1. */
  readonly labelOfCluster: Int32Array;
  /** Largest lambda among the direct children of that selected cluster (0 when unlabelled). */
  readonly maxLambdaOfCluster: Float64Array;
}

const cache = new WeakMap<HdbscanModel, PredictionData>();

export function predictionData(model: HdbscanModel): PredictionData {
  const cached = cache.get(model);
  if (cached) return cached;
  const { treeIndex, selectedClusters, kdTree } = model;
  const n = treeIndex.nPoints;
  const minSamples = model.options.minSamples;
  const coreDistances = n > 0 ? kthNeighbourDistances(kdTree, Math.min(minSamples, n)).byRow : new Float64Array(0);
  const labelOfCluster = new Int32Array(treeIndex.nClusterNodes).fill(-1);
  const maxLambdaOfCluster = new Float64Array(treeIndex.nClusterNodes);
  selectedClusters.forEach((cluster, label) => {
    labelOfCluster[cluster - n] = label;
  });
  // Top-down (parents have smaller ids): sub-clusters inherit their selected ancestor.
  for (let c = 0; c < treeIndex.nClusterNodes; c++) {
    if (labelOfCluster[c] >= 0 && selectedClusters[labelOfCluster[c]] === n + c) {
      maxLambdaOfCluster[c] = treeIndex.maxChildLambda[c];
    } else if (c > 0) {
      const parent = treeIndex.clusterParent[c] - n;
      labelOfCluster[c] = labelOfCluster[parent];
      maxLambdaOfCluster[c] = maxLambdaOfCluster[parent];
    }
  }
  const data = { minSamples, coreDistances, labelOfCluster, maxLambdaOfCluster };
  cache.set(model, data);
  return data;
}

export interface Prediction {
  /** Cluster label of each new point (those of the fit), or -1. */
  readonly labels: Int32Array;
  /** Membership strength in [0, 1], as for the training points. */
  readonly probabilities: Float64Array;
}

/** Coordinates in the space the model was fitted in (rows scaled to unit length for 'cosine'). */
function inModelSpace(model: HdbscanModel, points: Matrix): Matrix {
  if (points.cols !== model.points.cols) {
    throw new Error(`approximatePredict: new points have ${points.cols} columns, the model was fitted on ${model.points.cols}`);
  }
  checkFinite(points, 'approximatePredict');
  return model.options.metric === 'cosine' ? normalizeRows(points) : points;
}

/**
 * hdbscan's approximate_predict: each new point joins the tree through its nearest training
 * point in mutual reachability (among its 2 * minSamples nearest), at the lambda of that link,
 * and takes the label of the cluster it lands in. The clusters are those of the fit; hdbscan
 * re-derives them without clusterSelectionEpsilon and maxClusterSize (its issue #526), so with
 * those options its predictions can disagree with its own labels, and ours do not.
 */
export function approximatePredict(model: HdbscanModel, newPoints: Matrix): Prediction {
  const points = inModelSpace(model, newPoints);
  const m = points.rows;
  const labels = new Int32Array(m).fill(-1);
  const probabilities = new Float64Array(m);
  const { treeIndex, kdTree } = model;
  const n = treeIndex.nPoints;
  // hdbscan predicts noise when the tree never split (its cluster tree is empty).
  if (treeIndex.nClusterNodes <= 1 || n === 0) return { labels, probabilities };
  const { minSamples, coreDistances, labelOfCluster, maxLambdaOfCluster } = predictionData(model);
  const k = Math.min(2 * minSamples, n);
  const pointCoreIndex = Math.min(minSamples, k) - 1;
  const distSq = new Float64Array(k);
  const positions = new Int32Array(k);
  const scratch = searchScratch(kdTree);
  for (let i = 0; i < m; i++) {
    nearestNeighbours(kdTree, points.data, i * points.cols, k, distSq, positions, scratch);
    const pointCore = Math.sqrt(distSq[pointCoreIndex]);
    let nearest = -1;
    let nearestReach = Infinity;
    for (let t = 0; t < k; t++) {
      const row = kdTree.index[positions[t]];
      let reach = Math.sqrt(distSq[t]);
      if (pointCore > reach) reach = pointCore;
      if (coreDistances[row] > reach) reach = coreDistances[row];
      if (reach < nearestReach) {
        nearestReach = reach;
        nearest = row;
      }
    }
    const lambda = nearestReach > 0 ? 1 / nearestReach : Number.MAX_VALUE;
    let cluster = treeIndex.pointParent[nearest];
    if (treeIndex.pointLambda[nearest] > lambda) {
      // The new point joins higher up: walk to the cluster alive at its lambda.
      while (cluster > n && treeIndex.clusterBirth[cluster - n] >= lambda) cluster = treeIndex.clusterParent[cluster - n];
    }
    const label = labelOfCluster[cluster - n];
    if (label < 0) continue;
    labels[i] = label;
    const maxLambda = maxLambdaOfCluster[cluster - n];
    probabilities[i] = maxLambda > 0 ? Math.min(maxLambda, lambda) / maxLambda : 1;
  }
  return { labels, probabilities };
}
