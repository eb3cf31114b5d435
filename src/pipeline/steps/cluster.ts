import { clusterers } from '../../cluster/index.js';
import type { ClusterResult } from '../../types/analysis.js';
import type { Matrix } from '../../util/matrix.js';
import type { RunConfig } from '../config.js';
import { notingContext, type StepEnvironment } from '../session.js';
import { runAnalysisJob } from '../workers/offload.js';

/** One clustering of the reduced features at one minimum cluster size. */
export interface ClusteringAtSize {
  readonly minClusterSize: number;
  readonly result: ClusterResult;
  readonly seconds: number;
}

/**
 * Step 5, cluster: the reduced features once per minimum cluster size (the sweep). Each
 * clustering runs in a worker thread when large (see workers/offload.ts) and draws from a random
 * stream of its own, named by the clusterer and the size: retries, other stages and the other
 * sizes can never change it.
 */
export async function clusterFeatures(
  env: StepEnvironment,
  config: Pick<RunConfig, 'cluster'>,
  reduced: Matrix,
  method: string,
): Promise<ClusteringAtSize[]> {
  const clusterings: ClusteringAtSize[] = [];
  const { name, settings } = config.cluster;
  for (const minClusterSize of config.cluster.minClusterSizes) {
    const stage = `cluster:${name}:mcs${minClusterSize}`;
    if (name === 'hdbscan' && minClusterSize > reduced.rows) {
      env.note(
        stage,
        `min cluster size ${minClusterSize} is larger than the ${reduced.rows} clustered rows: no cluster can have that many members, so every row is noise (choose a size of at most ${Math.max(2, Math.floor(reduced.rows / 2))})`,
      );
    }
    const options = { ...settings, minClusterSize };
    clusterers.get(name).create(options); // checks the options here, before any worker starts
    const start = performance.now();
    const result = await env.timed(`${method}.cluster`, () =>
      runAnalysisJob({ kind: 'cluster', name, options, data: reduced, stage }, notingContext(env, stage), { execution: env.execution }),
    );
    clusterings.push({ minClusterSize, result, seconds: (performance.now() - start) / 1000 });
  }
  return clusterings;
}
