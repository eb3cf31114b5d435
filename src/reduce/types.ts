import type { StageContext } from '../types/context.js';
import type { Matrix } from '../util/matrix.js';

export type Metric = 'cosine' | 'euclidean';

export interface ReduceOptions {
  /** Output dimensions. 5 for clustering (BERTopic's default), 2 for the map. */
  readonly nComponents: number;
  /** Neighbourhood size: larger values keep more global structure, smaller values more local detail. */
  readonly nNeighbors: number;
  /** How tightly UMAP packs points: 0 suits clustering, about 0.1 suits a readable map. */
  readonly minDist: number;
  readonly metric: Metric;
  /** Seed for a reproducible result; the context's seed when absent. */
  readonly seed?: number;
}

export interface ReducerSignature {
  readonly reducer: string;
  readonly params: Record<string, unknown>;
}

/** Maps high-dimensional points to a few dimensions. */
export interface Reducer {
  readonly name: string;
  readonly signature: ReducerSignature;
  fitTransform(data: Matrix, ctx: StageContext): Promise<Matrix>;
}

export type ReducerFactory = (options: ReduceOptions & Readonly<Record<string, unknown>>) => Reducer;
