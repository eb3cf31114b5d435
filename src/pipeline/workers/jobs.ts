import { clusterers, type ClusterOptions } from '../../cluster/index.js';
import { reducers, type ReduceOptions } from '../../reduce/index.js';
import type { ClusterResult } from '../../types/analysis.js';
import { forStage, type StageContext } from '../../types/context.js';
import type { Matrix } from '../../util/matrix.js';

/**
 * One long CPU-bound step of an analysis, described by plain data so that it can run in this
 * thread or be posted to a worker and give the same result bit for bit: the implementation is
 * looked up by name in its registry, and its random numbers come from the stream `stage`
 * derives from the run's seed (never from whatever the caller's generator had drawn).
 */
export type AnalysisJob =
  | {
      readonly kind: 'reduce';
      readonly name: string;
      readonly options: Readonly<Record<string, unknown>>;
      readonly data: Matrix;
      /** Names the job's random stream, e.g. 'reduce:umap:5d'. */
      readonly stage: string;
    }
  | {
      readonly kind: 'cluster';
      readonly name: string;
      readonly options: ClusterOptions;
      readonly data: Matrix;
      readonly stage: string;
    };

export type AnalysisOutput<J extends AnalysisJob> = J extends { kind: 'reduce' } ? Matrix : ClusterResult;

/** The implementations registered by connote itself, captured before any plugin can add one: only these are known to a fresh worker. */
const BUILT_IN = {
  reduce: new Set(reducers.names()),
  cluster: new Set(clusterers.names()),
} as const;

export function isBuiltIn(job: Pick<AnalysisJob, 'kind' | 'name'>): boolean {
  return BUILT_IN[job.kind].has(job.name);
}

/** Runs a job in this thread: the same code a worker runs. */
export async function runJob<J extends AnalysisJob>(job: J, ctx: StageContext): Promise<AnalysisOutput<J>> {
  const stageCtx = forStage(ctx, job.stage);
  if (job.kind === 'reduce') {
    const reducer = reducers.get(job.name).create(job.options as ReduceOptions & Readonly<Record<string, unknown>>);
    return (await reducer.fitTransform(job.data, stageCtx)) as AnalysisOutput<J>;
  }
  const clusterer = clusterers.get(job.name).create(job.options as ClusterOptions);
  return (await clusterer.fit(job.data, stageCtx)) as AnalysisOutput<J>;
}
