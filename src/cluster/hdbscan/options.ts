import { readSettings, setting, SettingsError, settingsSchema, z } from '../../util/settings.js';
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

/**
 * The settings schema every reader of HDBSCAN's options shares: the clusterer's registry entry
 * validates a configuration with it, and `resolveHdbscanOptions` reads through it.
 */
export const HDBSCAN_SETTINGS = settingsSchema({
  minClusterSize: setting.integer({ min: 2 }),
  minSamples: setting.integer({ min: 1 }),
  clusterSelectionMethod: z.preprocess(
    (value) => (value === null ? undefined : value),
    z.enum(['eom', 'leaf'], { error: "'eom' or 'leaf'" }).optional(),
  ),
  clusterSelectionEpsilon: setting.number({ min: 0 }),
  allowSingleCluster: setting.boolean(),
  alpha: setting.number({ above: 0 }),
  metric: setting.choice(['euclidean', 'cosine']),
  maxClusterSize: setting.integer({ min: 0 }),
  leafSize: setting.integer({ min: 1 }),
});

/** Fills defaults and rejects invalid values with a message naming the option. */
export function resolveHdbscanOptions(options: HdbscanOptions): ResolvedHdbscanOptions {
  const values = readSettings('hdbscan', HDBSCAN_SETTINGS, options as unknown as Readonly<Record<string, unknown>>);
  if (values.minClusterSize === undefined) {
    throw new SettingsError(`hdbscan: setting 'minClusterSize' must be an integer of at least 2, got nothing`);
  }
  const minClusterSize = values.minClusterSize;
  return {
    minClusterSize,
    minSamples: values.minSamples ?? minClusterSize,
    clusterSelectionMethod: values.clusterSelectionMethod ?? 'eom',
    clusterSelectionEpsilon: values.clusterSelectionEpsilon ?? 0,
    allowSingleCluster: values.allowSingleCluster ?? false,
    alpha: values.alpha ?? 1,
    metric: values.metric ?? 'euclidean',
    maxClusterSize: values.maxClusterSize ?? 0,
    leafSize: values.leafSize ?? 24,
  };
}
