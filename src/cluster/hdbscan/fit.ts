import { normalizeRows, type Matrix } from '../../util/matrix.js';
import { computeStability, labelPoints, selectClusters } from './clusterSelection.js';
import { condenseTree, indexCondensedTree, type CondensedTree, type CondensedTreeIndex } from './condensedTree.js';
import { kthNeighbourDistances } from './coreDistances.js';
import { buildKdTree, type KdTree } from './kdTree.js';
import { resolveHdbscanOptions, type HdbscanOptions, type ResolvedHdbscanOptions } from './options.js';
import { clusterPersistence, membershipProbabilities, outlierScores } from './scores.js';
import { singleLinkage, type SingleLinkageTree } from './singleLinkage.js';
import { boruvkaSpanningTree, type SpanningTree } from './spanningTree.js';

/** Everything a fit produces; also the input to prediction and soft clustering. */
export interface HdbscanModel {
  readonly options: ResolvedHdbscanOptions;
  /** min(minSamples, n - 1), at least 1, as hdbscan clamps it. */
  readonly effectiveMinSamples: number;
  /** Cluster per point, 0..nClusters-1, or -1 for noise. */
  readonly labels: Int32Array;
  readonly probabilities: Float64Array;
  /** GLOSH, as hdbscan 0.8.40 reports it (see scores.ts). */
  readonly outlierScores: Float64Array;
  readonly nClusters: number;
  /** Per cluster label: hdbscan's `cluster_persistence_`. */
  readonly clusterPersistence: Float64Array;
  /** Condensed-tree id of each cluster label. */
  readonly selectedClusters: Int32Array;
  readonly condensedTree: CondensedTree;
  readonly treeIndex: CondensedTreeIndex;
  readonly singleLinkageTree: SingleLinkageTree;
  readonly spanningTree: SpanningTree;
  readonly coreDistances: Float64Array;
  /** The coordinates that were clustered (rows scaled to unit length for 'cosine'). */
  readonly points: Matrix;
  readonly kdTree: KdTree;
}

export interface FitHooks {
  readonly signal?: AbortSignal;
  /** Called as each stage starts (for progress display). */
  readonly onStage?: (stage: HdbscanStage) => void;
}

export type HdbscanStage = 'kd-tree' | 'core distances' | 'spanning tree' | 'hierarchy' | 'selection';

/** Rejects NaN and infinite coordinates, naming the first offending cell. */
export function checkFinite(data: Matrix, caller: string): void {
  const { rows, cols, data: values } = data;
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      throw new Error(`${caller}: row ${Math.floor(i / cols)} column ${i % cols} is ${values[i]}; every coordinate must be a finite number (${rows} x ${cols} input)`);
    }
  }
}

/**
 * HDBSCAN* (Campello, Moulavi & Sander 2013) with the accelerated spanning tree of McInnes &
 * Healy (2017): k-d tree core distances, Boruvka minimum spanning tree of the mutual-
 * reachability graph, single linkage, condensed tree, excess-of-mass or leaf selection.
 * Results follow scikit-learn-contrib/hdbscan 0.8.40 (the tests compare against its outputs).
 */
export function fitHdbscan(data: Matrix, options: HdbscanOptions, hooks: FitHooks = {}): HdbscanModel {
  const resolved = resolveHdbscanOptions(options);
  if (data.cols < 1 && data.rows > 0) throw new Error('hdbscan: the input has rows but no columns');
  checkFinite(data, 'hdbscan');
  const { signal, onStage } = hooks;
  const points = resolved.metric === 'cosine' ? normalizeRows(data) : data;
  const n = points.rows;
  if (n === 0) return emptyModel(points, resolved);
  const effectiveMinSamples = Math.max(1, Math.min(resolved.minSamples, n - 1));

  onStage?.('kd-tree');
  const kdTree = buildKdTree(points, resolved.leafSize);
  onStage?.('core distances');
  const core = n > 1 ? kthNeighbourDistances(kdTree, effectiveMinSamples + 1, { keepNeighbours: true, signal }) : null;
  const coreDistances = core ? core.byRow : new Float64Array(n);
  onStage?.('spanning tree');
  const spanningTree = boruvkaSpanningTree(kdTree, coreDistances, { alpha: resolved.alpha, neighbours: core?.neighbours, signal });
  signal?.throwIfAborted();
  onStage?.('hierarchy');
  const singleLinkageTree = singleLinkage(spanningTree);
  const condensedTree = condenseTree(singleLinkageTree, resolved.minClusterSize);
  onStage?.('selection');
  return { ...selectFromTree(condensedTree, resolved), options: resolved, effectiveMinSamples, singleLinkageTree, spanningTree, coreDistances, points, kdTree };
}

/** Selection and scores for a condensed tree (exported so tests can run it on the fixtures' trees). */
export function selectFromTree(condensedTree: CondensedTree, options: ResolvedHdbscanOptions) {
  const treeIndex = indexCondensedTree(condensedTree);
  const stability = computeStability(condensedTree, treeIndex);
  const selection = selectClusters(treeIndex, stability, {
    method: options.clusterSelectionMethod,
    allowSingleCluster: options.allowSingleCluster,
    epsilon: options.clusterSelectionEpsilon,
    maxClusterSize: options.maxClusterSize,
  });
  const labels = labelPoints(treeIndex, selection.selected, options.allowSingleCluster, options.clusterSelectionEpsilon);
  return {
    labels,
    probabilities: membershipProbabilities(treeIndex, labels, selection.selected),
    outlierScores: outlierScores(treeIndex),
    nClusters: selection.selected.length,
    clusterPersistence: clusterPersistence(treeIndex, labels, selection.selected, selection.stability),
    selectedClusters: selection.selected,
    condensedTree,
    treeIndex,
  };
}

/** The model of an empty input: no points, no clusters. */
function emptyModel(points: Matrix, options: ResolvedHdbscanOptions): HdbscanModel {
  const condensedTree: CondensedTree = {
    parent: new Int32Array(0),
    child: new Int32Array(0),
    lambdaVal: new Float64Array(0),
    childSize: new Int32Array(0),
    nPoints: 0,
    nClusterNodes: 1,
  };
  return {
    ...selectFromTree(condensedTree, options),
    options,
    effectiveMinSamples: 1,
    singleLinkageTree: { left: new Int32Array(0), right: new Int32Array(0), distance: new Float64Array(0), size: new Int32Array(0) },
    spanningTree: { a: new Int32Array(0), b: new Int32Array(0), weight: new Float64Array(0) },
    coreDistances: new Float64Array(0),
    points,
    kdTree: buildKdTree(points, options.leafSize),
  };
}
