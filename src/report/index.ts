import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { countByLabel } from '../cluster/counts.js';
import type { ClusteringRecord, Store } from '../store/index.js';
import { reportHtml } from './html.js';
import { reportThumbnails } from './thumbnails.js';
import type { ReportInput } from './model.js';
import { parquetTable } from './parquet.js';
import { assignmentColumns, clusterColumns, storedAssignmentColumns } from './parquet-tables.js';
import { assignmentsCsv, auditCsv, clusterSummaries, clustersCsv, duplicatesCsv, storedAssignmentsCsv, storedClusterSummaries, type ClusterSummary } from './tables.js';

export { escapeHtml, jsonForScript } from './escape.js';
export { clusterColour, NOISE_COLOUR } from './palette.js';
export type { NearDuplicateGroupSummary, ReportInput, ReportRow } from './model.js';
export { assignmentsCsv, auditCsv, clusterSummaries, clustersCsv, duplicatesCsv, storedClusterSummaries, type ClusterSummary } from './tables.js';
export { parquetTable, type ColumnType, type TableColumn } from './parquet.js';
export { assignmentColumns, clusterColumns } from './parquet-tables.js';
export { reportHtml } from './html.js';
export { reportThumbnails, storedThumbnails, type ReportThumbnails } from './thumbnails.js';
export type { ExplorerData } from './explorer-contract.js';

export interface OutputPaths {
  readonly assignments: string;
  readonly assignmentsParquet: string;
  readonly clustersCsv: string;
  readonly clustersJson: string;
  readonly clustersParquet: string;
  readonly report: string;
  readonly runJson: string;
  /** `--near-duplicates`: duplicates.csv, one row per item of every group (a run's, not a method's: unprefixed). */
  readonly duplicatesCsv?: string;
}

export function outputPaths(dir: string, prefix = ''): OutputPaths {
  return {
    assignments: join(dir, `${prefix}assignments.csv`),
    assignmentsParquet: join(dir, `${prefix}assignments.parquet`),
    clustersCsv: join(dir, `${prefix}clusters.csv`),
    clustersJson: join(dir, `${prefix}clusters.json`),
    clustersParquet: join(dir, `${prefix}clusters.parquet`),
    report: join(dir, `${prefix}report.html`),
    runJson: join(dir, `${prefix}run.json`),
  };
}

/** The prefix of a method's output files: none for the descriptions, `image-features-` for the CNN baseline. */
export const methodPrefix = (method: string): string => (method === 'descriptions' ? '' : `${method}-`);

/** clusters.json: per clustering its counts and cluster summaries. */
function clustersJson(runId: string, method: string, clusterings: ReadonlyArray<{ minClusterSize: number; clusters: number; noiseItems: number }>, summaries: readonly ClusterSummary[]): string {
  return `${JSON.stringify(
    {
      runId,
      method,
      clusterings: clusterings.map((c) => ({
        ...c,
        summaries: summaries.filter((s) => s.minClusterSize === c.minClusterSize).map(({ minClusterSize: _m, ...rest }) => rest),
      })),
    },
    null,
    2,
  )}\n`;
}

/** Writes assignments.csv/.parquet, clusters.csv/.json/.parquet and report.html into `dir`. */
export async function writeOutputs(input: ReportInput, dir: string, prefix = ''): Promise<OutputPaths> {
  const paths = outputPaths(dir, prefix);
  const summaries = clusterSummaries(input);
  const metadata = { 'connote.run_id': input.runId, 'connote.method': input.method };
  await writeFile(paths.assignments, assignmentsCsv(input));
  await writeFile(paths.assignmentsParquet, await parquetTable(assignmentColumns(input), metadata));
  await writeFile(paths.clustersCsv, clustersCsv(summaries));
  await writeFile(paths.clustersParquet, await parquetTable(clusterColumns(summaries), metadata));
  const counts = input.analysis.clusterings.map((c) => ({
    minClusterSize: c.minClusterSize,
    clusters: c.result.nClusters,
    noiseItems: countByLabel(c.result.labels, (row) => input.rows[row].itemIds.length).get(-1) ?? 0,
  }));
  await writeFile(paths.clustersJson, clustersJson(input.runId, input.method, counts, summaries));
  await writeFile(paths.report, reportHtml(input, await reportThumbnails(input)));
  return paths;
}

