import { getJson, postJson, type ClusteringSummary, type StudyListing } from '../api.js';
import { h, replace } from '../dom.js';
import { href, searchString } from '../router.js';
import { clusteringName, clusteringSelect, defaultClustering, showError, type AppContext, type View } from './common.js';
import { withCoder } from './coder.js';

export const coderQuery = (app: AppContext, coder: string): string => searchString({ coder: app.overview.tokens ? undefined : coder });

/** The interpretability studies: progress per study, and (not blind) setting one up. */
export const studiesView: View = async (root, _route, app) => {
  withCoder(root, app, (coder) => void list(coder).catch((error) => showError(root, error)));

  async function list(coder: string): Promise<void> {
    const studies = await getJson<StudyListing[]>(`/api/coding/studies${coderQuery(app, coder)}`);
    const clusterings = app.overview.clusterings ?? [];
    const setup = app.overview.blind || clusterings.length === 0 ? null : setupForm(clusterings, () => list(coder));
    replace(
      root,
      h(
        'div',
        { className: 'page' },
        h('header', { className: 'page-header' }, h('h1', null, 'Interpretability'), h('p', { className: 'lede' }, 'Can a person tell which keyword summary belongs to a set of images? Each answer is saved as you give it.')),
        studies.length === 0
          ? h('p', { className: 'notice' }, app.overview.blind ? 'No study has been set up yet.' : 'No study yet: create one below.')
          : h('ul', { className: 'study-list' }, ...studies.map((study) => studyCard(study, app, coder))),
        setup,
      ),
    );
  }
};

/** One study: what it asks, how far this coder got, and its exports. */
function studyCard(study: StudyListing, app: AppContext, coder: string): HTMLElement {
  const done = study.done ?? 0;
  return h(
    'li',
    { className: 'card' },
    h('h2', null, `Study ${study.id}`, study.clustering ? h('small', null, clusteringName(study.clustering)) : null),
    h('p', null, `${study.tasks} tasks · ${study.imagesPerSet} images each · ${study.choices} summaries to choose from`),
    h('p', null, `You have answered ${done} of ${study.tasks}.`),
    h(
      'div',
      { className: 'row' },
      h('a', { className: 'button primary', href: href(['code', 'study', study.id]) }, done > 0 ? 'Continue' : 'Start'),
      h('a', { className: 'button', href: `/api/coding/studies/${study.id}/choices.csv${coderQuery(app, coder)}` }, 'Export answers (CSV)'),
      app.overview.blind ? null : h('a', { className: 'button', href: `/api/coding/studies/${study.id}/key.csv` }, 'Answer key (CSV)'),
    ),
  );
}

/** The researcher's form for a new study over one clustering; `created` redraws the list. */
function setupForm(clusterings: readonly ClusteringSummary[], created: () => Promise<void>): HTMLFormElement {
  let chosen = defaultClustering(clusterings)?.id;
  const imagesInput = h('input', { type: 'number', min: '1', max: '50', value: '6', aria: { label: 'Images per set' } });
  const seedInput = h('input', { type: 'number', min: '0', value: '42', aria: { label: 'Seed' } });
  const message = h('p', { className: 'muted' });
  const submit = (event: Event) => {
    event.preventDefault();
    message.textContent = 'Creating…';
    postJson('/api/coding/studies', { clusteringId: chosen, imagesPerSet: Number(imagesInput.value), seed: Number(seedInput.value) })
      .then(created)
      .catch((error: Error) => (message.textContent = error.message));
  };
  return h(
    'form',
    { className: 'card setup', on: { submit } },
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
}
