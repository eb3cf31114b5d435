import type { SingleLinkageTree } from './singleLinkage.js';

/**
 * The condensed cluster tree: the single-linkage hierarchy with every split that sheds fewer
 * than `minClusterSize` points read as those points falling out of the cluster. One row per
 * edge: `parent` cluster, `child` (a point 0..n-1, or a cluster >= n), `lambdaVal` = 1 /
 * distance at which the child leaves, `childSize`. The root cluster is n; clusters are
 * numbered in breadth-first order of the hierarchy, so a child always has a larger number than
 * its parent and rows appear in that order, as in hdbscan.
 *
 * @see https://github.com/scikit-learn-contrib/hdbscan/blob/master/hdbscan/_hdbscan_tree.pyx (condense_tree)
 */
export interface CondensedTree {
  readonly parent: Int32Array;
  readonly child: Int32Array;
  readonly lambdaVal: Float64Array;
  readonly childSize: Int32Array;
  /** Number of points (also the id of the root cluster). */
  readonly nPoints: number;
  /** Number of clusters including the root; ids run from nPoints to nPoints + nClusterNodes - 1. */
  readonly nClusterNodes: number;
}

export function condenseTree(hierarchy: SingleLinkageTree, minClusterSize: number): CondensedTree {
  if (!Number.isInteger(minClusterSize) || minClusterSize < 2) {
    throw new Error(`condensed tree: minClusterSize must be an integer >= 2, got ${minClusterSize}`);
  }
  const merges = hierarchy.distance.length;
  const n = merges + 1;
  const { left, right, distance, size } = hierarchy;
  // At most n point rows plus two rows per split into two clusters (fewer than n / minClusterSize).
  const capacity = n + 2 * Math.floor(n / Math.max(1, minClusterSize)) + 2;
  const parentOut = new Int32Array(capacity);
  const childOut = new Int32Array(capacity);
  const lambdaOut = new Float64Array(capacity);
  const sizeOut = new Int32Array(capacity);
  let rows = 0;
  if (merges === 0) {
    return { parent: parentOut.slice(0, 0), child: childOut.slice(0, 0), lambdaVal: lambdaOut.slice(0, 0), childSize: sizeOut.slice(0, 0), nPoints: n, nClusterNodes: 1 };
  }

  const root = 2 * merges;
  const relabel = new Int32Array(root + 1);
  relabel[root] = n;
  let nextLabel = n + 1;
  const queue = new Int32Array(root + 1);
  const subtree = new Int32Array(root + 1);
  let head = 0;
  let tail = 0;
  queue[tail++] = root;

  const countOf = (node: number): number => (node >= n ? size[node - n] : 1);
  // Emits every point below `node` (breadth-first, as bfs_from_hierarchy lists them) as falling
  // out of cluster `cluster` at `lambda`.
  const fallOut = (node: number, cluster: number, lambda: number): void => {
    let subHead = 0;
    let subTail = 0;
    subtree[subTail++] = node;
    while (subHead < subTail) {
      const current = subtree[subHead++];
      if (current < n) {
        parentOut[rows] = cluster;
        childOut[rows] = current;
        lambdaOut[rows] = lambda;
        sizeOut[rows] = 1;
        rows++;
      } else {
        subtree[subTail++] = left[current - n];
        subtree[subTail++] = right[current - n];
      }
    }
  };
  const clusterRow = (cluster: number, child: number, lambda: number, count: number): void => {
    parentOut[rows] = cluster;
    childOut[rows] = child;
    lambdaOut[rows] = lambda;
    sizeOut[rows] = count;
    rows++;
  };

  while (head < tail) {
    const node = queue[head++];
    const merge = node - n;
    const leftNode = left[merge];
    const rightNode = right[merge];
    const lambda = distance[merge] > 0 ? 1 / distance[merge] : Infinity;
    const leftCount = countOf(leftNode);
    const rightCount = countOf(rightNode);
    const cluster = relabel[node];
    if (leftCount >= minClusterSize && rightCount >= minClusterSize) {
      relabel[leftNode] = nextLabel++;
      clusterRow(cluster, relabel[leftNode], lambda, leftCount);
      relabel[rightNode] = nextLabel++;
      clusterRow(cluster, relabel[rightNode], lambda, rightCount);
      queue[tail++] = leftNode;
      queue[tail++] = rightNode;
    } else if (leftCount < minClusterSize && rightCount < minClusterSize) {
      fallOut(leftNode, cluster, lambda);
      fallOut(rightNode, cluster, lambda);
    } else if (leftCount < minClusterSize) {
      relabel[rightNode] = cluster;
      fallOut(leftNode, cluster, lambda);
      queue[tail++] = rightNode;
    } else {
      relabel[leftNode] = cluster;
      fallOut(rightNode, cluster, lambda);
      queue[tail++] = leftNode;
    }
  }
  return {
    parent: parentOut.slice(0, rows),
    child: childOut.slice(0, rows),
    lambdaVal: lambdaOut.slice(0, rows),
    childSize: sizeOut.slice(0, rows),
    nPoints: n,
    nClusterNodes: nextLabel - n,
  };
}

