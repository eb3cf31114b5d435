import type { Store } from '../../store/index.js';
import { clusterSummaryTexts, createInterpretabilityTasks, type SummaryKind } from '../coding/interpretability-tasks.js';
import { scoreInterpretability, type InterpretabilityScore } from '../statistics/interpretability.js';

/** Keywords per summary shown to coders. */
export const SUMMARY_KEYWORDS = 6;

/** Why a study cannot be started: the caller decides how to report it (HTTP status, CLI error). */
export class StudySetupError extends Error {
  constructor(
    message: string,
    readonly reason: 'not-found' | 'too-few-clusters',
  ) {
    super(message);
    this.name = 'StudySetupError';
  }
}

/**
 * Starts an interpretability study over a stored clustering: one task per cluster (m of its
 * images and every cluster's keyword summary, shuffled), with the answer key kept in the store.
 * Used by `connote serve` and `connote interpretability create` alike.
 */
export function startInterpretabilityStudy(store: Store, clusteringId: number, options: { imagesPerSet: number; seed: number; summaries?: SummaryKind }): number {
  const clustering = store.clusterings.get(clusteringId);
  if (!clustering) throw new StudySetupError(`no clustering ${clusteringId}`, 'not-found');
  const clusters = store.clusterings.clusters(clustering.id);
  if (clusters.length < 2) throw new StudySetupError('a study needs a clustering with at least two clusters', 'too-few-clusters');
  const labels = new Map(store.clusterings.assignments(clustering.id).map((a) => [a.itemId, a.label]));
  const kind = options.summaries ?? 'keywords';
  const summaries = clusterSummaryTexts(clusters, kind, SUMMARY_KEYWORDS);
  const { tasks, key } = createInterpretabilityTasks(labels, summaries, options);
  return store.interpretability.createStudy({ clusteringId: clustering.id, imagesPerSet: options.imagesPerSet, seed: options.seed, tasks, key, summaries: kind });
}

/** Scores a study's stored choices against its key (precision, recall, chance, kappas). */
export function scoreStudy(store: Store, studyId: number, merge: readonly (readonly number[])[] = []): InterpretabilityScore {
  if (!store.interpretability.study(studyId)) throw new StudySetupError(`no interpretability study ${studyId}`, 'not-found');
  const responses = store.interpretability.choices(studyId).map((c) => ({ taskId: c.taskId, rater: c.coder, choice: c.choice }));
  return scoreInterpretability(store.interpretability.key(studyId), responses, { merge });
}
