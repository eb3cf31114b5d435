import type Database from 'better-sqlite3';
import type { InterpretabilityKey, InterpretabilityTask } from '../types/coding.js';
import { now } from './codec.js';

export interface NewStudy {
  readonly clusteringId: number;
  readonly imagesPerSet: number;
  readonly seed: number;
  readonly tasks: readonly InterpretabilityTask[];
  readonly key: InterpretabilityKey;
  /** What the options summarise clusters by: their keywords (default) or their names. */
  readonly summaries?: string;
}

export interface StudyRecord {
  readonly id: number;
  readonly clusteringId: number;
  readonly imagesPerSet: number;
  readonly seed: number;
  readonly choices: number;
  readonly tasks: number;
  readonly createdAt: string;
  /** keywords, names or descriptions: what the options show. */
  readonly summaries: string;
}

export interface StoredChoice {
  readonly taskId: string;
  readonly coder: string;
  /** The optionId picked, or null when the coder skipped the task. */
  readonly choice: string | null;
  readonly updatedAt: string;
}

interface ChoiceRow {
  task_id: string;
  coder: string;
  choice: string | null;
  updated_at: string;
}

const toTask = (row: { task_id: string; images: string; options: string }): InterpretabilityTask => ({
  taskId: row.task_id,
  images: JSON.parse(row.images) as string[],
  options: JSON.parse(row.options) as Array<{ optionId: string; summary: string }>,
});

const toChoice = (row: ChoiceRow): StoredChoice => ({ taskId: row.task_id, coder: row.coder, choice: row.choice, updatedAt: row.updated_at });

/**
 * Interpretability studies: image sets of one clustering matched by coders to shuffled keyword
 * summaries. The answer key stays in the store; coders only ever receive tasks.
 */
export class InterpretabilityRepository {
  constructor(private readonly db: Database.Database) {}

  createStudy(study: NewStudy): number {
    return this.db.transaction(() => {
      const info = this.db
        .prepare('INSERT INTO interpretability_studies (clustering_id, images_per_set, seed, choices, created_at, summaries) VALUES (?, ?, ?, ?, ?, ?)')
        .run(study.clusteringId, study.imagesPerSet, study.seed, study.key.choices, now(), study.summaries ?? 'keywords');
      const id = Number(info.lastInsertRowid);
      const insert = this.db.prepare(
        `INSERT INTO interpretability_tasks (study_id, task_id, position, cluster, images, options, option_clusters)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      );
      study.tasks.forEach((task, position) => {
        const answer = study.key.tasks[task.taskId];
        if (!answer) throw new Error(`task '${task.taskId}' has no entry in the answer key`);
        insert.run(
          id,
          task.taskId,
          position,
          answer.cluster,
          JSON.stringify(task.images),
          JSON.stringify(task.options.map((o) => ({ optionId: o.optionId, summary: o.summary }))),
          JSON.stringify(answer.options),
        );
      });
      return id;
    })();
  }

  studies(): StudyRecord[] {
    return (
      this.db
        .prepare(
          `SELECT s.id, s.clustering_id, s.images_per_set, s.seed, s.choices, s.created_at, s.summaries,
                  (SELECT COUNT(*) FROM interpretability_tasks t WHERE t.study_id = s.id) AS tasks
           FROM interpretability_studies s ORDER BY s.id`,
        )
        .all() as Array<{
        id: number;
        clustering_id: number;
        images_per_set: number;
        seed: number;
        choices: number;
        created_at: string;
        tasks: number;
        summaries: string;
      }>
    ).map((row) => ({
      id: row.id,
      clusteringId: row.clustering_id,
      imagesPerSet: row.images_per_set,
      seed: row.seed,
      choices: row.choices,
      tasks: row.tasks,
      createdAt: row.created_at,
      summaries: row.summaries,
    }));
  }

  study(id: number): StudyRecord | undefined {
    return this.studies().find((s) => s.id === id);
  }

  /** What coders see, in the study's order: never the clusters. */
  tasks(studyId: number): InterpretabilityTask[] {
    return (
      this.db.prepare('SELECT task_id, images, options FROM interpretability_tasks WHERE study_id = ? ORDER BY position').all(studyId) as Array<{
        task_id: string;
        images: string;
        options: string;
      }>
    ).map(toTask);
  }

  task(studyId: number, taskId: string): InterpretabilityTask | undefined {
    const row = this.db
      .prepare('SELECT task_id, images, options FROM interpretability_tasks WHERE study_id = ? AND task_id = ?')
      .get(studyId, taskId) as { task_id: string; images: string; options: string } | undefined;
    return row ? toTask(row) : undefined;
  }

  /** The answer key, in the shape `scoreInterpretability` takes. */
  key(studyId: number): InterpretabilityKey {
    const study = this.study(studyId);
    if (!study) throw new RangeError(`no interpretability study ${studyId}`);
    const rows = this.db
      .prepare('SELECT task_id, cluster, option_clusters FROM interpretability_tasks WHERE study_id = ? ORDER BY position')
      .all(studyId) as Array<{ task_id: string; cluster: number; option_clusters: string }>;
    const tasks: Record<string, { cluster: number; options: Record<string, number> }> = {};
    for (const row of rows) tasks[row.task_id] = { cluster: row.cluster, options: JSON.parse(row.option_clusters) as Record<string, number> };
    return { tasks, choices: study.choices };
  }

  /** Records a coder's pick (an optionId of that task, or null to skip); returns the stored row. */
  choose(studyId: number, taskId: string, coder: string, choice: string | null): StoredChoice {
    const task = this.task(studyId, taskId);
    if (!task) throw new RangeError(`no task '${taskId}' in study ${studyId}`);
    if (choice !== null && !task.options.some((o) => o.optionId === choice)) {
      throw new RangeError(`task '${taskId}' has no option '${choice}' (options 1..${task.options.length})`);
    }
    this.db
      .prepare(
        `INSERT INTO interpretability_choices (study_id, task_id, coder, choice, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (study_id, task_id, coder) DO UPDATE SET choice = excluded.choice, updated_at = excluded.updated_at`,
      )
      .run(studyId, taskId, coder, choice, now());
    return this.choices(studyId, coder).find((c) => c.taskId === taskId) as StoredChoice;
  }

  /** Choices in task order, then by coder; only `coder`'s when given. */
  choices(studyId: number, coder?: string): StoredChoice[] {
    return (
      this.db
        .prepare(
          `SELECT c.task_id, c.coder, c.choice, c.updated_at
           FROM interpretability_choices c JOIN interpretability_tasks t ON t.study_id = c.study_id AND t.task_id = c.task_id
           WHERE c.study_id = @studyId AND (@coder IS NULL OR c.coder = @coder) ORDER BY t.position, c.coder`,
        )
        .all({ studyId, coder: coder ?? null }) as ChoiceRow[]
    ).map(toChoice);
  }
}
