import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { stringify } from 'csv-stringify/sync';
import { clusterers } from '../cluster/index.js';
import { runAnalysisJob } from '../pipeline/workers/offload.js';
import { createContext, type StageContext } from '../types/context.js';
import { reducers } from '../reduce/index.js';
import type { Metric } from '../reduce/types.js';
import { matrixToCsv, readVectorTable, type VectorTable } from '../util/vectors-io.js';
import { withInterrupt } from './interrupt.js';
import { defined, parseInteger, parseNumber, prose } from './options.js';
import { TerminalProgress } from './progress.js';

interface HeaderFlag {
  readonly header?: boolean;
}

/** `--header` / `--no-header`: both defined, so neither given leaves `header` undefined (detect). */
function addHeaderOptions(command: Command): Command {
  return command
    .option('--header', 'the first CSV line is column names')
    .option('--no-header', 'the first CSV line is data (default: detected when unambiguous, else an error)');
}

/** Reads the vectors and says how their first line was read, so a shifted row can never pass unnoticed. */
function readInput(path: string, flags: HeaderFlag, terminal: TerminalProgress): VectorTable {
  const table = readVectorTable(path, { header: flags.header });
  const { rows, cols } = table.matrix;
  const how =
    table.headerDecision === 'none'
      ? ''
      : table.header
        ? `; line 1 read as a header (${table.header.slice(0, 5).join(', ')}${table.header.length > 5 ? ', ...' : ''})${table.headerDecision === 'detected' ? ': detected, pass --no-header if it is data' : ''}`
        : `; no header${table.headerDecision === 'detected' ? ' (line 1 is numbers)' : ''}`;
  terminal.logger.info(`read ${rows} x ${cols} from ${path}${how}`);
  return table;
}

/** A context whose Ctrl-C stops the computation at once (it runs in a worker when large). */
function commandContext(terminal: TerminalProgress, signal: AbortSignal, seed?: number): StageContext {
  return createContext({ seed, logger: terminal.logger, progress: terminal, signal });
}

/** `connote cluster-vectors` and `connote reduce-vectors`: the algorithms on vectors made elsewhere. */
export function registerVectorCommands(program: Command): void {
  const cluster = program
    .command('cluster-vectors')
    .summary('cluster vectors made elsewhere with HDBSCAN')
    .description(
      prose(`Clusters the rows of a CSV (numeric columns only; a header line is detected when unambiguous,
or say --header / --no-header) or .npy file with connote's HDBSCAN and writes
label,probability,outlier_score per input row (noise is -1).`),
    )
    .argument('<vectors>', 'vectors.csv or vectors.npy')
    .requiredOption('--min-cluster-size <n>', 'smallest cluster (larger: fewer, bigger clusters)', parseInteger)
    .option('--min-samples <n>', 'neighbours for the core distance; larger: more noise (default: the min cluster size)', parseInteger)
    .option('--selection <method>', 'eom or leaf (default: eom)')
    .option('--epsilon <e>', 'cluster_selection_epsilon: merge clusters closer than this (default: 0, off)', parseNumber)
    .option('--metric <metric>', 'euclidean or cosine (default: euclidean)')
    .option('--allow-single-cluster', 'allow the whole data set to be one cluster (default: off)')
    .requiredOption('-o, --out <file>', 'where to write labels.csv');
  addHeaderOptions(cluster).action(async (path: string, flags: Record<string, unknown> & HeaderFlag) => {
    const terminal = new TerminalProgress(process.stderr);
    const data = readInput(path, flags, terminal).matrix;
    const options = {
      minClusterSize: flags.minClusterSize as number,
      ...defined({
        minSamples: flags.minSamples,
        clusterSelectionMethod: flags.selection,
        clusterSelectionEpsilon: flags.epsilon,
        metric: flags.metric,
        allowSingleCluster: flags.allowSingleCluster,
      }),
    };
    clusterers.get('hdbscan').create(options); // option errors before any work
    const result = await withInterrupt(terminal.logger, (signal) =>
      runAnalysisJob({ kind: 'cluster', name: 'hdbscan', options, data, stage: 'cluster:hdbscan' }, commandContext(terminal, signal)),
    );
    const rows = Array.from(result.labels, (label, i) => [label, result.probabilities[i], result.outlierScores ? result.outlierScores[i] : '']);
    writeFileSync(flags.out as string, stringify([['label', 'probability', 'outlier_score'], ...rows]));
    const noise = result.labels.filter((l) => l < 0).length;
    process.stdout.write(`${data.rows} points: ${result.nClusters} clusters, ${noise} noise. Wrote ${flags.out as string}\n`);
  });

  const reduce = program
    .command('reduce-vectors')
    .summary('reduce vectors made elsewhere with UMAP or PCA')
    .argument('<vectors>', 'vectors.csv or vectors.npy')
    .option('--method <name>', reducers.names().join(', '), 'umap')
    .requiredOption('--dims <k>', 'output dimensions', parseInteger)
    .option('--metric <metric>', 'cosine or euclidean', 'cosine')
    .option('--neighbors <n>', 'UMAP neighbours', parseInteger, 15)
    .option('--min-dist <d>', 'UMAP min_dist', parseNumber, 0)
    .option('--seed <n>', 'random seed', parseInteger, 42)
    .requiredOption('-o, --out <file>', 'where to write the reduced coordinates (CSV)');
  addHeaderOptions(reduce).action(
    async (path: string, flags: HeaderFlag & { method: string; dims: number; metric: string; neighbors: number; minDist: number; seed: number; out: string }) => {
      if (flags.metric !== 'cosine' && flags.metric !== 'euclidean') throw new Error(`--metric must be cosine or euclidean, got '${flags.metric}'`);
      const terminal = new TerminalProgress(process.stderr);
      const data = readInput(path, flags, terminal).matrix;
      const options = { nComponents: flags.dims, nNeighbors: flags.neighbors, minDist: flags.minDist, metric: flags.metric as Metric, seed: flags.seed };
      const reducer = reducers.get(flags.method).create(options); // option errors before any work
      const out = await withInterrupt(terminal.logger, (signal) =>
        runAnalysisJob({ kind: 'reduce', name: flags.method, options, data, stage: `reduce:${flags.method}` }, commandContext(terminal, signal, flags.seed)),
      );
      writeFileSync(flags.out, matrixToCsv(out, 'd'));
      process.stdout.write(`${data.rows} x ${data.cols} -> ${out.rows} x ${out.cols} (${reducer.name}). Wrote ${flags.out}\n`);
    },
  );
}
