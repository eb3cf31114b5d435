import type { ExplorerData } from '../explorer-contract.js';
import { h, replace } from '../../web/client/dom.js';
import { clusterTitle, swatch, thumb } from './text.js';

/** One image opened: its thumbnail, ids, cluster at every minimum size, description and text. */
export class ImageDialog {
  private readonly dialog: HTMLDialogElement;

  constructor(
    private readonly data: ExplorerData,
    private readonly hasThumbnail: (row: number) => boolean,
    private readonly onShowOnMap: (row: number) => void,
  ) {
    this.dialog = document.getElementById('x-image') as HTMLDialogElement;
    // A click on the backdrop (outside the content) closes it, as on any phone sheet.
    this.dialog.addEventListener('click', (event) => {
      if (event.target === this.dialog) this.dialog.close();
    });
  }

  open(row: number): void {
    const entry = this.data.rows[row];
    const memberships = this.data.clusterings.map((clustering) => {
      const label = clustering.labels[row];
      const cluster = clustering.clusters.find((c) => c.label === label);
      return h('li', null, swatch(label), `min size ${clustering.minClusterSize}: `, h('strong', null, clusterTitle(label, cluster)));
    });
    replace(
      this.dialog,
      h(
        'article',
        { className: 'image-sheet' },
        h(
          'header',
          null,
          h('h2', null, entry.ids[0]),
          h('button', { type: 'button', className: 'close', title: 'Close (Esc)', aria: { label: 'Close' }, on: { click: () => this.dialog.close() } }, '×'),
        ),
        h(
          'div',
          { className: 'image-body' },
          thumb(row, entry.ids[0], this.hasThumbnail(row), 'big-thumb'),
          h(
            'div',
            null,
            entry.ids.length > 1 ? h('p', { className: 'muted' }, `The same file also appears as ${entry.ids.slice(1).join(', ')}.`) : null,
            h('h3', null, 'Cluster'),
            h('ul', { className: 'memberships' }, ...memberships),
            h('h3', null, 'Description'),
            h('p', { className: 'description' }, entry.text),
            entry.shortened ? h('p', { className: 'muted' }, 'Shortened here; assignments.csv has it in full.') : null,
            entry.imageText ? h('h3', null, 'Text in the image (OCR)') : null,
            entry.imageText ? h('p', { className: 'image-text' }, entry.imageText) : null,
            h('button', { type: 'button', on: { click: () => (this.dialog.close(), this.onShowOnMap(row)) } }, 'Show on the map'),
          ),
        ),
      ),
    );
    if (!this.dialog.open) this.dialog.showModal();
  }
}
