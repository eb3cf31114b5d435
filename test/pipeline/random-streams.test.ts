import { afterAll, describe, expect, it } from 'vitest';
import { clusterers } from '../../src/cluster/index.js';
import { adjustedRandIndex } from '../../src/evaluate/statistics/ari.js';
import { stepEnvironment } from '../../src/pipeline/session.js';
import { clusterFeatures } from '../../src/pipeline/steps/cluster.js';
import { reduceFeatures } from '../../src/pipeline/steps/reduce.js';
import { virtualClock } from '../../src/providers/clock.js';
import { EndpointPool } from '../../src/providers/endpoint-pool.js';
import { MalformedResponseError } from '../../src/providers/errors.js';
import { callWithRetries, DEFAULT_RETRY_POLICY, retryContextFor } from '../../src/providers/retry.js';
import { openStore, type Store } from '../../src/store/index.js';
import { createContext, forStage, type StageContext } from '../../src/types/context.js';
import { createRandom, deriveRandom } from '../../src/util/random.js';
import type { Matrix } from '../../src/util/matrix.js';

/** Uniform points: no true clusters, so k-means' answer depends on where its centres start. */
function uniformPoints(n: number, dims: number, seed: number): Matrix {
  const random = createRandom(seed);
  return { rows: n, cols: dims, data: Float64Array.from({ length: n * dims }, () => random.next()) };
}

const stores: Store[] = [];
afterAll(() => stores.forEach((store) => store.close()));
const environment = (ctx: StageContext) => {
  const store = openStore(':memory:');
  stores.push(store);
  return stepEnvironment(store, ctx, {}, { execution: 'in-process' });
};

const kmeansConfig = { cluster: { name: 'kmeans', settings: { k: 6 }, minClusterSizes: [5, 10] } } as const;
const points = uniformPoints(300, 3, 11);

describe('each clusterer and reducer draws from a stream of its own', () => {
  it('(the hazard) three extra draws from a shared generator change a k-means clustering', async () => {
    const kmeans = clusterers.get('kmeans').create({ minClusterSize: 5, k: 6 });
    const fresh = await kmeans.fit(points, createContext({ seed: 42 }));
    const shifted = createContext({ seed: 42 });
    for (let i = 0; i < 3; i++) shifted.random.next();
    const after = await kmeans.fit(points, shifted);
    expect(adjustedRandIndex(fresh.labels, after.labels)).toBeLessThan(0.9);
  });

  it('so the cluster step gives the same k-means labels however much was drawn before it', async () => {
    const fresh = await clusterFeatures(environment(createContext({ seed: 42 })), kmeansConfig, points, 'descriptions');
    const shifted = createContext({ seed: 42 });
    for (let i = 0; i < 3; i++) shifted.random.next();
    const after = await clusterFeatures(environment(shifted), kmeansConfig, points, 'descriptions');
    expect(after.map((c) => Array.from(c.result.labels))).toEqual(fresh.map((c) => Array.from(c.result.labels)));
    // Each minimum size has a stream of its own too: the first clustering does not shift the second.
    const alone = await clusterFeatures(environment(createContext({ seed: 42 })), { cluster: { ...kmeansConfig.cluster, minClusterSizes: [10] } }, points, 'descriptions');
    expect(Array.from(alone[0].result.labels)).toEqual(Array.from(fresh[1].result.labels));
  });

  it('network retries (their jitter) never draw from the analysis streams', async () => {
    const ctx = createContext({ seed: 42 });
    const clock = virtualClock();
    const pool = new EndpointPool([{ url: 'http://a/v1', apiKey: 'k', concurrency: 1 }], { clock });
    let attempts = 0;
    await callWithRetries(retryContextFor({ pool, clock, policy: DEFAULT_RETRY_POLICY }, ctx), 1, async () => {
      if (++attempts <= 3) throw new MalformedResponseError('flaky proxy');
      return 'ok';
    });
    expect(clock.sleeps).toHaveLength(3); // three jittered backoffs were drawn...
    expect(ctx.random.next()).toBe(createContext({ seed: 42 }).random.next()); // ...none from ctx.random
    const after = await clusterFeatures(environment(ctx), kmeansConfig, points, 'descriptions');
    const fresh = await clusterFeatures(environment(createContext({ seed: 42 })), kmeansConfig, points, 'descriptions');
    expect(after.map((c) => Array.from(c.result.labels))).toEqual(fresh.map((c) => Array.from(c.result.labels)));
  });

  it('gives the same UMAP coordinates after extra draws elsewhere', async () => {
    const data = uniformPoints(120, 8, 5);
    const config = {
      reduce: { name: 'umap', nComponents: 3, nNeighbors: 10, minDist: 0, metric: 'cosine' as const, nEpochs: 50 },
      layout: { name: 'umap', nComponents: 2, nNeighbors: 10, minDist: 0.1, metric: 'cosine' as const, nEpochs: 50 },
      seed: 42,
    };
    const features = { matrix: data, key: 'k', method: 'descriptions' };
    const fresh = await reduceFeatures(environment(createContext({ seed: 42 })), config, features);
    const shifted = createContext({ seed: 42 });
    for (let i = 0; i < 3; i++) shifted.random.normal();
    const after = await reduceFeatures(environment(shifted), config, features);
    expect(after.reduced.data).toEqual(fresh.reduced.data);
    expect(after.layout.data).toEqual(fresh.layout.data);
  });

  it('derives a stream from the seed and the name only', () => {
    const a = forStage(createContext({ seed: 7 }), 'cluster:kmeans:mcs5');
    const b = forStage(createContext({ seed: 7 }), 'cluster:kmeans:mcs5');
    expect(Array.from({ length: 4 }, () => a.random.uint32())).toEqual(Array.from({ length: 4 }, () => b.random.uint32()));
    expect(deriveRandom(7, 'cluster:kmeans:mcs5').uint32()).not.toBe(deriveRandom(7, 'cluster:kmeans:mcs10').uint32());
    expect(deriveRandom(7, 'x').uint32()).not.toBe(deriveRandom(8, 'x').uint32());
    // Golden: a change here would silently change every published k-means result.
    expect(deriveRandom(42, 'cluster:kmeans:mcs5').uint32()).toMatchInlineSnapshot(`138445862`);
  });
});
