/**
 * Interpretability tasks (the design half of the study; scoring is in
 * evaluate/statistics/interpretability.ts): for each cluster a rater sees m of its images and the
 * full, shuffled list of keyword summaries, and picks one.
 */
import { shuffleInPlace, type Random } from '../../util/random.js';
import { seededRandom } from '../statistics/bootstrap.js';
import { membersByCluster, type Clustering, type InterpretabilityKey, type InterpretabilityTask } from './types.js';

export type { InterpretabilityKey, InterpretabilityOption, InterpretabilityTask } from './types.js';

export interface InterpretabilityTaskOptions {
  /** Images shown per cluster (m); a smaller cluster shows all its images. */
  readonly imagesPerSet: number;
  readonly seed?: number;
  readonly random?: Random;
  /** Prefix of task ids (default 't'): t001, t002, ... */
  readonly taskIdPrefix?: string;
}

/**
 * One task per cluster of `clustering` (noise excluded): `imagesPerSet` of its images drawn without
 * replacement and every summary in `summaries` (cluster label -> keyword summary) shuffled anew.
 * Tasks are shuffled and numbered after shuffling, so the id does not reveal the cluster.
 */
export function createInterpretabilityTasks(
  clustering: Clustering,
  summaries: ReadonlyMap<number, string>,
  options: InterpretabilityTaskOptions,
): { tasks: InterpretabilityTask[]; key: InterpretabilityKey } {
  const m = options.imagesPerSet;
  if (!Number.isInteger(m) || m < 1) throw new Error(`imagesPerSet must be a positive integer, got ${m}`);
  const random = seededRandom(options);
  const members = membersByCluster(clustering);
  const clusters = [...members.keys()].sort((a, b) => a - b);
  for (const cluster of clusters) {
    if (!summaries.has(cluster)) throw new Error(`cluster ${cluster} has no keyword summary`);
  }
  if (summaries.size < 2) throw new Error('matching needs at least two summaries to choose from');
  const labels = [...summaries.keys()].sort((a, b) => a - b);

  shuffleInPlace(clusters, random);
  const width = Math.max(3, String(clusters.length).length);
  const prefix = options.taskIdPrefix ?? 't';
  const tasks: InterpretabilityTask[] = [];
  const keyTasks: Record<string, { cluster: number; options: Record<string, number> }> = {};
  clusters.forEach((cluster, t) => {
    const taskId = `${prefix}${String(t + 1).padStart(width, '0')}`;
    const images = shuffleInPlace([...members.get(cluster)!], random).slice(0, m);
    const order = shuffleInPlace([...labels], random);
    const optionKey: Record<string, number> = {};
    const taskOptions = order.map((label, i) => {
      optionKey[String(i + 1)] = label;
      return { optionId: String(i + 1), summary: summaries.get(label)! };
    });
    tasks.push({ taskId, images, options: taskOptions });
    keyTasks[taskId] = { cluster, options: optionKey };
  });
  return { tasks, key: { tasks: keyTasks, choices: labels.length } };
}

/** What the options of a study summarise each cluster by. */
export type SummaryKind = 'keywords' | 'names' | 'descriptions';

export const SUMMARY_KINDS: readonly SummaryKind[] = ['keywords', 'names', 'descriptions'];

/**
 * The text an option shows for each cluster: its top `keywordCount` keywords (the paper's
 * design), its model-written name, or its name and one-sentence description. Studies over the
 * same clustering and seed show the same image sets whatever the summaries, so keywords and
 * names can be compared task by task. Names must have been written first (`connote label`).
 */
export function clusterSummaryTexts(
  clusters: ReadonlyArray<{ readonly label: number; readonly keywords: ReadonlyArray<{ readonly term: string }>; readonly name?: string; readonly description?: string }>,
  kind: SummaryKind,
  keywordCount: number,
): Map<number, string> {
  if (!SUMMARY_KINDS.includes(kind)) throw new Error(`summaries must be one of ${SUMMARY_KINDS.join(', ')}, got '${kind}'`);
  return new Map(
    clusters.map((cluster) => {
      if (kind === 'keywords') return [cluster.label, cluster.keywords.slice(0, keywordCount).map((k) => k.term).join(', ')];
      if (cluster.name === undefined) throw new Error(`cluster ${cluster.label} has no name yet: run connote label first`);
      return [cluster.label, kind === 'names' ? cluster.name : `${cluster.name}: ${cluster.description ?? ''}`.trim()];
    }),
  );
}
