import { getJson, postJson, type StudyDetail, type StudyListing } from '../api.js';
import { SaveQueue } from '../coding/save-queue.js';
import { StudySession } from '../coding/study-session.js';
import { h, replace } from '../dom.js';
import { href, searchString } from '../router.js';
import { clusteringName, clusteringSelect, defaultClustering, showError, type AppContext, type View } from './common.js';
import { typingInField, withCoder } from './coder.js';
import { codingHeader, mountCodingPage } from './coding-header.js';

const coderQuery = (app: AppContext, coder: string): string => searchString({ coder: app.overview.tokens ? undefined : coder });

/** The interpretability studies: progress per study, and (not blind) setting one up. */
export const studiesView: View = async (root, _route, app) => {
  withCoder(root, app, (coder) => void list(coder).catch((error) => showError(root, error)));

  async function list(coder: string): Promise<void> {
    const studies = await getJson<StudyListing[]>(`/api/coding/studies${coderQuery(app, coder)}`);
    const clusterings = app.overview.clusterings ?? [];
    let chosen = defaultClustering(clusterings)?.id;
    const imagesInput = h('input', { type: 'number', min: '1', max: '50', value: '6', aria: { label: 'Images per set' } });
    const seedInput = h('input', { type: 'number', min: '0', value: '42', aria: { label: 'Seed' } });
    const message = h('p', { className: 'muted' });
    const setup =
      app.overview.blind || clusterings.length === 0
        ? null
        : h(
            'form',
            {
              className: 'card setup',
              on: {
                submit: (event) => {
                  event.preventDefault();
                  message.textContent = 'Creating…';
                  postJson('/api/coding/studies', { clusteringId: chosen, imagesPerSet: Number(imagesInput.value), seed: Number(seedInput.value) })
                    .then(() => list(coder))
                    .catch((error: Error) => (message.textContent = error.message));
                },
              },
            },
            h('h2', null, 'New study'),
            h('p', { className: 'muted' }, 'One task per cluster: a set of its images and every cluster\u2019s keyword summary, shuffled. Coders pick the summary that fits.'),
            h(
              'div',
              { className: 'toolbar' },
              clusteringSelect(clusterings, chosen, (id) => (chosen = id)),
              h('label', { className: 'field' }, h('span', null, 'Images per set'), imagesInput),
              h('label', { className: 'field' }, h('span', null, 'Seed'), seedInput),
              h('button', { type: 'submit', className: 'primary' }, 'Create study'),
            ),
            message,
          );
    replace(
      root,
      h(
        'div',
        { className: 'page' },
        h('header', { className: 'page-header' }, h('h1', null, 'Interpretability'), h('p', { className: 'lede' }, 'Can a person tell which keyword summary belongs to a set of images? Each answer is saved as you give it.')),
        studies.length === 0
          ? h('p', { className: 'notice' }, app.overview.blind ? 'No study has been set up yet.' : 'No study yet: create one below.')
          : h(
              'ul',
              { className: 'study-list' },
              ...studies.map((study) =>
                h(
                  'li',
                  { className: 'card' },
                  h('h2', null, `Study ${study.id}`, study.clustering ? h('small', null, clusteringName(study.clustering)) : null),
                  h('p', null, `${study.tasks} tasks · ${study.imagesPerSet} images each · ${study.choices} summaries to choose from`),
                  h('p', null, `You have answered ${study.done ?? 0} of ${study.tasks}.`),
                  h(
                    'div',
                    { className: 'row' },
                    h('a', { className: 'button primary', href: href(['code', 'study', study.id]) }, (study.done ?? 0) > 0 ? 'Continue' : 'Start'),
                    h('a', { className: 'button', href: `/api/coding/studies/${study.id}/choices.csv${coderQuery(app, coder)}` }, 'Export answers (CSV)'),
                    app.overview.blind ? null : h('a', { className: 'button', href: `/api/coding/studies/${study.id}/key.csv` }, 'Answer key (CSV)'),
                  ),
                ),
              ),
            ),
        setup,
      ),
    );
  }
};

