import { stringify } from 'csv-stringify/sync';
import type { Hono } from 'hono';
import { SUMMARY_KINDS, type SummaryKind } from '../../evaluate/coding/interpretability-tasks.js';
import { startInterpretabilityStudy, StudySetupError } from '../../evaluate/study/interpretability-study.js';
import { coderOf, optionalCoder } from '../coder.js';
import { sendCodingImage } from '../coding-images.js';
import type { WebContext } from '../context.js';
import { csvResponse, fail, integer, jsonBody, reply } from '../http.js';
import type { WebEnv } from '../security.js';
import { clusteringJson } from '../summaries.js';
import type { SavedStudyChoice, StudyCreated, StudyDetail, StudyListing } from '../contract.js';

/**
 * Interpretability coding: a set of images from one cluster and every cluster's keyword summary,
 * shuffled; the coder picks the summary that fits. Tasks come from the evaluate module's
 * `startInterpretabilityStudy`; the answer key never leaves the store for a coder.
 */
export function registerStudyRoutes(app: Hono<WebEnv>, ctx: WebContext): void {
  registerStudySetupRoutes(app, ctx);
  registerStudyCodingRoutes(app, ctx);
  registerStudyExportRoutes(app, ctx);
}

function studyFinder(ctx: WebContext) {
  return (value: string) => {
    const id = integer(value, 'study id', { min: 0 });
    const study = ctx.store.interpretability.study(id);
    if (!study) fail(404, `no interpretability study ${id}`);
    return study;
  };
}

/** The list of studies with this coder's progress, and setting a new one up. */
function registerStudySetupRoutes(app: Hono<WebEnv>, ctx: WebContext): void {
  const { store } = ctx;
  app.get('/api/coding/studies', (c) => {
    const coder = optionalCoder(c, ctx);
    return reply<StudyListing[]>(
      c,
      store.interpretability.studies().map((study) => {
        const clustering = store.clusterings.get(study.clusteringId);
        return {
          id: study.id,
          summaries: study.summaries,
          imagesPerSet: study.imagesPerSet,
          tasks: study.tasks,
          choices: study.choices,
          done: coder ? store.interpretability.choices(study.id, coder).length : null,
          clustering: ctx.blind || !clustering ? null : clusteringJson(clustering),
        };
      }),
    );
  });

  app.post('/api/coding/studies', async (c) => {
    if (ctx.blind) fail(403, 'blind mode: studies are set up by the researcher');
    const body = await jsonBody(c);
    const clusteringId = integer(String(body.clusteringId ?? ''), 'clusteringId', { min: 0 });
    const imagesPerSet = integer(String(body.imagesPerSet ?? 6), 'imagesPerSet', { min: 1, max: 50 });
    const seed = integer(String(body.seed ?? 42), 'seed', { min: 0, max: 2 ** 31 - 1 });
    const summaries = body.summaries ?? 'keywords';
    if (!SUMMARY_KINDS.includes(summaries as SummaryKind)) fail(400, `summaries must be one of ${SUMMARY_KINDS.join(', ')}`);
    let id: number;
    try {
      id = startInterpretabilityStudy(store, clusteringId, { imagesPerSet, seed, summaries: summaries as SummaryKind });
    } catch (error) {
      if (error instanceof StudySetupError) fail(error.reason === 'not-found' ? 404 : 409, error.message);
      if (error instanceof Error && /has no name yet/.test(error.message)) fail(409, error.message);
      throw error;
    }
    return reply<StudyCreated>(c, store.interpretability.study(id)!, 201);
  });
}

/** One study's tasks (the key stays in the store), their images, and saving a choice. */
function registerStudyCodingRoutes(app: Hono<WebEnv>, ctx: WebContext): void {
  const { store } = ctx;
  const studyOf = studyFinder(ctx);

  app.get('/api/coding/studies/:id', (c) => {
    const study = studyOf(c.req.param('id'));
    const coder = optionalCoder(c, ctx);
    const choices = coder ? store.interpretability.choices(study.id, coder) : [];
    return reply<StudyDetail>(c, {
      id: study.id,
      imagesPerSet: study.imagesPerSet,
      coder: coder ?? null,
      blind: ctx.blind,
      tasks: store.interpretability.tasks(study.id).map((task) => ({
        taskId: task.taskId,
        images: task.images.map((itemId, n) => ({
          src: `/api/coding/studies/${study.id}/tasks/${encodeURIComponent(task.taskId)}/images/${n}`,
          ...(ctx.blind ? {} : { id: itemId }),
        })),
        options: task.options,
      })),
      choices: Object.fromEntries(choices.map((choice) => [choice.taskId, choice.choice])),
    });
  });

  app.get('/api/coding/studies/:id/tasks/:taskId/images/:n', (c) => {
    const study = studyOf(c.req.param('id'));
    const task = store.interpretability.task(study.id, c.req.param('taskId'));
    if (!task) fail(404, 'no such task');
    const n = integer(c.req.param('n'), 'image number', { min: 0, max: task.images.length - 1 });
    return sendCodingImage(c, ctx, task.images[n]);
  });

  app.post('/api/coding/studies/:id/tasks/:taskId/choice', async (c) => {
    const study = studyOf(c.req.param('id'));
    const taskId = c.req.param('taskId');
    const task = store.interpretability.task(study.id, taskId);
    if (!task) fail(404, 'no such task');
    const body = await jsonBody(c);
    const coder = coderOf(c, ctx, body.coder);
    const choice = body.choice;
    if (choice !== null && (typeof choice !== 'string' || !task.options.some((o) => o.optionId === choice))) {
      fail(400, `choice must be one of the task's option ids (1..${task.options.length}) or null to skip`);
    }
    return reply<SavedStudyChoice>(c, store.interpretability.choose(study.id, taskId, coder, choice));
  });
}

/** The answers (per coder with tokens) and, for the researcher, the answer key, as CSV. */
function registerStudyExportRoutes(app: Hono<WebEnv>, ctx: WebContext): void {
  const { store } = ctx;
  const studyOf = studyFinder(ctx);

  /** `task_id,rater,choice`: the responses `scoreInterpretability` reads (an empty choice is a skip). */
  app.get('/api/coding/studies/:id/choices.csv', (c) => {
    const study = studyOf(c.req.param('id'));
    const coder = optionalCoder(c, ctx);
    const rows = store.interpretability.choices(study.id, coder).map((choice) => [choice.taskId, choice.coder, choice.choice ?? '']);
    return csvResponse(c, stringify(rows, { header: true, columns: ['task_id', 'rater', 'choice'] }), `interpretability-${study.id}-choices.csv`);
  });

  /** The answer key, for the researcher: which cluster each task shows and each option summarises. */
  app.get('/api/coding/studies/:id/key.csv', (c) => {
    if (ctx.blind) fail(403, 'blind mode: the answer key is not served');
    const study = studyOf(c.req.param('id'));
    const key = store.interpretability.key(study.id);
    const rows = store.interpretability.tasks(study.id).flatMap((task) =>
      task.options.map((option) => [task.taskId, key.tasks[task.taskId].cluster, option.optionId, key.tasks[task.taskId].options[option.optionId], option.summary]),
    );
    return csvResponse(
      c,
      stringify(rows, { header: true, columns: ['task_id', 'cluster', 'option_id', 'option_cluster', 'summary'] }),
      `interpretability-${study.id}-key.csv`,
    );
  });
}
