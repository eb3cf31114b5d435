import { getBinary, getJson, thumbnailUrl, type ClusteringDetail, type Overview } from '../api.js';
import { h, replace } from '../dom.js';
import { clusterAnchors } from '../map/labels.js';
import { MapCanvas } from '../map/map-canvas.js';
import { buildScene, type BuiltScene } from '../map/scene.js';
import { href, replaceParams, searchString, type Route } from '../router.js';
import { clusteringSelect, defaultClustering, emptyState, keywordText, methodName, showError, type View } from './common.js';
import { renderLegend } from './map/legend.js';
import { MapModel, type MapPoints } from './map/model.js';
import { SearchPanel } from './map/search.js';
import { SelectionPanel } from './map/selection.js';
import { MapTooltip } from './map/tooltip.js';

type Layout = NonNullable<Overview['layouts']>[number];

/**
 * The map: every image at its 2-D layout position, coloured by a clustering, with search,
 * lasso selection and CSV export beside it. This function wires the panels (./map/) together.
 */
export const mapView: View = async (root, route, app) => {
  const layouts = app.overview.layouts ?? [];
  const clusterings = app.overview.clusterings ?? [];
  if (layouts.length === 0 || clusterings.length === 0) {
    replace(root, emptyState('Nothing to map yet', 'Run connote run on your images first; the map appears when a run has finished.'));
    return;
  }
  const page = new MapPage(route, layouts, chosenLayout(route, layouts), clusterings);
  replace(root, page.element);
  await page.load();
  return () => page.destroy();
};

/** The layout named in the address, else the first descriptions layout, else the first. */
function chosenLayout(route: Route, layouts: readonly Layout[]): Layout {
  const params = route.params;
  return (
    layouts.find((l) => l.runId === params.get('run') && l.method === params.get('method')) ??
    layouts.find((l) => l.method === 'descriptions') ??
    layouts[0]
  );
}

class MapPage {
  readonly element: HTMLElement;
  private readonly stage = h('div', { className: 'map-stage' });
  private readonly status = h('span', { className: 'map-status' });
  private readonly legend = h('ol', { className: 'legend' });
  private readonly tooltip: MapTooltip;
  private readonly search: SearchPanel;
  private readonly selection: SelectionPanel;
  private readonly map: MapCanvas;
  private model: MapModel | null = null;
  private built: BuiltScene | null = null;
  private colour: number;
  private query: string;

  constructor(
    route: Route,
    private readonly layouts: readonly Layout[],
    private readonly layout: Layout,
    private readonly clusterings: NonNullable<Overview['clusterings']>,
  ) {
    this.query = route.params.get('q') ?? '';
    this.colour = Number(route.params.get('c')) || defaultClustering(clusterings.filter((c) => c.runId === layout.runId), layout.method)?.id || clusterings[0].id;
    this.tooltip = new MapTooltip(this.stage, () => this.model);
    this.map = new MapCanvas(this.stage, thumbnailUrl, {
      hover: (index, x, y) => this.tooltip.show(index, x, y),
      open: (index) => {
        if (this.model) location.hash = href(['image', this.model.points.ids[index]]);
      },
      select: (indices) => this.select(indices),
    });
    this.stage.appendChild(this.tooltip.element);
    this.search = new SearchPanel(this.query, () => this.model?.points.indexOf ?? null, {
      matched: (indices) => this.highlightSearch(indices),
      focus: (id) => {
        const index = this.model?.points.indexOf.get(id);
        if (index !== undefined) this.map.focus(index);
      },
      queried: (query) => {
        this.query = query;
        this.updateAddress();
      },
    });
    this.selection = new SelectionPanel(() => this.colour);
    this.selection.onClear = () => this.select([]);
    this.element = this.render();
  }

  async load(): Promise<void> {
    try {
      const base = `/api/layouts/${encodeURIComponent(this.layout.runId)}/${encodeURIComponent(this.layout.method)}`;
      const [ids, points] = await Promise.all([getJson<string[]>(`${base}/ids`), getBinary(`${base}/points`)]);
      const mapPoints: MapPoints = { run: this.layout.runId, method: this.layout.method, ids, indexOf: new Map(ids.map((id, i) => [id, i])), xy: new Float32Array(points) };
      this.model = new MapModel(mapPoints);
      await this.colourBy(this.colour, true);
      if (this.query) await this.search.run(this.query);
      this.element.setAttribute('data-ready', 'true');
    } catch (error) {
      showError(this.stage, error);
    }
  }

  destroy(): void {
    this.map.destroy();
  }

