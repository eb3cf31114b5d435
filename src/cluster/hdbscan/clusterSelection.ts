import type { CondensedTree, CondensedTreeIndex } from './condensedTree.js';

/**
 * Choosing the flat clustering from the condensed tree, as hdbscan 0.8.40's `get_clusters`
 * and `do_labelling` do.
 *
 * @see https://github.com/scikit-learn-contrib/hdbscan/blob/master/hdbscan/_hdbscan_tree.pyx
 * @see Campello, Moulavi & Sander (2013); Malzer & Baum (2019) for `clusterSelectionEpsilon`.
 */
export type ClusterSelectionMethod = 'eom' | 'leaf';

export interface ClusterSelectionOptions {
  readonly method: ClusterSelectionMethod;
  readonly allowSingleCluster: boolean;
  /** Clusters born below this distance are merged upwards (0 disables). */
  readonly epsilon: number;
  /** Under 'eom', clusters larger than this are never chosen (0 disables). */
  readonly maxClusterSize: number;
}

/**
 * Stability (excess of mass) of every cluster: the sum over its rows of
 * (lambda - lambda at the cluster's birth) * child size. Indexed by `cluster - nPoints`.
 */
export function computeStability(tree: CondensedTree, index: CondensedTreeIndex): Float64Array {
  const n = tree.nPoints;
  const stability = new Float64Array(index.nClusterNodes);
  for (let row = 0; row < tree.parent.length; row++) {
    const p = tree.parent[row] - n;
    stability[p] += (tree.lambdaVal[row] - index.clusterBirth[p]) * tree.childSize[row];
  }
  return stability;
}

export interface ClusterSelection {
  /** Chosen cluster ids, ascending; the label of `selected[k]` is k. */
  readonly selected: Int32Array;
  /**
   * Stabilities after selection: under 'eom' a cluster that gave way to its children carries
   * their summed stability, as in hdbscan (used for cluster persistence).
   */
  readonly stability: Float64Array;
}

/** Runs excess-of-mass or leaf selection, then the epsilon merge, on the cluster tree. */
export function selectClusters(
  index: CondensedTreeIndex,
  stabilityIn: Float64Array,
  options: ClusterSelectionOptions,
): ClusterSelection {
  const { nPoints: n, nClusterNodes, firstChild } = index;
  const stability = stabilityIn.slice();
  const hasClusterTree = nClusterNodes > 1;
  let chosen: number[];
  if (options.method === 'eom') {
    chosen = excessOfMass(index, stability, options);
    if (options.epsilon !== 0 && hasClusterTree) {
      if (chosen.length === 1 && chosen[0] === n) chosen = options.allowSingleCluster ? chosen : [];
      else chosen = epsilonSearch(index, chosen, options.epsilon, options.allowSingleCluster);
    }
  } else if (options.method === 'leaf') {
    // Leaves of the cluster tree; with no split at all there are none, and hdbscan then
    // selects nothing (even with allowSingleCluster).
    const leaves: number[] = [];
    for (let c = 1; c < nClusterNodes; c++) if (firstChild[c] < 0) leaves.push(n + c);
    chosen = options.epsilon !== 0 ? epsilonSearch(index, leaves, options.epsilon, options.allowSingleCluster) : leaves;
  } else {
    throw new Error(`unknown cluster selection method '${String(options.method)}'; choose 'eom' or 'leaf'`);
  }
  const selected = Int32Array.from(new Set(chosen)).sort();
  return { selected, stability };
}

/**
 * Excess of mass, bottom-up: a cluster is kept if its own stability is at least the summed
 * stability of its children (and it is not larger than maxClusterSize); otherwise it takes on
 * that sum. A kept cluster is selected unless an ancestor is kept too. The root competes only
 * with allowSingleCluster.
 */
function excessOfMass(index: CondensedTreeIndex, stability: Float64Array, options: ClusterSelectionOptions): number[] {
  const { nPoints: n, nClusterNodes, clusterParent, clusterSize, firstChild, secondChild } = index;
  const maxSize = options.maxClusterSize > 0 ? options.maxClusterSize : n + 1;
  const sizes = clusterSize.slice();
  // hdbscan measures the root as the sum of its child clusters' sizes (0 when it has none).
  sizes[0] = (firstChild[0] >= 0 ? clusterSize[firstChild[0] - n] : 0) + (secondChild[0] >= 0 ? clusterSize[secondChild[0] - n] : 0);
  const lowest = options.allowSingleCluster ? 0 : 1;
  const keepsItself = new Uint8Array(nClusterNodes);
  // Children have larger ids than parents, so a descending sweep is bottom-up.
  for (let c = nClusterNodes - 1; c >= lowest; c--) {
    let childSum = 0;
    if (firstChild[c] >= 0) childSum += stability[firstChild[c] - n];
    if (secondChild[c] >= 0) childSum += stability[secondChild[c] - n];
    // hdbscan holds this sum in a C float; rounding it the same way keeps near-ties identical.
    const subtreeStability = Math.fround(childSum);
    if (subtreeStability > stability[c] || sizes[c] > maxSize) {
      stability[c] = subtreeStability;
    } else {
      keepsItself[c] = 1;
    }
  }
  const blocked = new Uint8Array(nClusterNodes);
  const chosen: number[] = [];
  for (let c = lowest; c < nClusterNodes; c++) {
    const parent = clusterParent[c];
    if (parent >= 0 && blocked[parent - n]) blocked[c] = 1;
    if (keepsItself[c] && !blocked[c]) {
      chosen.push(n + c);
      blocked[c] = 1;
    }
  }
  return chosen;
}