/**
 * One study, keyboard only: 1-9 pick a summary, arrows move, Enter picks, S skips, Backspace goes
 * back. Each answer is saved the moment it is given.
 */
export const studyView: View = async (root, route, app) => {
  let cleanup: (() => void) | undefined;
  withCoder(root, app, (coder) => void start(coder).catch((error) => showError(root, error)));
  return () => cleanup?.();

  async function start(coder: string): Promise<void> {
    const studyId = Number(route.path[2]);
    const study = await getJson<StudyDetail>(`/api/coding/studies/${studyId}${coderQuery(app, coder)}`);
    const session = new StudySession(study.tasks, study.choices);
    const stage = h('div', { className: 'study-stage' });
    const header = codingHeader(h('span', null, h('a', { href: href(['code', 'studies']) }, 'Interpretability'), ` · study ${studyId}`), coder, study.blind);
    const queue = new SaveQueue(`connote.pending.study${studyId}.${coder}`, (state) => header.saveState(state));

    function pick(position: number | null): void {
      const answer = session.choose(position);
      if (!answer) return;
      queue.add({
        url: `/api/coding/studies/${studyId}/tasks/${encodeURIComponent(answer.taskId)}/choice`,
        body: { coder, choice: answer.choice },
      });
      render();
    }

    function render(): void {
      header.progress(session.answeredCount, session.total, 'sets answered');
      if (session.done) {
        replace(stage, h('div', { className: 'notice done' }, h('h2', null, 'All sets are answered. Thank you!'), h('p', null, 'Press Backspace to revise the last answer.')));
        return;
      }
      const task = study.tasks[session.index];
      const answer = session.answerOf(task.taskId);
      stage.dataset.task = task.taskId;
      replace(
        stage,
        h('p', { className: 'pair-number' }, `Set ${session.index + 1} of ${session.total}`),
        h('div', { className: 'set-images' }, ...task.images.map((image, n) => h('figure', null, h('img', { src: image.src, alt: `Image ${n + 1} of the set` })))),
        h('h3', null, 'Which summary describes these images best?'),
        h(
          'ol',
          { className: 'options', role: 'listbox', aria: { label: 'Keyword summaries' } },
          ...task.options.map((option, position) => {
            const li = h(
              'li',
              {
                role: 'option',
                className: `${position === session.cursor ? 'cursor' : ''} ${answer === option.optionId ? 'chosen' : ''}`,
                aria: { selected: String(position === session.cursor) },
                on: { click: () => pick(position) },
              },
              h('kbd', null, position < 9 ? String(position + 1) : '↵'),
              h('span', null, option.summary),
            );
            return li;
          }),
        ),
      );
      stage.querySelector('.cursor')?.scrollIntoView({ block: 'nearest' });
    }

    function onKey(event: KeyboardEvent): void {
      if (typingInField(event) || event.ctrlKey || event.metaKey || event.altKey) return;
      if (/^[1-9]$/.test(event.key)) {
        event.preventDefault();
        pick(Number(event.key) - 1);
      } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        session.moveCursor(event.key === 'ArrowDown' ? 1 : -1);
        render();
      } else if (event.key === 'Enter') {
        event.preventDefault();
        pick(session.cursor);
      } else if (event.key === 's' || event.key === 'S') {
        event.preventDefault();
        pick(null);
      } else if (event.key === 'Backspace') {
        event.preventDefault();
        if (session.back()) render();
      }
    }

    const keys = [
      h('kbd', null, '1'),
      '–',
      h('kbd', null, '9'),
      ' pick · ',
      h('kbd', null, '↑'),
      h('kbd', null, '↓'),
      ' move · ',
      h('kbd', null, 'Enter'),
      ' pick · ',
      h('kbd', null, 'S'),
      ' skip · ',
      h('kbd', null, 'Backspace'),
      ' back',
    ];
    cleanup = mountCodingPage(root, header, stage, keys, onKey);
    render();
  }
};