/**
 * Rewrites a finished run's cluster tables (clusters.csv/.json/.parquet of each method) from the
 * store, e.g. after `connote label` named its clusters. Only the run's own clusterings are in
 * them; edits are exported apart (writeClusteringExport).
 */
export async function writeStoredClusterTables(store: Store, runId: string, dir: string): Promise<string[]> {
  const own = store.clusterings.forRun(runId).filter((c) => c.parentId === null);
  const written: string[] = [];
  for (const method of [...new Set(own.map((c) => c.method))]) {
    const clusterings = own.filter((c) => c.method === method).sort((a, b) => (a.minClusterSize ?? 0) - (b.minClusterSize ?? 0));
    const paths = outputPaths(dir, methodPrefix(method));
    const summaries = storedClusterSummaries(store, clusterings);
    const counts = clusterings.map((c) => ({ minClusterSize: c.minClusterSize ?? 0, clusters: c.nClusters, noiseItems: c.nNoise }));
    await writeFile(paths.clustersCsv, clustersCsv(summaries));
    await writeFile(paths.clustersJson, clustersJson(runId, method, counts, summaries));
    await writeFile(paths.clustersParquet, await parquetTable(clusterColumns(summaries), { 'connote.run_id': runId, 'connote.method': method }));
    written.push(paths.clustersCsv, paths.clustersJson, paths.clustersParquet);
  }
  return written;
}

/** A folder name for a clustering, e.g. descriptions-mcs5-merge-1. */
export const clusteringSlug = (clustering: Pick<ClusteringRecord, 'name'>): string => clustering.name.replace(/[^\w.-]+/g, '-');

/**
 * One stored clustering (an edit's result) as tables for R and Python: `dir/edits/<name>/`
 * assignments.csv/.parquet and clusters.csv/.json/.parquet. Returns the folder.
 */
export async function writeClusteringExport(store: Store, clusteringId: number, dir: string): Promise<string> {
  const clustering = store.clusterings.get(clusteringId);
  if (!clustering) throw new RangeError(`no clustering ${clusteringId}`);
  const folder = join(dir, 'edits', clusteringSlug(clustering));
  await mkdir(folder, { recursive: true });
  const paths = outputPaths(folder);
  const metadata = { 'connote.run_id': clustering.runId, 'connote.clustering': clustering.name };
  const summaries = storedClusterSummaries(store, [clustering]);
  await writeFile(paths.assignments, storedAssignmentsCsv(store, clustering));
  await writeFile(paths.assignmentsParquet, await parquetTable(storedAssignmentColumns(store, clustering), metadata));
  await writeFile(paths.clustersCsv, clustersCsv(summaries));
  await writeFile(paths.clustersParquet, await parquetTable(clusterColumns(summaries), metadata));
  const counts = [{ minClusterSize: clustering.minClusterSize ?? 0, clusters: clustering.nClusters, noiseItems: clustering.nNoise }];
  await writeFile(paths.clustersJson, clustersJson(clustering.runId, clustering.method, counts, summaries));
  return folder;
}

/** audit.csv and audit.json in `dir`: every edit of the project's clusterings, oldest first. */
export async function writeAuditLog(store: Store, dir: string): Promise<{ csv: string; json: string }> {
  const entries = store.audit.list();
  const csv = join(dir, 'audit.csv');
  const json = join(dir, 'audit.json');
  await writeFile(csv, auditCsv(entries));
  await writeFile(json, `${JSON.stringify({ entries }, null, 2)}\n`);
  return { csv, json };
}

/** duplicates.csv in `dir` (see duplicatesCsv); returns its path. */
export async function writeDuplicatesCsv(input: Pick<ReportInput, 'nearDuplicateGroups' | 'items'>, dir: string): Promise<string> {
  const path = join(dir, 'duplicates.csv');
  await writeFile(path, duplicatesCsv(input.nearDuplicateGroups ?? [], input.items));
  return path;
}

/** run.json: the provenance record that makes a result reproducible. */
export async function writeRunJson(path: string, provenance: unknown): Promise<void> {
  await writeFile(path, `${JSON.stringify(provenance, null, 2)}\n`);
}
export { lineChartSvg, niceTicks, type ChartPoint, type ChartSeries, type LineChartOptions } from './chart.js';
