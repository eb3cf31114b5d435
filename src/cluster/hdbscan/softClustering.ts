import type { Matrix } from '../../util/matrix.js';
import type { CondensedTreeIndex } from './condensedTree.js';
import type { HdbscanModel } from './fit.js';

/**
 * Soft clustering of the training points, as hdbscan.prediction.all_points_membership_vectors:
 * for every point a vector over the selected clusters that mixes
 * - a distance part: 1 / distance to the cluster's nearest exemplar, normalised;
 * - an outlier part: exp(-(lambdaMax / mergeHeight)) through a softmax, where mergeHeight is
 *   the lambda at which the point's cluster and that cluster meet in the condensed tree;
 * multiplies them, normalises, and scales by the probability of being in some cluster.
 * Row sums are therefore below 1 for noisy points (1 - sum reads as "noise").
 *
 * Exemplars of a selected cluster are the points that persist longest in each of its leaf
 * clusters (those leaving at the leaf's largest lambda).
 *
 * @see https://github.com/scikit-learn-contrib/hdbscan/blob/master/hdbscan/_prediction_utils.pyx
 * @see https://hdbscan.readthedocs.io/en/latest/soft_clustering_explanation.html
 */
export function allPointsMembershipVectors(model: HdbscanModel): Matrix {
  const { treeIndex, selectedClusters, points } = model;
  const n = treeIndex.nPoints;
  const clusters = selectedClusters.length;
  if (clusters === 0) return { rows: n, cols: 0, data: new Float64Array(0) };

  const distanceParts = distanceMembership(points, exemplarRows(treeIndex, selectedClusters), clusters);
  const heights = mergeHeights(treeIndex, selectedClusters);
  const result = new Float64Array(n * clusters);
  const inSomeCluster = new Float64Array(n);
  const height = new Float64Array(clusters);
  // Pass 1: raw outlier scores exp(-(lambdaMax / height)), and the in-some-cluster probability.
  let largestScore = -Infinity;
  for (let point = 0; point < n; point++) {
    const parent = treeIndex.pointParent[point] - n;
    const lambda = treeIndex.pointLambda[point];
    const lambdaMax = treeIndex.maxChildLambda[parent] + 1e-8;
    let top = 0;
    for (let s = 0; s < clusters; s++) {
      const h = heights[parent * clusters + s];
      height[s] = Number.isNaN(h) ? lambda : h;
      if (height[s] > height[top]) top = s;
      const score = Math.exp(-(lambdaMax / height[s]));
      result[point * clusters + s] = score;
      if (score > largestScore) largestScore = score;
    }
    const nearestMax = treeIndex.maxChildLambda[selectedClusters[top] - n];
    inSomeCluster[point] = height[top] / (nearestMax > lambda ? nearestMax : lambda);
  }
  // Pass 2: softmax of the outlier scores (shifted by the overall largest, as hdbscan does),
  // times the distance part, normalised, times the in-some-cluster probability.
  for (let point = 0; point < n; point++) {
    const base = point * clusters;
    let outlierSum = 0;
    for (let s = 0; s < clusters; s++) {
      result[base + s] = Math.exp(result[base + s] - largestScore);
      outlierSum += result[base + s];
    }
    let combinedSum = 0;
    for (let s = 0; s < clusters; s++) {
      result[base + s] = distanceParts[base + s] * (result[base + s] / outlierSum);
      combinedSum += result[base + s];
    }
    for (let s = 0; s < clusters; s++) result[base + s] = (result[base + s] / combinedSum) * inSomeCluster[point];
  }
  return { rows: n, cols: clusters, data: result };
}

