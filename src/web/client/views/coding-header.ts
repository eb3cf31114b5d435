import type { SaveState } from '../coding/save-queue.js';
import { h, replace } from '../dom.js';

export interface CodingHeader {
  readonly element: HTMLElement;
  progress(done: number, total: number, noun: string): void;
  saveState(state: SaveState): void;
}

/** The coding pages' header: title, progress, whether everything is saved, who is coding. */
export function codingHeader(title: Node | string, coder: string, blind: boolean, ...extra: Array<Node | null>): CodingHeader {
  const bar = h('span', { className: 'bar' });
  const text = h('span', null);
  const status = h('span', { className: 'save-status', role: 'status', aria: { live: 'polite' } });
  return {
    element: h(
      'header',
      { className: 'coding-header' },
      h('h1', null, title),
      h('div', { className: 'progress', aria: { hidden: 'true' } }, bar),
      text,
      status,
      h('span', { className: 'coder' }, `Coding as ${coder}`, blind ? ' · blind' : ''),
      ...extra,
    ),
    progress(done, total, noun) {
      bar.style.width = `${(100 * done) / Math.max(1, total)}%`;
      text.textContent = `${done} of ${total} ${noun}`;
    },
    saveState(state) {
      status.dataset.state = state.error ? 'error' : state.pending > 0 ? 'saving' : 'saved';
      status.textContent = state.error ?? (state.pending > 0 ? `Saving ${state.pending}…` : 'All saved');
    },
  };
}

/**
 * Puts a coding page together (header, task area, the key legend) and listens to the keyboard
 * until the returned clean-up is called.
 */
export function mountCodingPage(root: HTMLElement, header: CodingHeader, stage: HTMLElement, keys: Array<Node | string>, onKey: (event: KeyboardEvent) => void): () => void {
  replace(root, h('div', { className: 'page coding-page' }, header.element, stage, h('p', { className: 'keys muted' }, 'Keyboard: ', ...keys)));
  document.addEventListener('keydown', onKey);
  return () => document.removeEventListener('keydown', onKey);
}
