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
  /** Written by a labeler (`connote label`); absent until then. */
  name?: string;
  description?: string;
  criteria?: string;
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
  /** The clustering an edit derived this one from; null for a run's own. */
  parentId?: number | null;
  /** How it was derived: 'merge', 'reassign'; null for a run's own. */
  edit?: string | null;
  /** Tells runs apart in menus: start time (UTC, to the minute) and the end of the run id. */
  runLabel?: string;
  /** Earlier runs with identical settings and input folded into this entry (overview only). */
  repeats?: number;
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
  /** The text OCR engines read in the image (`--ocr`, `--describer ocr`), newest first. */
  imageTexts: Array<{ engine: string; version: string; text: string; confidence: number | null }>;
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
  /** keywords, names or descriptions: what the options show. */
  summaries?: string;
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
  summaries?: string;
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

/** `POST /api/clusterings/:id/merge`: clusters to join, e.g. [[3, 4]], and why. */
export interface MergeRequest {
  groups: number[][];
  memo?: string;
  /** Who is editing (ignored with access tokens: the token names the coder). */
  who?: string;
}

/** `POST /api/clusterings/:id/reassign`: BERTopic's outlier-reduction strategy and threshold. */
export interface ReassignRequest {
  strategy: 'probabilities' | 'ctfidf' | 'embeddings';
  /** 0 to 1 (default 0). */
  threshold?: number;
  memo?: string;
  who?: string;
}

/** The answer to an edit: the new clustering (its parent is kept) and where old labels went. */
/** How `POST /api/clusterings/:id/reassign` may move noise into clusters (BERTopic's reduce_outliers strategies). */
export type ReassignStrategyName = 'probabilities' | 'ctfidf' | 'embeddings';

export interface EditResponse {
  clustering: ClusteringSummary;
  /** Old label -> new label, as JSON object keys. */
  labelMap: Record<string, number>;
  /** Distinct images that joined another cluster. */
  moved: number;
  /** Reassignment only: noise images before, and how many joined a cluster. */
  outliers?: number;
  reassigned?: number;
}

/** One node of a cluster tree: a leaf is a cluster (label set), an inner node joins two nodes. */
export interface HierarchyNode {
  id: number;
  label: number | null;
  children: number[];
  /** Where its children were joined: average cosine distance of their c-TF-IDF vectors (0 for a leaf). */
  distance: number;
  size: number;
  labels: number[];
  keywords: Keyword[];
}

/** `GET /api/clusterings/:id/hierarchy`: leaves first (label order), then joins by height; root last. */
export interface HierarchyResponse {
  clusteringId: number;
  method: string;
  root: number;
  nodes: HierarchyNode[];
}

/** One entry of the audit log (`GET /api/audit`): who changed what, when and why. */
export interface AuditEntry {
  id: number;
  at: string;
  who: string;
  action: string;
  clusteringId: number | null;
  resultClusteringId: number | null;
  details: Record<string, unknown>;
  memo: string | null;
}

/** One grouping of a project's images into near-duplicates (by a run with --near-duplicates, or connote duplicates). */
export interface NearDuplicateGrouping {
  id: number;
  /** The run that grouped; null for connote duplicates. */
  runId: string | null;
  /** The perceptual hash: 'dhash' or 'phash'. */
  hash: string;
  /** Its version, with the sharp and libvips that scaled the images. */
  version: string;
  /** Most bits two images' hashes differed in to be joined (groups are joined transitively). */
  maxDistance: number;
  /** 'all' or 'representative' in a run (whether only each group's representative was described); null for connote duplicates. */
  analysis: string | null;
  /** Distinct images hashed. */
  images: number;
  createdAt: string;
}

/** One group of near-identical images, as items: what the app shows once, with its count. */
export interface NearDuplicateGroup {
  /** 1, 2, ...: in the order of each group's first image in the input. */
  group: number;
  /** The item that stands for the group (the first item of its largest image). */
  representativeId: string;
  /** Every item of the group: the representative first, then its exact duplicates, then the others. */
  memberIds: string[];
  /** Each member's Hamming distance (bits) to the representative, in the order of memberIds. */
  distances: number[];
  /** Items in the group. */
  size: number;
  /** Distinct images in the group (exact duplicates count once). */
  images: number;
}

/** `GET /api/duplicates?grouping=&offset=&limit=`: a page of one grouping's groups (default: the latest grouping). */
export interface NearDuplicatesResponse {
  /** The grouping shown; null when the project has none (run with --near-duplicates, or connote duplicates). */
  grouping: NearDuplicateGrouping | null;
  /** Every grouping of the project, oldest first. */
  groupings: NearDuplicateGrouping[];
  /** Groups in the grouping. */
  total: number;
  /** Distinct images in all its groups, not only this page's (an image is in one group at most). */
  imagesInGroups: number;
  offset: number;
  groups: NearDuplicateGroup[];
}
