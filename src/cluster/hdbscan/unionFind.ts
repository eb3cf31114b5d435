/**
 * Disjoint sets over 0..size-1 (union by size, path halving), in typed arrays. Used to merge
 * components while building the spanning tree and the single-linkage tree.
 */
export class UnionFind {
  private readonly parent: Int32Array;
  private readonly setSize: Int32Array;

  constructor(size: number) {
    this.parent = new Int32Array(size);
    this.setSize = new Int32Array(size).fill(1);
    for (let i = 0; i < size; i++) this.parent[i] = i;
  }

  find(x: number): number {
    const parent = this.parent;
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  }

  /** Joins the sets of a and b; returns the new root, or -1 if they were already joined. */
  union(a: number, b: number): number {
    let rootA = this.find(a);
    let rootB = this.find(b);
    if (rootA === rootB) return -1;
    if (this.setSize[rootA] < this.setSize[rootB]) {
      const t = rootA;
      rootA = rootB;
      rootB = t;
    }
    this.parent[rootB] = rootA;
    this.setSize[rootA] += this.setSize[rootB];
    return rootA;
  }

  sizeOf(x: number): number {
    return this.setSize[this.find(x)];
  }
}
