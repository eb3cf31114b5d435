import { postForBlob } from '../../api.js';
import { append, h, replace } from '../../dom.js';
import { download } from '../common.js';

/** The selected images (lasso or shift-drag) and their export as CSV. */
export class SelectionPanel {
  readonly element = h('div', { className: 'selection' });
  private ids: string[] = [];

  /** `clustering` names the clustering whose labels go into the exported file. */
  constructor(private readonly clustering: () => number) {
    this.render();
  }

  set(ids: string[]): void {
    this.ids = ids;
    this.render();
  }

  private render(): void {
    if (this.ids.length === 0) {
      replace(this.element, h('p', { className: 'hint' }, 'Shift-drag (or turn on Lasso select) to select a region; export its images as CSV.'));
      return;
    }
    replace(
      this.element,
      h('p', null, h('strong', null, `${this.ids.length} image${this.ids.length === 1 ? '' : 's'} selected`)),
      h(
        'div',
        { className: 'row' },
        h('button', { type: 'button', className: 'primary', on: { click: () => void this.export() } }, 'Export CSV'),
        h('button', { type: 'button', on: { click: () => this.onClear() } }, 'Clear'),
      ),
    );
  }

  /** Set by the view: clearing the panel also clears the map's highlight. */
  onClear: () => void = () => this.set([]);

  private async export(): Promise<void> {
    try {
      download(await postForBlob('/api/items/export.csv', { ids: this.ids, clustering: this.clustering() }), 'selection.csv');
    } catch (error) {
      append(this.element, h('p', { className: 'error' }, (error as Error).message));
    }
  }
}
