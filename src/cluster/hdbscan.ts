import type { StageContext } from '../types/context.js';
import type { Matrix } from '../util/matrix.js';
import {
  approximatePredict,
  fitHdbscan,
  resolveHdbscanOptions,
  type HdbscanModel,
  type HdbscanOptions,
  type Prediction,
} from './hdbscan/index.js';
import type { Clusterer, ClusterOptions, ClusterResult, ClustererSignature } from './types.js';

/** An HDBSCAN clusterer that keeps its last fit, for prediction and soft clustering. */
export interface HdbscanClusterer extends Clusterer {
  /** The model of the last `fit`, or null before the first. */
  readonly model: HdbscanModel | null;
  /** Labels and membership strengths for points outside the fit (hdbscan's approximate_predict). */
  predict(points: Matrix): Prediction;
}

export function createHdbscanClusterer(options: ClusterOptions): HdbscanClusterer {
  const hdbscanOptions = options as unknown as HdbscanOptions;
  const resolved = resolveHdbscanOptions(hdbscanOptions);
  // leafSize changes speed only, never the result, so it stays out of the cache signature.
  const { leafSize: _leafSize, ...params } = resolved;
  const signature: ClustererSignature = { clusterer: 'hdbscan', params };
  let model: HdbscanModel | null = null;
  return {
    name: 'hdbscan',
    signature,
    get model() {
      return model;
    },
    async fit(data: Matrix, ctx: StageContext): Promise<ClusterResult> {
      const task = ctx.progress.start('hdbscan', 5, 'stages');
      model = fitHdbscan(data, hdbscanOptions, {
        signal: ctx.signal,
        onStage: (stage) => task.tick(1, stage),
      });
      task.done(`${model.nClusters} clusters, ${model.labels.filter((l) => l < 0).length} noise points`);
      return {
        labels: model.labels,
        probabilities: model.probabilities,
        outlierScores: model.outlierScores,
        nClusters: model.nClusters,
      };
    },
    predict(points: Matrix): Prediction {
      if (!model) throw new Error('hdbscan: predict needs a fitted model; call fit first');
      return approximatePredict(model, points);
    },
  };
}