/** Rows of each selected cluster's exemplars. */
export function exemplarRows(index: CondensedTreeIndex, selectedClusters: Int32Array): Int32Array[] {
  const n = index.nPoints;
  const leavesOf = (cluster: number): number[] => {
    const leaves: number[] = [];
    const stack = [cluster];
    while (stack.length > 0) {
      const c = stack.pop() as number;
      const first = index.firstChild[c - n];
      if (first < 0) leaves.push(c);
      else stack.push(index.secondChild[c - n], first);
    }
    return leaves;
  };
  const byLeaf = new Map<number, number[]>();
  for (const cluster of selectedClusters) for (const leaf of leavesOf(cluster)) byLeaf.set(leaf, []);
  for (let point = 0; point < n; point++) {
    const parent = index.pointParent[point];
    const rows = byLeaf.get(parent);
    if (rows && index.pointLambda[point] === index.maxChildLambda[parent - n]) rows.push(point);
  }
  return Array.from(selectedClusters, (cluster) => Int32Array.from(leavesOf(cluster).flatMap((leaf) => byLeaf.get(leaf) ?? [])));
}

/**
 * Per point and cluster: 1 / distance to the cluster's nearest exemplar (a huge value shared
 * out when the point is an exemplar), normalised to sum 1.
 */
function distanceMembership(points: Matrix, exemplars: Int32Array[], clusters: number): Float64Array {
  const { rows: n, cols: dims, data } = points;
  const result = new Float64Array(n * clusters);
  for (let point = 0; point < n; point++) {
    const base = point * clusters;
    let sum = 0;
    for (let s = 0; s < clusters; s++) {
      let nearestSq = Infinity;
      for (const exemplar of exemplars[s]) {
        let d = 0;
        for (let j = 0; j < dims; j++) {
          const diff = data[point * dims + j] - data[exemplar * dims + j];
          d += diff * diff;
        }
        if (d < nearestSq) nearestSq = d;
      }
      const distance = Math.sqrt(nearestSq);
      result[base + s] = distance !== 0 ? 1 / distance : Number.MAX_VALUE / clusters;
      sum += result[base + s];
    }
    for (let s = 0; s < clusters; s++) result[base + s] /= sum;
  }
  return result;
}

/**
 * For every cluster node X and selected cluster S: the lambda at which X's and S's branches
 * split from each other (the birth lambda of the children of their lowest common ancestor),
 * or NaN when one is an ancestor of the other (then hdbscan uses the point's own lambda).
 * Computed top-down: a child inherits its parent's row, and the selected clusters in its
 * sibling's subtree split from it at its own birth. Row-major `nClusterNodes x selected`.
 */
function mergeHeights(index: CondensedTreeIndex, selectedClusters: Int32Array): Float64Array {
  const n = index.nPoints;
  const nodes = index.nClusterNodes;
  const clusters = selectedClusters.length;
  // Selected clusters below each node, as a membership test by DFS interval.
  const enter = new Int32Array(nodes);
  const leave = new Int32Array(nodes);
  let clock = 0;
  const stack: number[] = [0];
  const exiting: boolean[] = [false];
  while (stack.length > 0) {
    const c = stack.pop() as number;
    if (exiting.pop()) {
      leave[c] = clock - 1;
      continue;
    }
    enter[c] = clock++;
    stack.push(c);
    exiting.push(true);
    for (const child of [index.secondChild[c], index.firstChild[c]]) {
      if (child >= 0) {
        stack.push(child - n);
        exiting.push(false);
      }
    }
  }
  const within = (ancestor: number, node: number): boolean => enter[ancestor] <= enter[node] && enter[node] <= leave[ancestor];
  const heights = new Float64Array(nodes * clusters).fill(Number.NaN);
  for (let c = 1; c < nodes; c++) {
    const parent = index.clusterParent[c] - n;
    for (let s = 0; s < clusters; s++) {
      const target = selectedClusters[s] - n;
      const inherited = heights[parent * clusters + s];
      // Still an ancestor (or inside S) unless S sits in the sibling's subtree.
      heights[c * clusters + s] =
        !Number.isNaN(inherited) || within(c, target) || within(target, c) ? inherited : index.clusterBirth[c];
    }
  }
  return heights;
}
