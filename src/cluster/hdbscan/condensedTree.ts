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
  const rows = new CondensedRows(hierarchy, minClusterSize);
  if (merges === 0) return rows.toTree(1);
  const { left, right, distance, size } = hierarchy;
  const countOf = (node: number): number => (node >= n ? size[node - n] : 1);
  // Breadth-first over the merges that continue a cluster, from the root merge (node 2n - 2).
  const root = 2 * merges;
  const relabel = new Int32Array(root + 1); // hierarchy node -> the cluster it belongs to
  relabel[root] = n;
  let nextLabel = n + 1;
  const queue = new Int32Array(root + 1);
  let head = 0;
  let tail = 0;
  queue[tail++] = root;
  while (head < tail) {
    const node = queue[head++];
    const merge = node - n;
    const cluster = relabel[node];
    const lambda = distance[merge] > 0 ? 1 / distance[merge] : Infinity;
    const sides = [left[merge], right[merge]];
    if (countOf(sides[0]) >= minClusterSize && countOf(sides[1]) >= minClusterSize) {
      // A true split: both sides become new clusters, born at this lambda.
      for (const side of sides) {
        relabel[side] = nextLabel++;
        rows.add(cluster, relabel[side], lambda, countOf(side));
        queue[tail++] = side;
      }
      continue;
    }
    // Otherwise a side too small to be a cluster falls out; a large one continues the cluster.
    for (const side of sides) {
      if (countOf(side) < minClusterSize) {
        rows.addPointsBelow(side, cluster, lambda);
      } else {
        relabel[side] = cluster;
        queue[tail++] = side;
      }
    }
  }
  return rows.toTree(nextLabel - n);
}

/** The rows of a condensed tree as they are emitted, in typed arrays sized for the worst case. */
class CondensedRows {
  private readonly n: number;
  private readonly parent: Int32Array;
  private readonly child: Int32Array;
  private readonly lambdaVal: Float64Array;
  private readonly childSize: Int32Array;
  private readonly subtree: Int32Array;
  private rows = 0;

  constructor(
    private readonly hierarchy: SingleLinkageTree,
    minClusterSize: number,
  ) {
    this.n = hierarchy.distance.length + 1;
    // At most n point rows plus two rows per split into two clusters (fewer than n / minClusterSize).
    const capacity = this.n + 2 * Math.floor(this.n / minClusterSize) + 2;
    this.parent = new Int32Array(capacity);
    this.child = new Int32Array(capacity);
    this.lambdaVal = new Float64Array(capacity);
    this.childSize = new Int32Array(capacity);
    this.subtree = new Int32Array(2 * this.n);
  }

  add(parent: number, child: number, lambda: number, size: number): void {
    this.parent[this.rows] = parent;
    this.child[this.rows] = child;
    this.lambdaVal[this.rows] = lambda;
    this.childSize[this.rows] = size;
    this.rows++;
  }

  /**
   * One row per point below hierarchy node `node`, each falling out of `cluster` at `lambda`,
   * in the breadth-first order in which hdbscan's bfs_from_hierarchy lists them.
   */
  addPointsBelow(node: number, cluster: number, lambda: number): void {
    const { n, subtree } = this;
    const { left, right } = this.hierarchy;
    let head = 0;
    let tail = 0;
    subtree[tail++] = node;
    while (head < tail) {
      const current = subtree[head++];
      if (current < n) {
        this.add(cluster, current, lambda, 1);
      } else {
        subtree[tail++] = left[current - n];
        subtree[tail++] = right[current - n];
      }
    }
  }

  toTree(nClusterNodes: number): CondensedTree {
    const rows = this.rows;
    return {
      parent: this.parent.slice(0, rows),
      child: this.child.slice(0, rows),
      lambdaVal: this.lambdaVal.slice(0, rows),
      childSize: this.childSize.slice(0, rows),
      nPoints: this.n,
      nClusterNodes,
    };
  }
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
