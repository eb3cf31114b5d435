/**
 * The JSON contract of connote serve: every shape the server's routes answer with and the browser
 * client reads. Both import it (the server annotates each response with its type, the client reads
 * it), so the two cannot drift apart. Types only: the client is compiled without any server code.
 */
export interface Keyword {
  term: string;
  score: number;
}

export interface ClusterSummary {
  label: number;
  size: number;
  colour: string;
  keywords: Keyword[];
  tfidfKeywords: Keyword[];
  representatives: string[];
}

export interface ClusteringSummary {
  id: number;
  runId: string;
  name: string;
  method: string;
  minClusterSize: number | null;
  nClusters: number;
  nNoise: number;
  runStartedAt?: string;
}

export interface Overview {
  title: string;
  blind: boolean;
  tokens: boolean;
  coder: string | null;
  coding: { pairs: number; studies: number };
  items?: number;
  layouts?: Array<{ runId: string; method: string; points: number }>;
  clusterings?: ClusteringSummary[];
  noiseColour?: string;
}

export interface ClusteringDetail {
  clustering: ClusteringSummary;
  clusters: ClusterSummary[];
  noise: { label: number; colour: string; size: number };
}

export interface Description {
  prompt: string;
  describer: string;
  model: string;
  status: string;
  text: string;
}

export interface MemberPage {
  clustering: ClusteringSummary;
  cluster: ClusterSummary;
  total: number;
  offset: number;
  members: Array<{ id: string; probability: number; metadata: Record<string, string>; descriptions: Description[] }>;
}

export interface ItemDetail {
  id: string;
  path: string;
  metadata: Record<string, string>;
  image: { format: string; width: number; height: number; bytes: number } | null;
  descriptions: Description[];
  clusterings: Array<{
    clustering: ClusteringSummary;
    label: number;
    colour: string;
    probability: number;
    outlierScore: number | null;
    keywords: Keyword[];
  }>;
}

export interface SearchResponse {
  query: string;
  itemIds: string[];
  hits: Array<{ itemId: string; prompt: string; snippet: string }>;
  truncated: boolean;
}

export interface CompareResponse {
  a: ClusteringDetail;
  b: ClusteringDetail;
  cells: Array<{ labelA: number; labelB: number; count: number }>;
}

export interface CodingImage {
  src: string;
  id?: string;
  metadata?: Record<string, string>;
}

export interface PairRatingValues {
  denotative: number | null;
  connotative: number | null;
}

export interface PairsResponse {
  coder: string | null;
  blind: boolean;
  pairs: Array<{ pairId: string; a: CodingImage; b: CodingImage; rating: PairRatingValues | null }>;
}

export interface StudyListing {
  id: number;
  imagesPerSet: number;
  tasks: number;
  choices: number;
  done: number | null;
  clustering: ClusteringSummary | null;
}

export interface StudyDetail {
  id: number;
  imagesPerSet: number;
  coder: string | null;
  blind: boolean;
  tasks: Array<{ taskId: string; images: CodingImage[]; options: Array<{ optionId: string; summary: string }> }>;
  choices: Record<string, string | null>;
}

/** The markers around a match in a search snippet (the store's search writes them). */
export type MatchStartMarker = '\uE000';
export type MatchEndMarker = '\uE001';

/** The body of every error answer. */
export interface ErrorResponse {
  error: string;
}

/** The ids of a layout's points, in the order of its binary positions and labels. */
export type LayoutIds = string[];

/** A page of the images in one cell of a comparison (cluster of A x cluster of B). */
export interface CompareMembersPage {
  total: number;
  offset: number;
  members: Array<{ id: string; probability: number }>;
}

/** A pair rating as stored, the answer to saving one. */
export interface SavedPairRating {
  pairId: string;
  coder: string;
  denotative: number | null;
  connotative: number | null;
  updatedAt: string;
}

/** The answer to setting up an interpretability study. */
export interface StudyCreated {
  id: number;
  clusteringId: number;
  imagesPerSet: number;
  seed: number;
  choices: number;
  tasks: number;
  createdAt: string;
}

/** A coder's choice as stored, the answer to saving one. */
export interface SavedStudyChoice {
  taskId: string;
  coder: string;
  choice: string | null;
  updatedAt: string;
}
