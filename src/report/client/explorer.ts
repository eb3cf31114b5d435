import type { ExplorerClustering, ExplorerData } from '../explorer-contract.js';
import { clusterColour } from '../palette.js';
import { h, replace } from '../../web/client/dom.js';
import { clusterAnchors } from '../../web/client/map/labels.js';
import { MapCanvas } from '../../web/client/map/map-canvas.js';
import { buildScene, type BuiltScene } from '../../web/client/map/scene.js';
import { placeBesidePointer } from '../../web/client/map/tooltip-place.js';
import { ImageDialog } from './image-dialog.js';
import { MembersPanel } from './members.js';
import { clusterTitle, plural, swatch, thumb } from './text.js';
import { thumbnailUrls } from './thumbnails.js';

/** The hover card's width (style.ts) and the height its thumbnail and text take at most. */
const TOOLTIP_SIZE = { width: 200, height: 240 };

const byId = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

/** Wires the report's explorer: the map, the legend, search, the members panel and the image sheet. */
export class Explorer {
  private readonly urls = thumbnailUrls();
  private readonly xy: Float32Array;
  private readonly ids: string[];
  private readonly map: MapCanvas;
  private readonly members: MembersPanel;
  private readonly dialog: ImageDialog;
  private readonly tooltip = h('div', { className: 'map-tooltip', role: 'status' });
  private built: BuiltScene | null = null;
  private current = 0;
  private labels = new Int32Array(0);
  private searchMask: Uint8Array | null = null;

  constructor(private readonly data: ExplorerData) {
    this.xy = Float32Array.from(data.xy);
    // The scene names points by row index, which is also how thumbnails are found.
    this.ids = data.rows.map((_, row) => String(row));
    const hasThumbnail = (row: number) => this.urls.has(row);
    this.members = new MembersPanel(data, hasThumbnail, { open: (row) => this.dialog.open(row), close: () => this.closeCluster() });
    this.dialog = new ImageDialog(data, hasThumbnail, (row) => this.showOnMap(row));
    const stage = byId('x-stage');
    this.map = new MapCanvas(stage, (id) => this.urls.get(Number(id)) ?? null, {
      hover: (index, x, y) => this.hover(index, x, y),
      open: (index) => this.dialog.open(index),
      select: (indices) => this.map.setHighlight(indices.length > 0 ? this.maskOf((row) => indices.includes(row)) : this.searchMask),
    });
    this.tooltip.hidden = true;
    stage.appendChild(this.tooltip);
  }

