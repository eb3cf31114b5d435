import { getJson, type CodingImage, type PairsResponse } from '../api.js';
import { PairSession, type Dimension } from '../coding/pair-session.js';
import { SaveQueue } from '../coding/save-queue.js';
import { h, replace } from '../dom.js';
import { searchString } from '../router.js';
import { emptyState, showError, type View } from './common.js';
import { typingInField, withCoder } from './coder.js';
import { codingHeader, mountCodingPage, type CodingHeader } from './coding-header.js';

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

/** One scale (denotative or connotative) with its three points, the chosen one marked. */
function scaleSection(dimension: Dimension, active: boolean, chosen: number | null): HTMLElement {
  return h(
    'section',
    { className: `scale ${active ? 'active' : ''}`, aria: { current: active ? 'step' : 'false' } },
    h('h3', null, SCALES[dimension].title),
    h('p', { className: 'muted' }, SCALES[dimension].definition),
    h(
      'ol',
      { className: 'points' },
      ...POINTS.map((point) =>
        h(
          'li',
          { className: chosen === point.value ? 'chosen' : '' },
          h('kbd', null, String(point.value)),
          h('strong', null, point.name),
          h('span', { className: 'muted' }, point.hint),
        ),
      ),
    ),
  );
}

type Pair = PairsResponse['pairs'][number];

const KEYS = () => [h('kbd', null, '1'), ' ', h('kbd', null, '2'), ' ', h('kbd', null, '3'), ' rate the highlighted scale · ', h('kbd', null, 'Backspace'), ' go back one judgement'];

/**
 * Pair coding, keyboard only: 1/2/3 rate the highlighted scale (denotative, then connotative),
 * Backspace goes back one judgement. Each judgement is saved the moment it is made.
 */
export const pairsView: View = async (root, _route, app) => {
  let cleanup: (() => void) | undefined;
  withCoder(root, app, (coder) => void start(coder).catch((error) => showError(root, error)));
  return () => cleanup?.();

  async function start(coder: string): Promise<void> {
    const coderQuery = searchString({ coder: app.overview.tokens ? undefined : coder });
    const data = await getJson<PairsResponse>(`/api/coding/pairs${coderQuery}`);
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
    const page = new PairCodingPage(coder, data, coderQuery);
    cleanup = mountCodingPage(root, page.header, page.stage, KEYS(), (event) => page.onKey(event));
    page.render();
  }
};

/** The coding page of one coder: the pair on screen, its scales, and the save queue. */
class PairCodingPage {
  readonly stage = h('div', { className: 'pair-stage' });
  readonly header: CodingHeader;
  private readonly session: PairSession;
  private readonly byId: Map<string, Pair>;
  private readonly queue: SaveQueue;
  private readonly exportLink: HTMLAnchorElement;

  constructor(
    private readonly coder: string,
    private readonly data: PairsResponse,
    coderQuery: string,
  ) {
    this.session = new PairSession(data.pairs);
    this.byId = new Map(data.pairs.map((pair) => [pair.pairId, pair]));
    this.exportLink = h('a', { className: 'button', href: `/api/coding/pairs/ratings.csv${coderQuery}` }, 'Export my ratings (CSV)');
    this.header = codingHeader('Rate image pairs', coder, data.blind, this.exportLink);
    this.queue = new SaveQueue(`connote.pending.pairs.${coder}`, (state) => this.header.saveState(state));
  }

  render(): void {
    const session = this.session;
    this.header.progress(session.rated, session.total, 'pairs rated');
    if (session.done) {
      this.renderDone();
      return;
    }
    const pair = this.byId.get(session.pairId as string)!;
    const values = session.valuesOf(pair.pairId);
    const blind = this.data.blind;
    this.stage.dataset.pair = pair.pairId;
    this.stage.dataset.step = session.step;
    replace(
      this.stage,
      h('p', { className: 'pair-number' }, `Pair ${session.index + 1} of ${session.total}`, blind ? null : h('span', { className: 'muted' }, ` · ${pair.pairId}`)),
      h('div', { className: 'pair-images' }, figure(pair.a, 'A', blind), figure(pair.b, 'B', blind)),
      h('div', { className: 'scales' }, ...(['denotative', 'connotative'] as Dimension[]).map((d) => scaleSection(d, session.step === d, values[d]))),
    );
    this.preload(this.data.pairs[session.index + 1]?.pairId);
  }

  onKey(event: KeyboardEvent): void {
    if (typingInField(event) || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === '1' || event.key === '2' || event.key === '3') {
      event.preventDefault();
      const judgement = this.session.press(Number(event.key));
      if (!judgement) return;
      this.queue.add({
        url: `/api/coding/pairs/${encodeURIComponent(judgement.pairId)}/rating`,
        body: { coder: this.coder, [judgement.dimension]: judgement.value },
      });
      this.render();
    } else if (event.key === 'Backspace') {
      event.preventDefault();
      if (this.session.back()) this.render();
    }
  }

  private renderDone(): void {
    replace(
      this.stage,
      h(
        'div',
        { className: 'notice done' },
        h('h2', null, 'All pairs are rated. Thank you!'),
        h('p', null, 'Every judgement is saved. Press Backspace to revise the last one.'),
        this.exportLink.cloneNode(true),
      ),
    );
    this.stage.dataset.pair = '';
  }

  /** Loads the next pair's images while the coder looks at this one. */
  private preload(pairId: string | undefined): void {
    const pair = pairId ? this.byId.get(pairId) : undefined;
    if (!pair) return;
    for (const image of [pair.a, pair.b]) new Image().src = image.src;
  }
}
