/**
 * The data report.html carries for its explorer script (one JSON block in the page), shared by
 * the writer (report/explorer-data.ts) and the browser code (report/client/) by import, so the
 * two cannot drift. Rows are the clustered distinct images, in the order of the analysis.
 */
import type { HierarchyNode } from '../store/hierarchies.js';

export interface ExplorerRow {
  /** Item ids sharing this image (exact duplicates); the first names the row. */
  readonly ids: readonly string[];
  /** The description as the model wrote it (without any appended image text). */
  readonly text: string;
  /** Text read inside the image by OCR (`--ocr`), when there is any. */
  readonly imageText?: string;
  /** True when `text` was shortened to keep the file light (the full text is in the CSVs). */
  readonly shortened?: boolean;
}

export interface ExplorerCluster {
  readonly label: number;
  /** Items in the cluster (exact duplicates counted). */
  readonly size: number;
  readonly name?: string;
  readonly description?: string;
  readonly criteria?: string;
  readonly keywords: readonly string[];
  readonly tfidfKeywords: readonly string[];
  /** Row indices, most typical first. */
  readonly representatives: readonly number[];
}

/** A node of the stored cluster tree, with its keywords as plain terms. */
export type ExplorerTreeNode = Omit<HierarchyNode, 'labels' | 'keywords'> & { readonly keywords: readonly string[] };

export interface ExplorerClustering {
  readonly minClusterSize: number;
  /** Cluster label per row (-1: noise). */
  readonly labels: readonly number[];
  readonly clusters: readonly ExplorerCluster[];
  readonly noiseItems: number;
  /** The cluster tree (average linkage on c-TF-IDF), when the run built one. */
  readonly tree?: { readonly method: string; readonly root: number; readonly nodes: readonly ExplorerTreeNode[] };
}

export interface ExplorerData {
  readonly runId: string;
  readonly method: string;
  readonly rows: readonly ExplorerRow[];
  /** 2-D layout, x0, y0, x1, y1, ... rounded to what a screen can show. */
  readonly xy: readonly number[];
  /**
   * Rows with an embedded thumbnail. The images themselves are CSS rules of the page
   * (`.r<row>{background-image:url(data:...)}`), stored once for the static cards and the map.
   */
  readonly thumbnailRows: readonly number[];
  /** Why some rows have no thumbnail or a shortened text, said once on the page; null if none. */
  readonly limits: string | null;
  readonly clusterings: readonly ExplorerClustering[];
}

/** The id of the JSON block in report.html. */
export const EXPLORER_DATA_ID = 'connote-explorer-data';
