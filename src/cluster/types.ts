import type { StageContext } from '../types/context.js';
import type { ClusterResult } from '../types/analysis.js';
import type { Matrix } from '../util/matrix.js';

export type { ClusterResult } from '../types/analysis.js';

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
