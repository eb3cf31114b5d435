/**
 * The plain records an analysis produces and every later layer reads: the store keeps them, the
 * report and the web app show them, the evaluation scores them. They live here, below every stage,
 * so that a reader of results never has to import the stage that made them.
 */
import type { Matrix } from '../util/matrix.js';

/** A term that sets a cluster's documents apart, with its weight. */
export interface Keyword {
  readonly term: string;
  readonly score: number;
}

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

/** One cluster of a clustering, summarised for people. */
export interface ClusterDigest {
  readonly label: number;
  readonly size: number;
  readonly keywords: readonly Keyword[];
  readonly tfidfKeywords: readonly Keyword[];
  /** Row indices of the most typical members. */
  readonly representatives: readonly number[];
  /** A short name, one sentence and inclusion criteria, when a labeler has named the cluster. */
  readonly name?: string;
  readonly description?: string;
  readonly criteria?: string;
}

/** A clustering of one feature matrix at one minimum cluster size, summarised for people. */
export interface SummarisedClustering {
  readonly minClusterSize: number;
  readonly result: ClusterResult;
  readonly clusters: readonly ClusterDigest[];
  readonly seconds: number;
}

/** Everything one method's analysis of a feature matrix produced. */
export interface FeatureAnalysis {
  readonly reduced: Matrix;
  readonly layout: Matrix;
  readonly clusterings: readonly SummarisedClustering[];
  readonly reducedFromCache: boolean;
  readonly layoutFromCache: boolean;
}

/**
 * One clustered row: a distinct image and one of its descriptions, with every item (id) that shares
 * both (exact duplicates share a row; items with reference texts of their own can split an image).
 */
export interface CorpusRow {
  readonly hash: string;
  readonly itemIds: readonly string[];
  readonly text: string;
}
