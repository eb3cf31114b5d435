import type { CondensedTree } from '../../../src/cluster/hdbscan/condensedTree.js';

/**
 * Label agreement up to renaming: the one-to-one map from our labels to theirs that the
 * points imply, and the points that break it (a noise point must stay noise).
 */
export function matchLabels(ours: Int32Array, theirs: Int32Array): { mapping: Map<number, number>; disagreements: number[] } {
  const votes = new Map<string, number>();
  for (let i = 0; i < ours.length; i++) {
    if (ours[i] >= 0 && theirs[i] >= 0) {
      const key = `${ours[i]}:${theirs[i]}`;
      votes.set(key, (votes.get(key) ?? 0) + 1);
    }
  }
  const mapping = new Map<number, number>();
  const taken = new Set<number>();
  for (const [key] of [...votes.entries()].sort((a, b) => b[1] - a[1])) {
    const [a, b] = key.split(':').map(Number);
    if (!mapping.has(a) && !taken.has(b)) {
      mapping.set(a, b);
      taken.add(b);
    }
  }
  const disagreements: number[] = [];
  for (let i = 0; i < ours.length; i++) {
    const mapped = ours[i] < 0 ? -1 : (mapping.get(ours[i]) ?? -2);
    if (mapped !== theirs[i]) disagreements.push(i);
  }
  return { mapping, disagreements };
}

/**
 * Rows of a condensed tree with every cluster renamed by its content (smallest point, size),
 * which does not depend on how an implementation numbers siblings.
 */
export function canonicalRows(tree: CondensedTree): { parent: string; child: string; lambda: number; size: number }[] {
  const n = tree.nPoints;
  const minPoint = new Int32Array(tree.nClusterNodes).fill(0x7fffffff);
  const size = new Int32Array(tree.nClusterNodes);
  size[0] = n;
  // Children come after parents, so a reverse sweep folds every subtree into its root.
  for (let row = tree.parent.length - 1; row >= 0; row--) {
    const p = tree.parent[row] - n;
    const child = tree.child[row];
    const childMin = child < n ? child : minPoint[child - n];
    if (childMin < minPoint[p]) minPoint[p] = childMin;
    if (child >= n) size[child - n] = tree.childSize[row];
  }
  const name = (node: number): string => (node < n ? `p${node}` : `c${minPoint[node - n]}/${size[node - n]}`);
  return Array.from(tree.parent, (parent, row) => ({
    parent: name(parent),
    child: name(tree.child[row]),
    lambda: tree.lambdaVal[row],
    size: tree.childSize[row],
  }));
}

/**
 * The points whose scores a different order of tied merges can move, comparing two condensed
 * trees of the same data: points that fall out of a cluster (or a descendant of one) that is
 * split differently in the other tree, and `bridges` (rows sitting between components at a tied
 * height). Clusters are matched by (smallest point, birth lambda): birth heights do not depend
 * on the order of ties, and a bridge row moving between siblings leaves both names alone.
 */
export function pointsInReshapedClusters(ours: CondensedTree, theirs: CondensedTree, bridges: Uint8Array): Uint8Array {
  const a = clusterStructure(ours);
  const b = clusterStructure(theirs);
  const reshaped = new Set<string>();
  for (const name of new Set([...a.children.keys(), ...b.children.keys()])) {
    const left = a.children.get(name)?.sort().join(' ');
    const right = b.children.get(name)?.sort().join(' ');
    if (left !== right) reshaped.add(name);
  }
  const under = (tree: ReturnType<typeof clusterStructure>, name: string): boolean => {
    for (let node: string | undefined = name; node !== undefined; node = tree.parentOf.get(node)) if (reshaped.has(node)) return true;
    return false;
  };
  return Uint8Array.from(a.pointParent, (parent, point) => (bridges[point] || under(a, parent) || under(b, b.pointParent[point]) ? 1 : 0));
}

function clusterStructure(tree: CondensedTree) {
  const n = tree.nPoints;
  const minPoint = new Int32Array(tree.nClusterNodes).fill(0x7fffffff);
  const birth = new Float64Array(tree.nClusterNodes);
  for (let row = tree.parent.length - 1; row >= 0; row--) {
    const child = tree.child[row];
    const childMin = child < n ? child : minPoint[child - n];
    const p = tree.parent[row] - n;
    if (childMin < minPoint[p]) minPoint[p] = childMin;
    if (child >= n) birth[child - n] = tree.lambdaVal[row];
  }
  const name = (cluster: number): string => `${minPoint[cluster - n]}@${birth[cluster - n]}`;
  const children = new Map<string, string[]>();
  const parentOf = new Map<string, string>();
  const pointParent = new Array<string>(n);
  for (let c = 0; c < tree.nClusterNodes; c++) children.set(name(n + c), []);
  tree.parent.forEach((parent, row) => {
    const child = tree.child[row];
    if (child < n) {
      pointParent[child] = name(parent);
    } else {
      children.get(name(parent))?.push(name(child));
      parentOf.set(name(child), name(parent));
    }
  });
  return { children, parentOf, pointParent };
}
