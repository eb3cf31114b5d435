import type { ClusterSelectionMethod } from './clusterSelection.js';

/**
 * HDBSCAN's parameters, named as in scikit-learn-contrib/hdbscan 0.8.40 but in camelCase.
 *
 * @see https://hdbscan.readthedocs.io/en/latest/parameter_selection.html
 */
export interface HdbscanOptions {
  /** Smallest group that counts as a cluster (>= 2); larger values give fewer, bigger clusters. */
  readonly minClusterSize: number;
  /**
   * Neighbours (not counting the point itself) that define a point's core distance; defaults to
   * minClusterSize. Larger values make clustering more conservative: more points become noise.
   */
  readonly minSamples?: number;
  /** 'eom' (excess of mass, default) favours large stable clusters; 'leaf' gives many small homogeneous ones. */
  readonly clusterSelectionMethod?: ClusterSelectionMethod;
  /** Distance below which clusters are not split further (0, default, disables); larger values merge more. */
  readonly clusterSelectionEpsilon?: number;
  /**
   * Let the whole data set be one cluster when that is the most stable answer (default false).
   * As in hdbscan, that single cluster keeps only the points that persist to its last split
   * (or below clusterSelectionEpsilon); the others are noise.
   */
  readonly allowSingleCluster?: boolean;
  /** Distance scaling of robust single linkage (default 1): mutual reachability uses distance / alpha. */
  readonly alpha?: number;
  /**
   * 'euclidean' (default) or 'cosine'. 'cosine' scales every row to unit length and then uses
   * euclidean distance, i.e. the chord sqrt(2 - 2 cos), a monotone function of the angle. It is
   * not hdbscan's metric='cosine' (which uses 1 - cos on the dense matrix): the hierarchy's
   * shape is the same, its heights (and so stabilities) differ.
   */
  readonly metric?: 'euclidean' | 'cosine';
  /** Under 'eom', clusters with more points than this are split (0, default, disables). */
  readonly maxClusterSize?: number;
  /** Points per k-d tree leaf (speed only; default 24). */
  readonly leafSize?: number;
}

export interface ResolvedHdbscanOptions {
  readonly minClusterSize: number;
  readonly minSamples: number;
  readonly clusterSelectionMethod: ClusterSelectionMethod;
  readonly clusterSelectionEpsilon: number;
  readonly allowSingleCluster: boolean;
  readonly alpha: number;
  readonly metric: 'euclidean' | 'cosine';
  readonly maxClusterSize: number;
  readonly leafSize: number;
}

function integerAtLeast(name: string, value: unknown, minimum: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < minimum) {
    throw new Error(`hdbscan: ${name} must be an integer >= ${minimum}, got ${String(value)}`);
  }
  return value;
}

/** Fills defaults and rejects invalid values with a message naming the option. */
export function resolveHdbscanOptions(options: HdbscanOptions): ResolvedHdbscanOptions {
  const minClusterSize = integerAtLeast('minClusterSize', options.minClusterSize, 2);
  const minSamples = integerAtLeast('minSamples', options.minSamples ?? minClusterSize, 1);
  const method = options.clusterSelectionMethod ?? 'eom';
  if (method !== 'eom' && method !== 'leaf') {
    throw new Error(`hdbscan: clusterSelectionMethod must be 'eom' or 'leaf', got '${String(method)}'`);
  }
  const epsilon = options.clusterSelectionEpsilon ?? 0;
  if (typeof epsilon !== 'number' || !(epsilon >= 0) || !Number.isFinite(epsilon)) {
    throw new Error(`hdbscan: clusterSelectionEpsilon must be a finite number >= 0, got ${String(epsilon)}`);
  }
  const alpha = options.alpha ?? 1;
  if (typeof alpha !== 'number' || !(alpha > 0) || !Number.isFinite(alpha)) {
    throw new Error(`hdbscan: alpha must be a finite number > 0, got ${String(alpha)}`);
  }
  const metric = options.metric ?? 'euclidean';
  if (metric !== 'euclidean' && metric !== 'cosine') {
    throw new Error(`hdbscan: metric must be 'euclidean' or 'cosine', got '${String(metric)}'`);
  }
  const allowSingleCluster = options.allowSingleCluster ?? false;
  if (typeof allowSingleCluster !== 'boolean') {
    throw new Error(`hdbscan: allowSingleCluster must be true or false, got ${String(allowSingleCluster)}`);
  }
  return {
    minClusterSize,
    minSamples,
    clusterSelectionMethod: method,
    clusterSelectionEpsilon: epsilon,
    allowSingleCluster,
    alpha,
    metric,
    maxClusterSize: integerAtLeast('maxClusterSize', options.maxClusterSize ?? 0, 0),
    leafSize: integerAtLeast('leafSize', options.leafSize ?? 24, 1),
  };
}
