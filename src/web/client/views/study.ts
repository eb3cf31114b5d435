import { getJson, type StudyDetail } from '../api.js';
import { SaveQueue } from '../coding/save-queue.js';
import { StudySession } from '../coding/study-session.js';
import { h, replace } from '../dom.js';
import { href } from '../router.js';
import { showError, type View } from './common.js';
import { typingInField, withCoder } from './coder.js';
import { codingHeader, mountCodingPage, type CodingHeader } from './coding-header.js';
import { coderQuery } from './studies.js';

const KEYS = () => [
  h('kbd', null, '1'), '–', h('kbd', null, '9'), ' pick · ',
  h('kbd', null, '↑'), h('kbd', null, '↓'), ' move · ',
  h('kbd', null, 'Enter'), ' pick · ',
  h('kbd', null, 'S'), ' skip · ',
  h('kbd', null, 'Backspace'), ' back',
];

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
    const page = new StudyCodingPage(studyId, study, coder);
    cleanup = mountCodingPage(root, page.header, page.stage, KEYS(), (event) => page.onKey(event));
    page.render();
  }
};

/** The coding page of one coder in one study: the set on screen, its options, the save queue. */
class StudyCodingPage {
  readonly stage = h('div', { className: 'study-stage' });
  readonly header: CodingHeader;
  private readonly session: StudySession;
  private readonly queue: SaveQueue;

  constructor(
    private readonly studyId: number,
    private readonly study: StudyDetail,
    private readonly coder: string,
  ) {
    this.session = new StudySession(study.tasks, study.choices);
    this.header = codingHeader(h('span', null, h('a', { href: href(['code', 'studies']) }, 'Interpretability'), ` · study ${studyId}`), coder, study.blind);
    this.queue = new SaveQueue(`connote.pending.study${studyId}.${coder}`, (state) => this.header.saveState(state));
  }

  render(): void {
    const session = this.session;
    this.header.progress(session.answeredCount, session.total, 'sets answered');
    if (session.done) {
      replace(this.stage, h('div', { className: 'notice done' }, h('h2', null, 'All sets are answered. Thank you!'), h('p', null, 'Press Backspace to revise the last answer.')));
      return;
    }
    const task = this.study.tasks[session.index];
    this.stage.dataset.task = task.taskId;
    replace(
      this.stage,
      h('p', { className: 'pair-number' }, `Set ${session.index + 1} of ${session.total}`),
      h('div', { className: 'set-images' }, ...task.images.map((image, n) => h('figure', null, h('img', { src: image.src, alt: `Image ${n + 1} of the set` })))),
      h('h3', null, 'Which summary describes these images best?'),
      this.options(task),
    );
    this.stage.querySelector('.cursor')?.scrollIntoView({ block: 'nearest' });
  }

  private options(task: StudyDetail['tasks'][number]): HTMLElement {
    const answer = this.session.answerOf(task.taskId);
    return h(
      'ol',
      { className: 'options', role: 'listbox', aria: { label: 'Keyword summaries' } },
      ...task.options.map((option, position) =>
        h(
          'li',
          {
            role: 'option',
            className: `${position === this.session.cursor ? 'cursor' : ''} ${answer === option.optionId ? 'chosen' : ''}`,
            aria: { selected: String(position === this.session.cursor) },
            on: { click: () => this.pick(position) },
          },
          h('kbd', null, position < 9 ? String(position + 1) : '↵'),
          h('span', null, option.summary),
        ),
      ),
    );
  }

  private pick(position: number | null): void {
    const answer = this.session.choose(position);
    if (!answer) return;
    this.queue.add({
      url: `/api/coding/studies/${this.studyId}/tasks/${encodeURIComponent(answer.taskId)}/choice`,
      body: { coder: this.coder, choice: answer.choice },
    });
    this.render();
  }

  onKey(event: KeyboardEvent): void {
    if (typingInField(event) || event.ctrlKey || event.metaKey || event.altKey) return;
    const key = event.key;
    const handled = /^[1-9]$/.test(key) || ['ArrowDown', 'ArrowUp', 'Enter', 's', 'S', 'Backspace'].includes(key);
    if (!handled) return;
    event.preventDefault();
    if (/^[1-9]$/.test(key)) this.pick(Number(key) - 1);
    else if (key === 'ArrowDown' || key === 'ArrowUp') {
      this.session.moveCursor(key === 'ArrowDown' ? 1 : -1);
      this.render();
    } else if (key === 'Enter') this.pick(this.session.cursor);
    else if (key === 's' || key === 'S') this.pick(null);
    else if (this.session.back()) this.render();
  }
}