/** Birth distance of a cluster: 1 / the lambda of its row, as hdbscan computes it. */
function birthDistance(index: CondensedTreeIndex, cluster: number): number {
  return 1 / index.clusterBirth[cluster - index.nPoints];
}

/**
 * Malzer & Baum's hybrid selection: a candidate born below epsilon is replaced by its nearest
 * ancestor born above epsilon (or by the child of the root on its path, or the root itself with
 * allowSingleCluster). Candidates are visited in ascending id order (hdbscan visits a Python
 * set, which only matters when a birth distance equals epsilon exactly).
 */
function epsilonSearch(index: CondensedTreeIndex, candidates: number[], epsilon: number, allowSingleCluster: boolean): number[] {
  const n = index.nPoints;
  const root = n;
  const processed = new Uint8Array(index.nClusterNodes);
  const chosen: number[] = [];
  for (const leaf of [...candidates].sort((x, y) => x - y)) {
    if (birthDistance(index, leaf) < epsilon) {
      if (processed[leaf - n]) continue;
      const ancestor = traverseUpwards(index, leaf, epsilon, allowSingleCluster, root);
      chosen.push(ancestor);
      markDescendants(index, ancestor, processed);
    } else {
      chosen.push(leaf);
    }
  }
  return chosen;
}

function traverseUpwards(index: CondensedTreeIndex, start: number, epsilon: number, allowSingleCluster: boolean, root: number): number {
  let node = start;
  for (;;) {
    const parent = index.clusterParent[node - index.nPoints];
    if (parent === root) return allowSingleCluster ? root : node;
    if (birthDistance(index, parent) > epsilon) return parent;
    node = parent;
  }
}

function markDescendants(index: CondensedTreeIndex, cluster: number, marks: Uint8Array): void {
  const n = index.nPoints;
  const stack = [cluster];
  while (stack.length > 0) {
    const c = (stack.pop() as number) - n;
    for (const child of [index.firstChild[c], index.secondChild[c]]) {
      if (child >= 0) {
        marks[child - n] = 1;
        stack.push(child);
      }
    }
  }
}

/**
 * Labels 0..k-1 (the rank of the selected cluster id) or -1: a point belongs to the nearest
 * selected cluster on its way up the tree. Points that reach the root are noise unless the root
 * is the single selected cluster (allowSingleCluster); then, as in hdbscan, a point is kept
 * only if it persists to the root's last split (its lambda is at least the largest lambda among
 * the root's rows), or, with epsilon, if it persists below distance epsilon.
 *
 * hdbscan 0.8.40 also enters that root test when the one selected cluster is not the root and
 * then fails looking the root up; later versions check that the root was selected, as here.
 */
export function labelPoints(
  index: CondensedTreeIndex,
  selected: Int32Array,
  allowSingleCluster: boolean,
  epsilon: number,
): Int32Array {
  const { nPoints: n, nClusterNodes, clusterParent, pointParent, pointLambda, maxChildLambda } = index;
  const labelOf = new Int32Array(nClusterNodes).fill(-1);
  selected.forEach((cluster, label) => {
    labelOf[cluster - n] = label;
  });
  // Nearest selected ancestor-or-self of every cluster, top-down (parents have smaller ids).
  const resolved = new Int32Array(nClusterNodes);
  resolved[0] = 0;
  for (let c = 1; c < nClusterNodes; c++) {
    resolved[c] = labelOf[c] >= 0 ? c : resolved[clusterParent[c] - n];
  }
  const rootAlone = selected.length === 1 && selected[0] === n && allowSingleCluster;
  const labels = new Int32Array(n);
  for (let point = 0; point < n; point++) {
    const parent = pointParent[point];
    if (parent < 0) {
      labels[point] = -1;
      continue;
    }
    const cluster = resolved[parent - n];
    if (cluster !== 0) {
      labels[point] = labelOf[cluster];
    } else if (rootAlone) {
      const threshold = epsilon !== 0 ? 1 / epsilon : maxChildLambda[0];
      labels[point] = pointLambda[point] >= threshold ? labelOf[0] : -1;
    } else {
      labels[point] = -1;
    }
  }
  return labels;
}