  private updateAddress(): void {
    if (this.model) replaceParams(['map'], { run: this.model.points.run, method: this.model.points.method, c: this.colour, q: this.query || undefined });
  }

  private select(indices: number[]): void {
    if (!this.model) return;
    this.model.selectionMask = indices.length > 0 ? this.model.maskOf(indices) : null;
    this.map.setHighlight(this.model.activeMask());
    this.selection.set(indices.map((i) => this.model!.points.ids[i]));
  }

  private highlightSearch(indices: number[] | null): void {
    if (!this.model) return;
    this.model.searchMask = indices ? this.model.maskOf(indices) : null;
    this.map.setHighlight(this.model.activeMask());
  }

  /** Colours the map by a clustering: its labels for this layout, its clusters, the scene and the legend. */
  private async colourBy(clusteringId: number, fit: boolean): Promise<void> {
    const model = this.model;
    if (!model) return;
    const layoutQuery = searchString({ run: model.points.run, method: model.points.method });
    const [labelBuffer, detail] = await Promise.all([
      getBinary(`/api/clusterings/${clusteringId}/labels${layoutQuery}`),
      getJson<ClusteringDetail>(`/api/clusterings/${clusteringId}`),
    ]);
    this.colour = clusteringId;
    model.setColouring(detail, new Int32Array(labelBuffer));
    const { ids, xy } = model.points;
    const previous = this.built ? { grid: this.built.grid, bounds: this.built.bounds, spacing: this.built.scene.spacing, xy: this.built.scene.xy } : undefined;
    this.built = buildScene({ ids, xy, labels: model.labels, colourOf: (label) => model.colourOf(label) }, previous);
    const anchors = clusterAnchors(xy, model.labels, (label) => {
      const cluster = model.clusterOf.get(label);
      return cluster ? `${label} · ${keywordText(cluster.keywords, 2)}` : undefined;
    });
    this.map.setScene(this.built, anchors, fit);
    this.map.setHighlight(model.activeMask());
    renderLegend(this.legend, detail, {
      enter: (label) => this.map.setHighlight(model.maskOfLabel(label), label),
      leave: () => this.map.setHighlight(model.activeMask()),
    });
    this.status.textContent = `${ids.length.toLocaleString()} images · ${detail.clusters.length} clusters · ${detail.noise.size.toLocaleString()} noise`;
    this.updateAddress();
  }

  private render(): HTMLElement {
    return h(
      'div',
      { className: 'map-page' },
      this.toolbar(),
      h(
        'div',
        { className: 'map-body' },
        this.stage,
        h('aside', { className: 'map-side' }, this.search.form, this.search.results, this.selection.element, h('h3', null, 'Clusters'), this.legend),
      ),
    );
  }

  private toolbar(): HTMLElement {
    const recolour = (id: number) => void this.colourBy(id, false).catch((error) => showError(this.stage, error));
    return h(
      'div',
      { className: 'toolbar' },
      h('label', { className: 'field' }, h('span', null, 'Layout'), this.layoutSelect()),
      clusteringSelect(this.clusterings, this.colour, recolour, 'Colour by'),
      h(
        'div',
        { className: 'button-group' },
        h('button', { type: 'button', title: 'Zoom out (-)', on: { click: () => this.map.zoomBy(1 / 1.5) } }, '−'),
        h('button', { type: 'button', title: 'Zoom in (+)', on: { click: () => this.map.zoomBy(1.5) } }, '+'),
        h('button', { type: 'button', title: 'Show everything (0)', on: { click: () => this.map.fit() } }, 'Fit'),
      ),
      this.lassoButton(),
      this.status,
    );
  }

  private layoutSelect(): HTMLSelectElement {
    const select = h('select', {
      aria: { label: 'Layout' },
      on: {
        change: () => {
          const [run, method] = JSON.parse(select.value) as [string, string];
          location.hash = href(['map'], { run, method, c: this.colour, q: this.query || undefined });
        },
      },
    });
    for (const layout of this.layouts) {
      select.appendChild(h('option', { value: JSON.stringify([layout.runId, layout.method]) }, `${methodName(layout.method)} · ${layout.points.toLocaleString()} images`));
    }
    select.value = JSON.stringify([this.layout.runId, this.layout.method]);
    return select;
  }

  private lassoButton(): HTMLButtonElement {
    const button = h('button', { type: 'button', className: 'toggle', title: 'Select by drawing around images (or hold Shift and drag)' }, 'Lasso select');
    button.addEventListener('click', () => {
      const on = !button.classList.contains('on');
      button.classList.toggle('on', on);
      button.setAttribute('aria-pressed', String(on));
      this.map.setLassoMode(on);
    });
    return button;
  }
}
