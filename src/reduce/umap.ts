import type { StageContext } from '../types/context.js';
import type { Matrix } from '../util/matrix.js';
import { createRandom } from '../util/random.js';
import { readSettings, setting, settingsSchema } from '../util/settings.js';
import { REDUCE_COMMON_SETTINGS } from './settings.js';
import type { ReduceOptions, Reducer, ReducerFactory } from './types.js';
import { defaultEpochCount, fitUmap, type UmapInit } from './umap/fit.js';

/** Options beyond ReduceOptions that also change the result (all recorded in the signature). */
export interface UmapReducerOptions extends ReduceOptions {
  /** Default 1. */
  readonly spread?: number;
  /** Default: 500 up to 10,000 points, 200 beyond (umap-learn). */
  readonly nEpochs?: number;
  /** Default 'spectral'. */
  readonly init?: UmapInit;
  /** Exact neighbours below this many points (default 4096, as umap-learn); 0 always approximates. */
  readonly exactBelow?: number;
  /**
   * Parts the layout's SGD is split into, each run by its own thread where there are cores
   * (default: 1 below 4,096 points, which is umap-learn's sequential loop, else 2). It changes
   * the result, so it is in the signature.
   */
  readonly layoutParts?: number;
  /** Threads for the neighbour search and the layout; the result does not depend on it, so it is not in the signature. */
  readonly threads?: number;
}

/** BERTopic's settings for clustering: 5 components, 15 neighbours, tight packing, cosine. */
export const clusteringUmapDefaults: ReduceOptions = { nComponents: 5, nNeighbors: 15, minDist: 0, metric: 'cosine' };
/** The 2-D map: the same neighbourhoods, loosely packed so points stay readable. */
export const mapUmapDefaults: ReduceOptions = { nComponents: 2, nNeighbors: 15, minDist: 0.1, metric: 'cosine' };

export const UMAP_SETTINGS = settingsSchema({
  ...REDUCE_COMMON_SETTINGS,
  spread: setting.number({ above: 0 }),
  nEpochs: setting.integer({ min: 1 }),
  init: setting.choice(['spectral', 'random']),
  exactBelow: setting.integer({ min: 0 }),
  layoutParts: setting.integer({ min: 1, max: 64 }),
  threads: setting.integer({ min: 1 }),
});

/**
 * UMAP as a Reducer. Defaults follow BERTopic for clustering (15 neighbours, 5 components,
 * minDist 0, cosine); the map uses a separate 2-D layout with minDist 0.1.
 */
export function createUmapReducer(given: UmapReducerOptions): Reducer {
  const values = readSettings("reducer 'umap'", UMAP_SETTINGS, given as unknown as Readonly<Record<string, unknown>>);
  const options: UmapReducerOptions = { ...clusteringUmapDefaults, ...definedOnly(values) };
  const params = {
    nComponents: options.nComponents,
    nNeighbors: options.nNeighbors,
    minDist: options.minDist,
    metric: options.metric,
    spread: options.spread ?? 1,
    nEpochs: options.nEpochs ?? null,
    init: options.init ?? 'spectral',
    exactBelow: options.exactBelow ?? 4096,
    // null: the default for the number of points (defaultLayoutParts).
    layoutParts: options.layoutParts ?? null,
    // null: the context's seed, which the caller's cache key must then include.
    seed: options.seed ?? null,
  };
  return {
    name: 'umap',
    signature: { reducer: 'umap', params },
    async fitTransform(data: Matrix, ctx: StageContext): Promise<Matrix> {
      const seed = options.seed ?? ctx.seed;
      const epochsTask = ctx.progress.start('UMAP layout', options.nEpochs ?? defaultEpochCount(data.rows), 'epochs');
      const { embedding, layout } = fitUmap(data, {
        nComponents: options.nComponents,
        nNeighbors: options.nNeighbors,
        minDist: options.minDist,
        metric: options.metric,
        spread: options.spread,
        nEpochs: options.nEpochs,
        init: options.init,
        exactBelow: options.exactBelow,
        layoutParts: options.layoutParts,
        threads: options.threads,
        random: createRandom(seed),
        onProgress: (stage, detail) => {
          if (ctx.signal.aborted) throw ctx.signal.reason ?? new Error('UMAP aborted');
          if (stage === 'epoch') epochsTask.tick(1);
          else ctx.logger.debug(`UMAP ${stage}: ${detail}`);
        },
        onWarning: (message) => ctx.logger.warn(`UMAP: ${message}`),
      });
      epochsTask.done();
      ctx.logger.debug(`UMAP layout: ${layout.parts} part${layout.parts === 1 ? '' : 's'} on ${layout.threads} thread${layout.threads === 1 ? '' : 's'}`);
      return embedding;
    },
  };
}

function definedOnly<T extends Record<string, unknown>>(record: T): Partial<T> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export const umapFactory: ReducerFactory = (options) => createUmapReducer(options as UmapReducerOptions);