/**
 * Per-node facts about a condensed tree, gathered in one pass so that selection, scoring and
 * prediction never scan the rows again. Cluster arrays are indexed by `cluster - nPoints`.
 */
export interface CondensedTreeIndex {
  readonly nPoints: number;
  readonly nClusterNodes: number;
  /** Parent cluster id of each cluster (-1 for the root). */
  readonly clusterParent: Int32Array;
  /** Lambda at which each cluster is born (its row as a child; 0 for the root). */
  readonly clusterBirth: Float64Array;
  /** Points in each cluster (its row's child size; n for the root). */
  readonly clusterSize: Int32Array;
  /** The two child clusters of a cluster that splits, else -1. */
  readonly firstChild: Int32Array;
  readonly secondChild: Int32Array;
  /** Largest lambda among each cluster's rows (hdbscan's `max_lambdas`), 0 when it has none. */
  readonly maxChildLambda: Float64Array;
  /** Cluster each point falls out of, and the lambda at which it does. */
  readonly pointParent: Int32Array;
  readonly pointLambda: Float64Array;
  /** Largest lambda anywhere in the tree (0 for an empty tree). */
  readonly maxLambda: number;
}

export function indexCondensedTree(tree: CondensedTree): CondensedTreeIndex {
  const { nPoints: n, nClusterNodes } = tree;
  const clusterParent = new Int32Array(nClusterNodes).fill(-1);
  const clusterBirth = new Float64Array(nClusterNodes);
  const clusterSize = new Int32Array(nClusterNodes);
  const firstChild = new Int32Array(nClusterNodes).fill(-1);
  const secondChild = new Int32Array(nClusterNodes).fill(-1);
  const maxChildLambda = new Float64Array(nClusterNodes);
  const pointParent = new Int32Array(n).fill(-1);
  const pointLambda = new Float64Array(n);
  clusterSize[0] = n;
  let maxLambda = 0;
  for (let row = 0; row < tree.parent.length; row++) {
    const parent = tree.parent[row];
    const child = tree.child[row];
    const lambda = tree.lambdaVal[row];
    const p = parent - n;
    if (lambda > maxChildLambda[p]) maxChildLambda[p] = lambda;
    if (lambda > maxLambda) maxLambda = lambda;
    if (child < n) {
      pointParent[child] = parent;
      pointLambda[child] = lambda;
    } else {
      const c = child - n;
      clusterParent[c] = parent;
      clusterBirth[c] = lambda;
      clusterSize[c] = tree.childSize[row];
      if (firstChild[p] < 0) firstChild[p] = child;
      else secondChild[p] = child;
    }
  }
  return {
    nPoints: n,
    nClusterNodes,
    clusterParent,
    clusterBirth,
    clusterSize,
    firstChild,
    secondChild,
    maxChildLambda,
    pointParent,
    pointLambda,
    maxLambda,
  };
}
