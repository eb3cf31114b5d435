import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { stringify } from 'csv-stringify/sync';
import { clusterers } from '../cluster/index.js';
import { createContext } from '../types/context.js';
import { reducers } from '../reduce/index.js';
import type { Metric } from '../reduce/types.js';
import { matrixToCsv, readVectors } from '../util/vectors-io.js';
import { defined, parseInteger, parseNumber, prose } from './options.js';

/** `connote cluster-vectors` and `connote reduce-vectors`: the algorithms on vectors made elsewhere. */
export function registerVectorCommands(program: Command): void {
  program
    .command('cluster-vectors')
    .summary('cluster vectors made elsewhere with HDBSCAN')
    .description(
      prose(`Clusters the rows of a CSV (numeric columns only, optional header) or .npy file with connote's
HDBSCAN and writes label,probability,outlier_score per input row (noise is -1).`),
    )
    .argument('<vectors>', 'vectors.csv or vectors.npy')
    .requiredOption('--min-cluster-size <n>', 'smallest cluster (larger: fewer, bigger clusters)', parseInteger)
    .option('--min-samples <n>', 'neighbours for the core distance; larger: more noise (default: the min cluster size)', parseInteger)
    .option('--selection <method>', 'eom or leaf (default: eom)')
    .option('--epsilon <e>', 'cluster_selection_epsilon: merge clusters closer than this (default: 0, off)', parseNumber)
    .option('--metric <metric>', 'euclidean or cosine (default: euclidean)')
    .option('--allow-single-cluster', 'allow the whole data set to be one cluster (default: off)')
    .requiredOption('-o, --out <file>', 'where to write labels.csv')
    .action(async (path: string, flags: Record<string, unknown>) => {
      const data = readVectors(path);
      const clusterer = clusterers.get('hdbscan').create({
        minClusterSize: flags.minClusterSize as number,
        ...defined({
          minSamples: flags.minSamples,
          clusterSelectionMethod: flags.selection,
          clusterSelectionEpsilon: flags.epsilon,
          metric: flags.metric,
          allowSingleCluster: flags.allowSingleCluster,
        }),
      });
      const result = await clusterer.fit(data, createContext());
      const rows = Array.from(result.labels, (label, i) => [label, result.probabilities[i], result.outlierScores ? result.outlierScores[i] : '']);
      writeFileSync(flags.out as string, stringify([['label', 'probability', 'outlier_score'], ...rows]));
      const noise = result.labels.filter((l) => l < 0).length;
      process.stdout.write(`${data.rows} points: ${result.nClusters} clusters, ${noise} noise. Wrote ${flags.out as string}\n`);
    });

  program
    .command('reduce-vectors')
    .summary('reduce vectors made elsewhere with UMAP or PCA')
    .argument('<vectors>', 'vectors.csv or vectors.npy')
    .option('--method <name>', reducers.names().join(', '), 'umap')
    .requiredOption('--dims <k>', 'output dimensions', parseInteger)
    .option('--metric <metric>', 'cosine or euclidean', 'cosine')
    .option('--neighbors <n>', 'UMAP neighbours', parseInteger, 15)
    .option('--min-dist <d>', 'UMAP min_dist', parseNumber, 0)
    .option('--seed <n>', 'random seed', parseInteger, 42)
    .requiredOption('-o, --out <file>', 'where to write the reduced coordinates (CSV)')
    .action(async (path: string, flags: { method: string; dims: number; metric: string; neighbors: number; minDist: number; seed: number; out: string }) => {
      if (flags.metric !== 'cosine' && flags.metric !== 'euclidean') throw new Error(`--metric must be cosine or euclidean, got '${flags.metric}'`);
      const data = readVectors(path);
      const reducer = reducers.get(flags.method).create({
        nComponents: flags.dims,
        nNeighbors: flags.neighbors,
        minDist: flags.minDist,
        metric: flags.metric as Metric,
        seed: flags.seed,
      });
      const out = await reducer.fitTransform(data, createContext({ seed: flags.seed }));
      writeFileSync(flags.out, matrixToCsv(out, 'd'));
      process.stdout.write(`${data.rows} x ${data.cols} -> ${out.rows} x ${out.cols} (${reducer.name}). Wrote ${flags.out}\n`);
    });
}
