/**
 * Interpretability of clusters: can a person tell which keyword summary belongs to a cluster from a
 * handful of its images? For each cluster a rater sees m of its images and the full, shuffled list
 * of keyword summaries, and picks one. Scores are precision and recall per cluster and overall,
 * against the chance of guessing, with agreement between raters; clusters that a study judges to be
 * one theme can be merged before scoring (Arminio et al. 2025 report 0.83, rising to 0.87 after
 * merging adjacent clusters, against a chance level of about 0.03).
 *
 * The design follows the matching task of Chang et al. (2009, "Reading tea leaves: how humans
 * interpret topic models", NIPS 22) turned around: the intruder is replaced by a choice of label.
 */
import { UndefinedStatisticError } from '../../types/errors.js';
import type { InterpretabilityKey } from '../../types/coding.js';
import { agreementTable, cohenKappa, fleissKappa, fleissTable, type CohenKappa, type FleissKappa } from './kappa.js';

/** One rater's answer to one task; `choice` is an optionId, or null when the rater skipped it. */
export interface InterpretabilityResponse {
  readonly taskId: string;
  readonly rater: string;
  readonly choice: string | null;
}

export interface InterpretabilityScoreOptions {
  /** Groups of cluster labels to score as one cluster, e.g. [[3, 4]] when 3 and 4 are one theme. */
  readonly merge?: readonly (readonly number[])[];
}

export interface ClusterInterpretability {
  /** The cluster label, or the merged labels joined by '+'. */
  readonly cluster: string;
  /** Answers on this cluster's image sets. */
  readonly shown: number;
  /** Answers that picked this cluster's summary. */
  readonly chosen: number;
  readonly correct: number;
  /** correct / chosen (NaN if never chosen). */
  readonly precision: number;
  /** correct / shown (skips count as misses). */
  readonly recall: number;
}

export interface InterpretabilityScore {
  readonly clusters: ClusterInterpretability[];
  /** Correct / answered: the paper's headline figure. */
  readonly precision: number;
  /** Correct / all tasks shown (skips count as misses). */
  readonly recall: number;
  readonly macroPrecision: number;
  readonly macroRecall: number;
  /** Expected precision of a rater who picks a summary uniformly at random (1/K without merging). */
  readonly chance: number;
  readonly responses: number;
  readonly skipped: number;
  readonly raters: string[];
  /** Cohen's kappa when there are exactly two raters; null when undefined or not two raters. */
  readonly cohenKappa: CohenKappa | null;
  /** Fleiss' kappa over the tasks every rater answered; null when undefined or fewer than two raters. */
  readonly fleissKappa: FleissKappa | null;
}

/** Maps each label to its merged group name; labels in no group stand alone. */
function mergedNames(labels: readonly number[], merge: readonly (readonly number[])[]): Map<number, string> {
  const known = new Set(labels);
  const names = new Map(labels.map((label) => [label, String(label)]));
  const grouped = new Set<number>();
  for (const group of merge) {
    if (group.length < 2) throw new Error(`a merge group needs two or more clusters, got [${group.join(', ')}]`);
    const name = [...group].sort((a, b) => a - b).join('+');
    for (const label of group) {
      if (!known.has(label)) throw new Error(`cannot merge cluster ${label}: no task or summary has it`);
      if (grouped.has(label)) throw new Error(`cluster ${label} is in more than one merge group`);
      grouped.add(label);
      names.set(label, name);
    }
  }
  return names;
}

function orNull<T>(compute: () => T): T | null {
  try {
    return compute();
  } catch (error) {
    if (error instanceof UndefinedStatisticError) return null;
    throw error;
  }
}

