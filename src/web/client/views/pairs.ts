import { getJson, type CodingImage, type PairsResponse } from '../api.js';
import { PairSession, type Dimension } from '../coding/pair-session.js';
import { SaveQueue } from '../coding/save-queue.js';
import { h, replace } from '../dom.js';
import { searchString } from '../router.js';
import { emptyState, showError, type View } from './common.js';
import { typingInField, withCoder } from './coder.js';
import { codingHeader, mountCodingPage } from './coding-header.js';

/** The scales coders see, as in Grimmer & King (2011) and Arminio et al. (2025). */
const SCALES: Record<Dimension, { title: string; definition: string }> = {
  denotative: {
    title: 'Denotative: what the images show',
    definition: 'Compare what is literally visible: the objects, people, places and actions.',
  },
  connotative: {
    title: 'Connotative: what the images mean',
    definition: 'Compare what the images suggest or evoke: ideas, values, emotions, messages.',
  },
};

const POINTS = [
  { value: 1, name: 'Unrelated', hint: 'nothing in common on this dimension' },
  { value: 2, name: 'Loosely related', hint: 'something in common, but they differ in important ways' },
  { value: 3, name: 'Closely related', hint: 'alike on this dimension' },
];

function figure(image: CodingImage, side: string, blind: boolean): HTMLElement {
  const caption = blind
    ? h('figcaption', null, `Image ${side}`)
    : h(
        'figcaption',
        null,
        h('strong', { className: 'break' }, image.id ?? `Image ${side}`),
        ...Object.entries(image.metadata ?? {})
          .slice(0, 4)
          .map(([key, value]) => h('span', { className: 'meta', title: `${key}: ${value}` }, `${key}: ${value}`)),
      );
  return h('figure', { className: 'pair-image' }, h('div', { className: 'pair-frame' }, h('img', { src: image.src, alt: `Image ${side}` })), caption);
}

/**
 * Pair coding, keyboard only: 1/2/3 rate the highlighted scale (denotative, then connotative),
 * Backspace goes back one judgement. Each judgement is saved the moment it is made.
 */
export const pairsView: View = async (root, _route, app) => {
  let cleanup: (() => void) | undefined;
  withCoder(root, app, (coder) => void start(coder).catch((error) => showError(root, error)));
  return () => cleanup?.();

  async function start(coder: string): Promise<void> {
    const data = await getJson<PairsResponse>(`/api/coding/pairs${searchString({ coder: app.overview.tokens ? undefined : coder })}`);
    if (data.pairs.length === 0) {
      replace(
        root,
        emptyState(
          'No pairs to code yet',
          'The researcher loads them from a CSV file with columns pair_id,image_a,image_b:',
          h('code', null, 'connote pairs import PROJECT pairs.csv'),
        ),
      );
      return;
    }
    const session = new PairSession(data.pairs);
    const byId = new Map(data.pairs.map((pair) => [pair.pairId, pair]));
    const stage = h('div', { className: 'pair-stage' });
    const exportLink = h('a', { className: 'button', href: `/api/coding/pairs/ratings.csv${searchString({ coder: app.overview.tokens ? undefined : coder })}` }, 'Export my ratings (CSV)');

    const header = codingHeader('Rate image pairs', coder, data.blind, exportLink);
    const queue = new SaveQueue(`connote.pending.pairs.${coder}`, (state) => header.saveState(state));

    const preload = (pairId: string | undefined): void => {
      const pair = pairId ? byId.get(pairId) : undefined;
      if (!pair) return;
      for (const image of [pair.a, pair.b]) new Image().src = image.src;
    };

    function render(): void {
      header.progress(session.rated, session.total, 'pairs rated');
      if (session.done) {
        replace(
          stage,
          h(
            'div',
            { className: 'notice done' },
            h('h2', null, 'All pairs are rated. Thank you!'),
            h('p', null, 'Every judgement is saved. Press Backspace to revise the last one.'),
            exportLink.cloneNode(true),
          ),
        );
        stage.dataset.pair = '';
        return;
      }
      const pair = byId.get(session.pairId as string)!;
      const values = session.valuesOf(pair.pairId);
      stage.dataset.pair = pair.pairId;
      stage.dataset.step = session.step;
      replace(
        stage,
        h('p', { className: 'pair-number' }, `Pair ${session.index + 1} of ${session.total}`, data.blind ? null : h('span', { className: 'muted' }, ` · ${pair.pairId}`)),
        h('div', { className: 'pair-images' }, figure(pair.a, 'A', data.blind), figure(pair.b, 'B', data.blind)),
        h(
          'div',
          { className: 'scales' },
          ...(['denotative', 'connotative'] as Dimension[]).map((dimension) =>
            h(
              'section',
              { className: `scale ${session.step === dimension ? 'active' : ''}`, aria: { current: session.step === dimension ? 'step' : 'false' } },
              h('h3', null, SCALES[dimension].title),
              h('p', { className: 'muted' }, SCALES[dimension].definition),
              h(
                'ol',
                { className: 'points' },
                ...POINTS.map((point) =>
                  h(
                    'li',
                    { className: values[dimension] === point.value ? 'chosen' : '' },
                    h('kbd', null, String(point.value)),
                    h('strong', null, point.name),
                    h('span', { className: 'muted' }, point.hint),
                  ),
                ),
              ),
            ),
          ),
        ),
      );
      preload(data.pairs[session.index + 1]?.pairId);
    }

    function onKey(event: KeyboardEvent): void {
      if (typingInField(event) || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === '1' || event.key === '2' || event.key === '3') {
        event.preventDefault();
        const judgement = session.press(Number(event.key));
        if (!judgement) return;
        queue.add({
          url: `/api/coding/pairs/${encodeURIComponent(judgement.pairId)}/rating`,
          body: { coder, [judgement.dimension]: judgement.value },
        });
        render();
      } else if (event.key === 'Backspace') {
        event.preventDefault();
        if (session.back()) render();
      }
    }

    const keys = [h('kbd', null, '1'), ' ', h('kbd', null, '2'), ' ', h('kbd', null, '3'), ' rate the highlighted scale · ', h('kbd', null, 'Backspace'), ' go back one judgement'];
    cleanup = mountCodingPage(root, header, stage, keys, onKey);
    render();
  }
};
