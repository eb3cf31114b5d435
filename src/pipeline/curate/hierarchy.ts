import { fitClassTfidf, type Keyword } from '../../keywords/index.js';
import { loadStoredClustering, type ClusterHierarchy, type HierarchyNode, type Store } from '../../store/index.js';
import { keywordOptionsFor } from '../steps/keywords.js';
import { keywordConfigOf } from './derive.js';

/** The one way hierarchies are built so far: average linkage on cosine distances of c-TF-IDF vectors. */
export const HIERARCHY_METHOD = 'ctfidf-average';

/** Keywords per node of the tree. */
const NODE_KEYWORDS = 10;

/**
 * Average-linkage agglomerative clustering of `k` items from their pairwise distances, by the
 * nearest-neighbour chain algorithm (exact for average linkage, which is reducible; O(k²) time).
 * Returns the k - 1 merges in order of height: [a, b, distance], where ids below k are items and
 * id k + i is the cluster made by merge i.
 * @see Müllner (2011), "Modern hierarchical, agglomerative clustering algorithms", arXiv:1109.2378
 */
export function averageLinkage(distances: Float64Array, k: number): Array<[number, number, number]> {
  const d = Float64Array.from(distances);
  const size = new Float64Array(k).fill(1);
  const active = new Uint8Array(k).fill(1);
  // Merges as found by the chain: the two slots joined (the second slot holds the union), and the height.
  const found: Array<[number, number, number]> = [];
  const chain: number[] = [];
  while (found.length < k - 1) {
    if (chain.length === 0) chain.push(active.indexOf(1));
    const a = chain[chain.length - 1];
    const previous = chain.length > 1 ? chain[chain.length - 2] : -1;
    // Nearest active neighbour of a; prefer the previous chain element on ties (so the chain ends).
    let b = previous;
    let best = previous >= 0 ? d[a * k + previous] : Infinity;
    for (let j = 0; j < k; j++) {
      if (!active[j] || j === a) continue;
      if (d[a * k + j] < best) {
        best = d[a * k + j];
        b = j;
      }
    }
    if (b !== previous) {
      chain.push(b);
      continue;
    }
    chain.pop();
    chain.pop();
    // Lance-Williams for average linkage: the union's distance is the size-weighted mean.
    for (let j = 0; j < k; j++) {
      if (!active[j] || j === a || j === b) continue;
      const value = (size[a] * d[a * k + j] + size[b] * d[b * k + j]) / (size[a] + size[b]);
      d[b * k + j] = value;
      d[j * k + b] = value;
    }
    found.push([a, b, best]);
    active[a] = 0;
    size[b] += size[a];
  }
  // The chain finds merges out of height order: sort them, then name the unions in that order
  // (union-find over slots, as scipy's linkage labels its merges).
  found.sort((x, y) => x[2] - y[2]);
  const parent = Int32Array.from({ length: k }, (_, i) => i);
  const nodeOf = Int32Array.from({ length: k }, (_, i) => i);
  const root = (x: number): number => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x]];
    return x;
  };
  return found.map(([a, b, height], i) => {
    const ra = root(a);
    const rb = root(b);
    const merge: [number, number, number] = [Math.min(nodeOf[ra], nodeOf[rb]), Math.max(nodeOf[ra], nodeOf[rb]), height];
    parent[ra] = rb;
    nodeOf[rb] = k + i;
    return merge;
  });
}

/**
 * The cluster hierarchy of a stored clustering, after BERTopic's `hierarchical_topics`: clusters
 * are joined by average linkage on the cosine distances of their c-TF-IDF vectors (noise left
 * out), and every inner node is summarised by the c-TF-IDF of its clusters' pooled term counts.
 * Stored with the clustering (rebuilding replaces it) and returned as plain JSON.
 */
export function buildClusterHierarchy(store: Store, clusteringId: number): ClusterHierarchy {
  const stored = loadStoredClustering(store, clusteringId);
  const hierarchy = hierarchyOf({
    clusteringId,
    texts: stored.rows.map((row) => row.text),
    labels: stored.labels,
    clusters: store.clusterings.clusters(clusteringId),
    options: keywordOptionsFor(keywordConfigOf(stored), stored.promptText),
  });
  store.hierarchies.save(hierarchy);
  return hierarchy;
}

/** What a hierarchy is built from: the clustered texts, their labels and the clusters' digests. */
export interface HierarchyInput {
  readonly clusteringId: number;
  readonly texts: readonly string[];
  readonly labels: ArrayLike<number>;
  readonly clusters: ReadonlyArray<{ readonly label: number; readonly size: number; readonly keywords: readonly Keyword[] }>;
  readonly options: Parameters<typeof fitClassTfidf>[2];
}

/** The hierarchy itself, from texts in memory (a run writing its report has not stored them yet). */
export function hierarchyOf({ clusteringId, texts, labels, clusters, options }: HierarchyInput): ClusterHierarchy {
  const model = fitClassTfidf(texts, labels, options);
  const leaves = clusters.map((c) => c.label);
  const k = leaves.length;
  const rows = leaves.map((label) => model.rows[model.labels.indexOf(label)] ?? new Map<number, number>());
  const counts = leaves.map((label) => model.counts[model.labels.indexOf(label)] ?? new Map<number, number>());
  const distances = new Float64Array(k * k);
  const norms = rows.map((row) => Math.sqrt([...row.values()].reduce((s, v) => s + v * v, 0)));
  for (let i = 0; i < k; i++) {
    for (let j = i + 1; j < k; j++) {
      let dot = 0;
      for (const [term, value] of rows[i]) dot += value * (rows[j].get(term) ?? 0);
      const similarity = norms[i] === 0 || norms[j] === 0 ? 0 : dot / (norms[i] * norms[j]);
      distances[i * k + j] = distances[j * k + i] = Math.max(0, 1 - similarity);
    }
  }
  const top = (scores: Map<number, number>): Keyword[] =>
    [...scores]
      .filter(([, s]) => s > 0)
      .map(([t, score]) => ({ term: model.vocabulary[t], score: Number(score.toFixed(6)) }))
      .sort((a, b) => b.score - a.score || (a.term < b.term ? -1 : 1))
      .slice(0, NODE_KEYWORDS);
  const nodes: Array<HierarchyNode & { counts: Map<number, number> }> = clusters.map((c, i) => ({
    id: i,
    label: c.label,
    children: [],
    distance: 0,
    size: c.size,
    labels: [c.label],
    keywords: c.keywords.slice(0, NODE_KEYWORDS),
    counts: new Map(counts[i]),
  }));
  for (const [a, b, distance] of averageLinkage(distances, k)) {
    const pooled = new Map(nodes[a].counts);
    for (const [term, count] of nodes[b].counts) pooled.set(term, (pooled.get(term) ?? 0) + count);
    nodes.push({
      id: nodes.length,
      label: null,
      children: [a, b],
      distance: Number(distance.toFixed(6)),
      size: nodes[a].size + nodes[b].size,
      labels: [...nodes[a].labels, ...nodes[b].labels].sort((x, y) => x - y),
      keywords: top(model.weigh(pooled)),
      counts: pooled,
    });
  }
  return {
    clusteringId,
    method: HIERARCHY_METHOD,
    root: nodes.length - 1,
    nodes: nodes.map(({ counts: _counts, ...node }) => node),
  };
}

/** The stored hierarchy of a clustering, built on first use. */
export function clusterHierarchy(store: Store, clusteringId: number): ClusterHierarchy {
  return store.hierarchies.get(clusteringId, HIERARCHY_METHOD) ?? buildClusterHierarchy(store, clusteringId);
}