  start(): void {
    byId('explore').hidden = false;
    const select = byId<HTMLSelectElement>('x-clustering');
    this.data.clusterings.forEach((c, index) => select.appendChild(h('option', { value: String(index) }, `min size ${c.minClusterSize}: ${plural(c.clusters.length, 'cluster')}`)));
    // The address may name a clustering (#mcs5) or a card (#mcs5-c2).
    const wanted = /^#mcs(\d+)/.exec(location.hash);
    const initial = Math.max(0, this.data.clusterings.findIndex((c) => wanted !== null && c.minClusterSize === Number(wanted[1])));
    select.value = String(initial);
    select.addEventListener('change', () => this.colourBy(Number(select.value)));
    for (const button of Array.from(document.querySelectorAll<HTMLButtonElement>('[data-zoom]'))) {
      button.addEventListener('click', () => {
        const action = button.dataset.zoom;
        if (action === 'fit') this.map.fit();
        else this.map.zoomBy(action === 'in' ? 1.5 : 1 / 1.5);
      });
    }
    byId<HTMLInputElement>('x-search').addEventListener('input', (event) => this.search((event.target as HTMLInputElement).value));
    byId<HTMLFormElement>('x-search-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const first = this.searchMask?.indexOf(1) ?? -1;
      if (first >= 0) this.showOnMap(first);
    });
    // Every static card's "all members" button opens the panel at that card's clustering.
    for (const button of Array.from(document.querySelectorAll<HTMLButtonElement>('[data-members]'))) {
      button.hidden = false;
      button.addEventListener('click', () => {
        const [size, label] = (button.dataset.members ?? '').split(':').map(Number);
        const index = this.data.clusterings.findIndex((c) => c.minClusterSize === size);
        if (index < 0) return;
        select.value = String(index);
        this.colourBy(index);
        this.openCluster(label);
      });
    }
    this.colourBy(initial, true);
    byId('explore').dataset.ready = 'true';
  }

  private get clustering(): ExplorerClustering {
    return this.data.clusterings[this.current];
  }

  private colourBy(index: number, fit = false): void {
    this.current = index;
    const clustering = this.clustering;
    this.labels = Int32Array.from(clustering.labels);
    const previous = this.built ? { grid: this.built.grid, bounds: this.built.bounds, spacing: this.built.scene.spacing, xy: this.built.scene.xy } : undefined;
    this.built = buildScene({ ids: this.ids, xy: this.xy, labels: this.labels, colourOf: clusterColour }, previous);
    const clusterOf = new Map(clustering.clusters.map((c) => [c.label, c]));
    const anchors = clusterAnchors(this.xy, this.labels, (label) => (clusterOf.has(label) ? clusterTitle(label, clusterOf.get(label)) : undefined));
    this.map.setScene(this.built, anchors, fit);
    this.map.setHighlight(this.searchMask);
    this.renderLegend();
    this.members.hide();
    byId('x-status').textContent = `${plural(this.data.rows.length, 'image')} · ${plural(clustering.clusters.length, 'cluster')} · ${clustering.noiseItems.toLocaleString('en')} noise`;
  }

  private renderLegend(): void {
    const clustering = this.clustering;
    const entry = (label: number, text: string, size: number) =>
      h(
        'li',
        { on: { mouseenter: () => this.map.setHighlight(this.maskOf((row) => this.labels[row] === label), label), mouseleave: () => this.map.setHighlight(this.searchMask) } },
        h('button', { type: 'button', on: { click: () => this.openCluster(label) } }, swatch(label), h('span', { className: 'legend-label' }, text), h('span', { className: 'legend-size' }, size.toLocaleString('en'))),
      );
    replace(
      byId('x-legend'),
      ...[...clustering.clusters].sort((a, b) => b.size - a.size || a.label - b.label).map((c) => entry(c.label, clusterTitle(c.label, c), c.size)),
      entry(-1, 'Noise (no cluster)', clustering.noiseItems),
    );
  }

  private openCluster(label: number): void {
    this.members.show(this.clustering, label);
    this.map.setHighlight(this.maskOf((row) => this.labels[row] === label), label);
    this.members.element.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }

  private closeCluster(): void {
    this.members.hide();
    this.map.setHighlight(this.searchMask);
  }

  private showOnMap(row: number): void {
    byId('explore').scrollIntoView({ block: 'start' });
    this.map.focus(row);
    this.map.setHighlight(this.maskOf((r) => r === row));
  }

  private search(query: string): void {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    if (words.length === 0) {
      this.searchMask = null;
      byId('x-found').textContent = '';
    } else {
      const matches = (row: number) => {
        const entry = this.data.rows[row];
        const haystack = `${entry.ids.join(' ')} ${entry.text} ${entry.imageText ?? ''}`.toLowerCase();
        return words.every((w) => haystack.includes(w));
      };
      this.searchMask = this.maskOf(matches);
      const found = this.searchMask.reduce((sum, v) => sum + v, 0);
      byId('x-found').textContent = `${plural(found, 'match')}${found > 0 ? ' (Enter shows the first)' : ''}`;
    }
    this.map.setHighlight(this.searchMask);
  }

  private maskOf(test: (row: number) => boolean): Uint8Array {
    const mask = new Uint8Array(this.data.rows.length);
    for (let row = 0; row < mask.length; row++) if (test(row)) mask[row] = 1;
    return mask;
  }

  private hover(index: number, clientX: number, clientY: number): void {
    if (index < 0) {
      this.tooltip.hidden = true;
      return;
    }
    const entry = this.data.rows[index];
    const label = this.labels[index];
    const cluster = this.clustering.clusters.find((c) => c.label === label);
    replace(
      this.tooltip,
      thumb(index, entry.ids[0], this.urls.has(index), 'tip-thumb'),
      h('div', { className: 'tip-id' }, entry.ids[0]),
      h('div', null, swatch(label), clusterTitle(label, cluster)),
    );
    this.tooltip.hidden = false;
    placeBesidePointer(this.tooltip, byId('x-stage'), clientX, clientY, TOOLTIP_SIZE);
  }
}
