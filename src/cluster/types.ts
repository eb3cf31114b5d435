import type { StageContext } from '../context.js';
import type { Matrix } from '../util/matrix.js';

/** The result of clustering n points. */
export interface ClusterResult {
  /** Cluster label per point, 0..k-1; -1 is noise. */
  readonly labels: Int32Array;
  /** Membership strength per point in [0, 1] (0 for noise). */
  readonly probabilities: Float64Array;
  /** GLOSH outlier score per point in [0, 1], where the method defines one. */
  readonly outlierScores: Float64Array | null;
  readonly nClusters: number;
}

export interface ClustererSignature {
  readonly clusterer: string;
  readonly params: Record<string, unknown>;
}

export interface Clusterer {
  readonly name: string;
  readonly signature: ClustererSignature;
  fit(data: Matrix, ctx: StageContext): Promise<ClusterResult>;
}

export interface ClusterOptions {
  /** Smallest group that counts as a cluster; larger values give fewer, bigger clusters. */
  readonly minClusterSize: number;
  readonly [key: string]: unknown;
}

export type ClustererFactory = (options: ClusterOptions) => Clusterer;
