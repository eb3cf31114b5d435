import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { countByLabel } from '../cluster/counts.js';
import { reportHtml } from './html.js';
import type { ReportInput } from './model.js';
import { assignmentsCsv, clusterSummaries, clustersCsv } from './tables.js';

export { escapeHtml, jsonForScript } from './escape.js';
export { clusterColour, NOISE_COLOUR } from './palette.js';
export type { ReportInput, ReportRow } from './model.js';
export { assignmentsCsv, clusterSummaries, clustersCsv, type ClusterSummary } from './tables.js';
export { reportHtml } from './html.js';

export interface OutputPaths {
  readonly assignments: string;
  readonly clustersCsv: string;
  readonly clustersJson: string;
  readonly report: string;
  readonly runJson: string;
}

export function outputPaths(dir: string, prefix = ''): OutputPaths {
  return {
    assignments: join(dir, `${prefix}assignments.csv`),
    clustersCsv: join(dir, `${prefix}clusters.csv`),
    clustersJson: join(dir, `${prefix}clusters.json`),
    report: join(dir, `${prefix}report.html`),
    runJson: join(dir, `${prefix}run.json`),
  };
}

/** Writes assignments.csv, clusters.csv, clusters.json and report.html into `dir`. */
export async function writeOutputs(input: ReportInput, dir: string, prefix = ''): Promise<OutputPaths> {
  const paths = outputPaths(dir, prefix);
  const summaries = clusterSummaries(input);
  await writeFile(paths.assignments, assignmentsCsv(input));
  await writeFile(paths.clustersCsv, clustersCsv(summaries));
  await writeFile(
    paths.clustersJson,
    `${JSON.stringify(
      {
        runId: input.runId,
        method: input.method,
        clusterings: input.analysis.clusterings.map((c) => ({
          minClusterSize: c.minClusterSize,
          clusters: c.result.nClusters,
          noiseItems: countByLabel(c.result.labels, (row) => input.rows[row].itemIds.length).get(-1) ?? 0,
          summaries: summaries.filter((s) => s.minClusterSize === c.minClusterSize).map(({ minClusterSize: _m, ...rest }) => rest),
        })),
      },
      null,
      2,
    )}\n`,
  );
  await writeFile(paths.report, reportHtml(input));
  return paths;
}

/** run.json: the provenance record that makes a result reproducible. */
export async function writeRunJson(path: string, provenance: unknown): Promise<void> {
  await writeFile(path, `${JSON.stringify(provenance, null, 2)}\n`);
}
export { lineChartSvg, niceTicks, type ChartPoint, type ChartSeries, type LineChartOptions } from './chart.js';
