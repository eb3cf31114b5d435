/**
 * The repeats of `connote evaluate --seeds`: for each seed, the features (descriptions' embeddings
 * or CNN features, made once and cached) are reduced and clustered again through the pipeline's
 * own steps with that seed, and k-means is fitted at the matched numbers of clusters on the same
 * reduction. Nothing is described or embedded again.
 */
import { clusterers } from '../../cluster/index.js';
import type { RunConfig } from '../../pipeline/config.js';
import { stepEnvironment, type StepEnvironment } from '../../pipeline/session.js';
import { clusterFeatures } from '../../pipeline/steps/cluster.js';
import type { FeatureMatrix } from '../../pipeline/steps/features.js';
import { reduceFeatures } from '../../pipeline/steps/reduce.js';
import { createContext, type StageContext } from '../../types/context.js';
import type { ClusterResult } from '../../types/analysis.js';
import type { Matrix } from '../../util/matrix.js';
import type { MethodRepeat } from './repeats.js';

/** The context of one seed: the command's logger, progress, signal and state, with the seed's own random stream. */
function seededContext(ctx: StageContext, seed: number): StageContext {
  return createContext({ seed, logger: ctx.logger, progress: ctx.progress, signal: ctx.signal, state: ctx.state });
}

/**
 * k-means (k-means++ seeding from `seed`) on reduced features at each k: every image in a cluster,
 * no noise, so two methods at the same k differ only in which images they group.
 */
export async function matchedKmeans(reduced: Matrix, ks: readonly number[], ctx: StageContext, seed: number): Promise<Map<number, ClusterResult>> {
  const out = new Map<number, ClusterResult>();
  for (const k of ks) {
    if (k < 2 || k >= reduced.rows) continue;
    const clusterer = clusterers.get('kmeans').create({ minClusterSize: 2, k });
    out.set(k, await clusterer.fit(reduced, seededContext(ctx, seed)));
  }
  return out;
}

/**
 * Reduce and cluster `features` again at every seed (the reduction is cached per seed, so a second
 * evaluation with the same seeds redoes only the clustering), with k-means at `ks` on each.
 */
export async function repeatAtSeeds(
  env: StepEnvironment,
  config: Pick<RunConfig, 'reduce' | 'cluster'>,
  features: Pick<FeatureMatrix, 'matrix' | 'key' | 'method'>,
  seeds: readonly number[],
  ks: readonly number[],
): Promise<MethodRepeat[]> {
  const repeats: MethodRepeat[] = [];
  const timings: Record<string, number> = {};
  for (const seed of seeds) {
    env.ctx.signal.throwIfAborted();
    const seedEnv = stepEnvironment(env.store, seededContext(env.ctx, seed), timings);
    // The map layout is not needed here: asking for the clustering reduction twice makes the
    // second request a cache hit, so no 2-D layout is computed per seed.
    const reduced = await reduceFeatures(seedEnv, { reduce: config.reduce, layout: config.reduce, seed }, features);
    const clusterings = await clusterFeatures(seedEnv, config, reduced.reduced, `${features.method}.seed${seed}`);
    repeats.push({
      seed,
      clusterings: clusterings.map(({ minClusterSize, result }) => ({ minClusterSize, result })),
      matched: await matchedKmeans(reduced.reduced, ks, env.ctx, seed),
    });
  }
  return repeats;
}
