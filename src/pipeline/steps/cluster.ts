import { clusterers } from '../../cluster/index.js';
import type { ClusterResult } from '../../types/analysis.js';
import type { Matrix } from '../../util/matrix.js';
import type { RunConfig } from '../config.js';
import type { StepEnvironment } from '../session.js';

/** One clustering of the reduced features at one minimum cluster size. */
export interface ClusteringAtSize {
  readonly minClusterSize: number;
  readonly result: ClusterResult;
  readonly seconds: number;
}

/** Step 5, cluster: the reduced features once per minimum cluster size (the sweep). */
export async function clusterFeatures(
  env: StepEnvironment,
  config: Pick<RunConfig, 'cluster'>,
  reduced: Matrix,
  method: string,
): Promise<ClusteringAtSize[]> {
  const clusterings: ClusteringAtSize[] = [];
  for (const minClusterSize of config.cluster.minClusterSizes) {
    const clusterer = clusterers.get(config.cluster.name).create({ ...config.cluster.settings, minClusterSize });
    const start = performance.now();
    const result = await env.timed(`${method}.cluster`, () => clusterer.fit(reduced, env.ctx));
    clusterings.push({ minClusterSize, result, seconds: (performance.now() - start) / 1000 });
  }
  return clusterings;
}
