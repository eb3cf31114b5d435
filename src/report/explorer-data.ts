import { countByLabel } from '../cluster/counts.js';
import { splitImageText } from '../ocr/index.js';
import type { ClusterHierarchy } from '../store/index.js';
import type { ExplorerClustering, ExplorerData, ExplorerRow } from './explorer-contract.js';
import type { ReportInput } from './model.js';

/**
 * Above this many characters of descriptions in all, each is shortened to an equal share (at
 * least MIN_SHORTENED), so a million-image report stays a file a browser opens.
 */
const TEXT_BUDGET = 6_000_000;
const MIN_SHORTENED = 280;
/** Screen-precision coordinates: 5 significant digits of a layout spanning tens of units. */
const round = (value: number): number => Math.round(value * 1e4) / 1e4;

function explorerRows(input: ReportInput): { rows: ExplorerRow[]; shortened: number } {
  const total = input.rows.reduce((sum, row) => sum + row.text.length, 0);
  const cap = total > TEXT_BUDGET ? Math.max(MIN_SHORTENED, Math.floor(TEXT_BUDGET / input.rows.length)) : Infinity;
  let shortened = 0;
  const rows = input.rows.map((row): ExplorerRow => {
    const { description, imageText } = splitImageText(row.text);
    const long = description.length > cap;
    if (long) shortened++;
    return {
      ids: row.itemIds,
      text: long ? `${description.slice(0, cap).trimEnd()}…` : description,
      ...(imageText ? { imageText } : {}),
      ...(long ? { shortened: true } : {}),
    };
  });
  return { rows, shortened };
}

function explorerTree(hierarchy: ClusterHierarchy | undefined): ExplorerClustering['tree'] {
  if (!hierarchy || hierarchy.root < 0) return undefined;
  return {
    method: hierarchy.method,
    root: hierarchy.root,
    nodes: hierarchy.nodes.map((n) => ({ id: n.id, label: n.label, children: n.children, distance: n.distance, size: n.size, keywords: n.keywords.slice(0, 4).map((k) => k.term) })),
  };
}

/** What the explorer script of report.html reads: rows, layout, every clustering and its tree. */
export function explorerData(input: ReportInput, thumbnailRows: readonly number[], thumbnailNote: string | null): ExplorerData {
  const { rows, shortened } = explorerRows(input);
  const layout = input.analysis.layout;
  const xy: number[] = [];
  for (let i = 0; i < layout.rows; i++) xy.push(round(layout.data[i * layout.cols]), round(layout.data[i * layout.cols + 1]));
  const clusterings = input.analysis.clusterings.map((clustering): ExplorerClustering => {
    const itemsPerLabel = countByLabel(clustering.result.labels, (row) => input.rows[row].itemIds.length);
    const tree = explorerTree(input.hierarchies?.get(clustering.minClusterSize));
    return {
      minClusterSize: clustering.minClusterSize,
      labels: Array.from(clustering.result.labels),
      noiseItems: itemsPerLabel.get(-1) ?? 0,
      clusters: clustering.clusters.map((c) => ({
        label: c.label,
        size: itemsPerLabel.get(c.label) ?? 0,
        ...(c.name ? { name: c.name } : {}),
        ...(c.description ? { description: c.description } : {}),
        ...(c.criteria ? { criteria: c.criteria } : {}),
        keywords: c.keywords.map((k) => k.term),
        tfidfKeywords: c.tfidfKeywords.map((k) => k.term),
        representatives: c.representatives,
      })),
      ...(tree ? { tree } : {}),
    };
  });
  const notes = [
    thumbnailNote,
    shortened > 0 ? `${shortened.toLocaleString('en')} descriptions are shortened here to keep the file light; assignments.csv and the store have them in full.` : null,
  ].filter((n): n is string => n !== null);
  return { runId: input.runId, method: input.method, rows, xy, thumbnailRows, limits: notes.length > 0 ? notes.join(' ') : null, clusterings };
}
