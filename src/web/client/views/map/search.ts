import { getJson, MATCH_END, MATCH_START, thumbnailUrl, type SearchResponse } from '../../api.js';
import { h, marked, replace } from '../../dom.js';
import { href, searchString } from '../../router.js';
import { showError } from '../common.js';

/** What the search panel asks of the map: highlight the hits, or centre one of them. */
export interface SearchEvents {
  /** The map indices of the matching images (null: no search). */
  matched(indices: number[] | null): void;
  focus(itemId: string): void;
  /** The query changed (the view keeps it in the address). */
  queried(query: string): void;
}

/** Full-text search over descriptions: the form, the count and the first hits with snippets. */
export class SearchPanel {
  readonly results = h('div', { className: 'search-results' });
  readonly input: HTMLInputElement;
  readonly form: HTMLFormElement;

  constructor(
    initialQuery: string,
    private readonly indexOf: () => Map<string, number> | null,
    private readonly events: SearchEvents,
  ) {
    this.input = h('input', { type: 'search', placeholder: 'Search descriptions, e.g. flood rescue', value: initialQuery, aria: { label: 'Search descriptions' } });
    const submit = (event: Event) => {
      event.preventDefault();
      void this.run(this.input.value).catch((error) => showError(this.results, error));
    };
    this.form = h('form', { className: 'search', role: 'search', on: { submit } }, this.input, h('button', { type: 'submit' }, 'Search'));
  }

  async run(text: string): Promise<void> {
    const query = text.trim();
    this.events.queried(query);
    const indexOf = this.indexOf();
    if (!query || !indexOf) {
      replace(this.results);
      this.events.matched(null);
      return;
    }
    replace(this.results, h('p', { className: 'hint' }, 'Searching…'));
    const result = await getJson<SearchResponse>(`/api/search${searchString({ q: query })}`);
    const indices = result.itemIds.map((id) => indexOf.get(id)).filter((i): i is number => i !== undefined);
    this.events.matched(indices);
    replace(this.results, this.count(result, indices.length), this.hits(result));
  }

  private count(result: SearchResponse, onMap: number): HTMLElement {
    const n = result.itemIds.length;
    const clear = () => {
      this.input.value = '';
      void this.run('');
    };
    return h(
      'p',
      { className: 'search-count' },
      h('strong', null, `${n}${result.truncated ? '+' : ''} image${n === 1 ? '' : 's'}`),
      ` match${n === 1 ? 'es' : ''}`,
      onMap < n ? ` (${onMap} on this map)` : '',
      ' ',
      h('button', { type: 'button', className: 'link', on: { click: clear } }, 'clear'),
    );
  }

  private hits(result: SearchResponse): HTMLElement {
    return h(
      'ol',
      { className: 'hits' },
      ...result.hits.map((hit) =>
        h(
          'li',
          null,
          h('a', { href: href(['image', hit.itemId]), className: 'hit-thumb' }, h('img', { src: thumbnailUrl(hit.itemId), alt: '', loading: 'lazy' })),
          h(
            'div',
            null,
            h('button', { type: 'button', className: 'link hit-id', title: 'Show on the map', on: { click: () => this.events.focus(hit.itemId) } }, hit.itemId),
            h('span', { className: 'prompt' }, hit.prompt),
            h('p', { className: 'snippet' }, marked(hit.snippet, MATCH_START, MATCH_END)),
          ),
        ),
      ),
    );
  }
}
