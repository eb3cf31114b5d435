/** The server's JSON shapes (src/web/summaries.ts and the route modules) and how to fetch them. */
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

/** The start and end markers of a match in a search snippet (src/store/search.ts). */
export const MATCH_START = '\uE000';
export const MATCH_END = '\uE001';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function check(response: Response): Promise<Response> {
  if (response.ok) return response;
  let message = `${response.status} ${response.statusText}`;
  try {
    const body = (await response.json()) as { error?: string };
    if (body.error) message = body.error;
  } catch {
    // Not JSON: keep the status line.
  }
  throw new ApiError(response.status, message);
}

export async function getJson<T>(url: string): Promise<T> {
  return (await (await check(await fetch(url, { credentials: 'same-origin' }))).json()) as T;
}

export async function getBinary(url: string): Promise<ArrayBuffer> {
  return (await check(await fetch(url, { credentials: 'same-origin' }))).arrayBuffer();
}

export async function postJson<T>(url: string, body: unknown): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return (await (await check(response)).json()) as T;
}

/** POSTs JSON and returns the answer as a file (a CSV export). */
export async function postForBlob(url: string, body: unknown): Promise<Blob> {
  const response = await fetch(url, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return (await check(response)).blob();
}

export const itemPath = (id: string): string => `/api/items/${encodeURIComponent(id)}`;
export const thumbnailUrl = (id: string): string => `${itemPath(id)}/thumbnail`;
export const imageUrl = (id: string): string => `${itemPath(id)}/image`;
