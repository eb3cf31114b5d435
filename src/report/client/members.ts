import type { ExplorerClustering, ExplorerData } from '../explorer-contract.js';
import { h, replace } from '../../web/client/dom.js';
import { clusterTitle, plural, swatch, thumb } from './text.js';

/** Members shown per page: a screenful of thumbnails on a laptop, a few scrolls on a phone. */
export const PAGE_SIZE = 48;

export interface MemberEvents {
  open(row: number): void;
  close(): void;
}

/**
 * One cluster (or the noise) in full: its name, description, inclusion criteria and keywords,
 * and every member, a page at a time, each opening the image.
 */
export class MembersPanel {
  readonly element = document.getElementById('x-cluster') as HTMLElement;
  private rows: number[] = [];
  private page = 0;
  private title = '';

  constructor(
    private readonly data: ExplorerData,
    private readonly hasThumbnail: (row: number) => boolean,
    private readonly events: MemberEvents,
  ) {}

  show(clustering: ExplorerClustering, label: number): void {
    this.rows = [];
    clustering.labels.forEach((l, row) => {
      if (l === label) this.rows.push(row);
    });
    const cluster = clustering.clusters.find((c) => c.label === label);
    // Most typical first, then the rest in the order of the run.
    if (cluster) {
      const first = new Set(cluster.representatives);
      this.rows = [...cluster.representatives, ...this.rows.filter((row) => !first.has(row))];
    }
    this.page = 0;
    this.title = clusterTitle(label, cluster);
    const items = this.rows.reduce((sum, row) => sum + this.data.rows[row].ids.length, 0);
    this.element.hidden = false;
    this.element.dataset.label = String(label);
    replace(
      this.element,
      h(
        'header',
        null,
        h('h2', null, swatch(label), label < 0 ? `Noise at min size ${clustering.minClusterSize}` : `Cluster ${this.title}`, ' ', h('small', null, plural(items, 'image'))),
        h('button', { type: 'button', className: 'close', title: 'Close', aria: { label: 'Close the cluster' }, on: { click: () => this.events.close() } }, '×'),
      ),
      cluster?.description ? h('p', null, cluster.description) : null,
      cluster?.criteria ? h('p', { className: 'muted' }, h('strong', null, 'Includes: '), cluster.criteria) : null,
      cluster ? h('p', { className: 'keywords' }, ...cluster.keywords.map((k) => h('span', { className: 'kw' }, k))) : null,
      label < 0 ? h('p', { className: 'muted' }, 'Images HDBSCAN placed in no cluster at this size; smaller minimum sizes leave fewer.') : null,
      h('div', { className: 'member-grid', role: 'list' }),
      h('nav', { className: 'pager', aria: { label: 'Pages of members' } }),
    );
    this.render();
  }

  hide(): void {
    this.element.hidden = true;
  }

  private render(): void {
    const pages = Math.max(1, Math.ceil(this.rows.length / PAGE_SIZE));
    const start = this.page * PAGE_SIZE;
    const grid = this.element.querySelector('.member-grid') as HTMLElement;
    replace(
      grid,
      ...this.rows.slice(start, start + PAGE_SIZE).map((row) => {
        const id = this.data.rows[row].ids[0];
        return h(
          'button',
          { type: 'button', className: 'member', title: id, role: 'listitem', on: { click: () => this.events.open(row) } },
          thumb(row, id, this.hasThumbnail(row)),
          h('span', { className: 'member-id' }, id),
        );
      }),
    );
    const go = (page: number) => {
      this.page = page;
      this.render();
    };
    replace(
      this.element.querySelector('.pager') as HTMLElement,
      h('button', { type: 'button', disabled: this.page === 0, on: { click: () => go(this.page - 1) } }, '‹ Previous'),
      h('span', { className: 'page-of' }, `Page ${this.page + 1} of ${pages} · ${start + 1}–${Math.min(start + PAGE_SIZE, this.rows.length)} of ${this.rows.length}`),
      h('button', { type: 'button', disabled: this.page >= pages - 1, on: { click: () => go(this.page + 1) } }, 'Next ›'),
    );
  }
}