/** Scores raters' matches of image sets to summaries against the key. */
export function scoreInterpretability(
  key: InterpretabilityKey,
  responses: readonly InterpretabilityResponse[],
  options: InterpretabilityScoreOptions = {},
): InterpretabilityScore {
  const taskIds = Object.keys(key.tasks).sort();
  const labels = new Set<number>();
  for (const id of taskIds) {
    labels.add(key.tasks[id].cluster);
    for (const label of Object.values(key.tasks[id].options)) labels.add(label);
  }
  const names = mergedNames([...labels], options.merge ?? []);
  const groupSize = new Map<string, number>();
  for (const name of names.values()) groupSize.set(name, (groupSize.get(name) ?? 0) + 1);

  const raters: string[] = [];
  const answers = new Map<string, Map<string, string | null>>(); // rater -> task -> merged name chosen
  const shown = new Map<string, number>();
  const chosen = new Map<string, number>();
  const correct = new Map<string, number>();
  let skipped = 0;
  let chanceSum = 0;
  const bump = (counts: Map<string, number>, name: string): void => void counts.set(name, (counts.get(name) ?? 0) + 1);

  for (const response of responses) {
    const task = Object.hasOwn(key.tasks, response.taskId) ? key.tasks[response.taskId] : undefined;
    if (!task) throw new Error(`rater '${response.rater}' answered task '${response.taskId}', which is not in the key`);
    if (!answers.has(response.rater)) {
      answers.set(response.rater, new Map());
      raters.push(response.rater);
    }
    const byTask = answers.get(response.rater)!;
    if (byTask.has(response.taskId)) throw new Error(`rater '${response.rater}' answered task '${response.taskId}' twice`);
    const truth = names.get(task.cluster)!;
    bump(shown, truth);
    chanceSum += groupSize.get(truth)! / key.choices;
    if (response.choice === null || response.choice === undefined || response.choice === '') {
      byTask.set(response.taskId, null);
      skipped++;
      continue;
    }
    const label = Object.hasOwn(task.options, response.choice) ? task.options[response.choice] : undefined;
    if (label === undefined) {
      throw new Error(`rater '${response.rater}' chose option '${response.choice}' in task '${response.taskId}', which has options 1..${key.choices}`);
    }
    const pick = names.get(label)!;
    byTask.set(response.taskId, pick);
    bump(chosen, pick);
    if (pick === truth) bump(correct, truth);
  }

  const groups = [...new Set(taskIds.map((id) => names.get(key.tasks[id].cluster)!))].sort((a, b) =>
    a.localeCompare(b, 'en', { numeric: true }),
  );
  const clusters = groups.map((cluster) => {
    const c = correct.get(cluster) ?? 0;
    const s = shown.get(cluster) ?? 0;
    const ch = chosen.get(cluster) ?? 0;
    return { cluster, shown: s, chosen: ch, correct: c, precision: ch > 0 ? c / ch : Number.NaN, recall: s > 0 ? c / s : Number.NaN };
  });
  const totalCorrect = clusters.reduce((sum, c) => sum + c.correct, 0);
  const answered = responses.length - skipped;
  const mean = (values: number[]): number => {
    const defined = values.filter(Number.isFinite);
    return defined.length > 0 ? defined.reduce((s, x) => s + x, 0) / defined.length : Number.NaN;
  };

  const ratingsPerRater = raters.map((rater) => taskIds.map((id) => answers.get(rater)!.get(id) ?? null));
  const cohen =
    raters.length === 2
      ? orNull(() => cohenKappa(agreementTable(ratingsPerRater[0], ratingsPerRater[1]).counts))
      : null;
  const fleiss = raters.length >= 2 ? orNull(() => fleissKappa(fleissTable(ratingsPerRater).counts)) : null;

  return {
    clusters,
    precision: answered > 0 ? totalCorrect / answered : Number.NaN,
    recall: responses.length > 0 ? totalCorrect / responses.length : Number.NaN,
    macroPrecision: mean(clusters.map((c) => c.precision)),
    macroRecall: mean(clusters.map((c) => c.recall)),
    chance: responses.length > 0 ? chanceSum / responses.length : Number.NaN,
    responses: responses.length,
    skipped,
    raters,
    cohenKappa: cohen,
    fleissKappa: fleiss,
  };
}
