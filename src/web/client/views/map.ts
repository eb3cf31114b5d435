import {
  getBinary,
  getJson,
  MATCH_END,
  MATCH_START,
  postForBlob,
  thumbnailUrl,
  type ClusteringDetail,
  type ClusterSummary,
  type SearchResponse,
} from '../api.js';
import { append, h, marked, replace } from '../dom.js';
import { clusterAnchors } from '../map/labels.js';
import { MapCanvas } from '../map/map-canvas.js';
import { buildScene, type BuiltScene } from '../map/scene.js';
import { href, replaceParams, searchString } from '../router.js';
import {
  clusteringSelect,
  clusterName,
  defaultClustering,
  download,
  emptyState,
  keywordText,
  methodName,
  showError,
  swatch,
  type View,
} from './common.js';

const UNCLUSTERED_COLOUR = '#dcdcdc';

interface MapData {
  run: string;
  method: string;
  ids: string[];
  indexOf: Map<string, number>;
  xy: Float32Array;
}

/**
 * The map: every image at its 2-D layout position, coloured by a clustering, with search,
 * lasso selection and CSV export beside it.
 */
export const mapView: View = async (root, route, app) => {
  const layouts = app.overview.layouts ?? [];
  const clusterings = app.overview.clusterings ?? [];
  if (layouts.length === 0 || clusterings.length === 0) {
    replace(root, emptyState('Nothing to map yet', 'Run connote run on your images first; the map appears when a run has finished.'));
    return;
  }
  const params = route.params;
  const chosenLayout = layouts.find((l) => l.runId === params.get('run') && l.method === params.get('method')) ?? layouts.find((l) => l.method === 'descriptions') ?? layouts[0];
  const colourId = Number(params.get('c')) || defaultClustering(clusterings.filter((c) => c.runId === chosenLayout.runId), chosenLayout.method)?.id || clusterings[0].id;

  const stage = h('div', { className: 'map-stage' });
  const tooltip = h('div', { className: 'map-tooltip', role: 'status', aria: { live: 'polite' } });
  tooltip.hidden = true;
  const status = h('span', { className: 'map-status' });
  const legend = h('ol', { className: 'legend' });
  const searchResults = h('div', { className: 'search-results' });
  const selectionPanel = h('div', { className: 'selection' });
  const searchInput = h('input', { type: 'search', placeholder: 'Search descriptions, e.g. flood rescue', value: params.get('q') ?? '', aria: { label: 'Search descriptions' } });
  const lassoButton = h('button', { type: 'button', className: 'toggle', title: 'Select by drawing around images (or hold Shift and drag)' }, 'Lasso select');

  let data: MapData | null = null;
  let detail: ClusteringDetail | null = null;
  let labels = new Int32Array(0);
  let built: BuiltScene | null = null;
  let searchMask: Uint8Array | null = null;
  let selection: number[] = [];
  let selectionMask: Uint8Array | null = null;
  let currentColour = colourId;
  let currentQuery = params.get('q') ?? '';

  const map = new MapCanvas(stage, thumbnailUrl, {
    hover: (index, clientX, clientY) => showTooltip(index, clientX, clientY),
    open: (index) => {
      if (data) location.hash = href(['image', data.ids[index]]);
    },
    select: (indices) => setSelection(indices),
  });
  stage.appendChild(tooltip);

  const clusterOf = new Map<number, ClusterSummary>();
  const updateAddress = (): void => {
    if (data) replaceParams(['map'], { run: data.run, method: data.method, c: currentColour, q: currentQuery || undefined });
  };

  function showTooltip(index: number, clientX: number, clientY: number): void {
    if (index < 0 || !data) {
      tooltip.hidden = true;
      return;
    }
    const id = data.ids[index];
    const label = labels[index];
    const cluster = clusterOf.get(label);
    replace(
      tooltip,
      h('img', { src: thumbnailUrl(id), alt: '' }),
      h('div', { className: 'tip-id' }, id),
      h('div', { className: 'tip-cluster' }, swatch(cluster?.colour ?? (label === -1 ? detail?.noise.colour ?? '#bbb' : UNCLUSTERED_COLOUR)), clusterName(label)),
      cluster ? h('div', { className: 'tip-keywords' }, keywordText(cluster.keywords, 6)) : null,
    );
    tooltip.hidden = false;
    const rect = stage.getBoundingClientRect();
    const x = clientX - rect.left;
    const y = clientY - rect.top;
    const width = 240;
    tooltip.style.left = `${x + 16 + width > rect.width ? Math.max(4, x - width - 16) : x + 16}px`;
    tooltip.style.top = `${Math.min(Math.max(4, y - 20), Math.max(4, rect.height - 300))}px`;
  }

  function activeMask(): Uint8Array | null {
    return selectionMask ?? searchMask;
  }

  function maskOf(indices: Iterable<number>): Uint8Array | null {
    if (!data) return null;
    const mask = new Uint8Array(data.ids.length);
    for (const i of indices) mask[i] = 1;
    return mask;
  }

  function setSelection(indices: number[]): void {
    selection = indices;
    selectionMask = indices.length > 0 ? maskOf(indices) : null;
    map.setHighlight(activeMask());
    renderSelection();
  }

  function renderSelection(): void {
    if (selection.length === 0) {
      replace(selectionPanel, h('p', { className: 'hint' }, 'Shift-drag (or turn on Lasso select) to select a region; export its images as CSV.'));
      return;
    }
    replace(
      selectionPanel,
      h('p', null, h('strong', null, `${selection.length} image${selection.length === 1 ? '' : 's'} selected`)),
      h(
        'div',
        { className: 'row' },
        h('button', { type: 'button', className: 'primary', on: { click: () => void exportSelection() } }, 'Export CSV'),
        h('button', { type: 'button', on: { click: () => setSelection([]) } }, 'Clear'),
      ),
    );
  }

  async function exportSelection(): Promise<void> {
    if (!data) return;
    const ids = selection.map((i) => (data as MapData).ids[i]);
    try {
      download(await postForBlob('/api/items/export.csv', { ids, clustering: currentColour }), 'selection.csv');
    } catch (error) {
      append(selectionPanel, h('p', { className: 'error' }, (error as Error).message));
    }
  }

  async function runSearch(text: string): Promise<void> {
    currentQuery = text.trim();
    updateAddress();
    if (!currentQuery || !data) {
      searchMask = null;
      replace(searchResults);
      map.setHighlight(activeMask());
      return;
    }
    replace(searchResults, h('p', { className: 'hint' }, 'Searching…'));
    const result = await getJson<SearchResponse>(`/api/search${searchString({ q: currentQuery })}`);
    const indices = result.itemIds.map((id) => (data as MapData).indexOf.get(id)).filter((i): i is number => i !== undefined);
    searchMask = maskOf(indices);
    map.setHighlight(activeMask());
    const onMap = indices.length;
    replace(
      searchResults,
      h(
        'p',
        { className: 'search-count' },
        h('strong', null, `${result.itemIds.length}${result.truncated ? '+' : ''} image${result.itemIds.length === 1 ? '' : 's'}`),
        ` match${result.itemIds.length === 1 ? 'es' : ''}`,
        onMap < result.itemIds.length ? ` (${onMap} on this map)` : '',
        ' ',
        h('button', { type: 'button', className: 'link', on: { click: () => { searchInput.value = ''; void runSearch(''); } } }, 'clear'),
      ),
      h(
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
              h(
                'button',
                {
                  type: 'button',
                  className: 'link hit-id',
                  title: 'Show on the map',
                  on: {
                    click: () => {
                      const index = (data as MapData).indexOf.get(hit.itemId);
                      if (index !== undefined) map.focus(index);
                    },
                  },
                },
                hit.itemId,
              ),
              h('span', { className: 'prompt' }, hit.prompt),
              h('p', { className: 'snippet' }, marked(hit.snippet, MATCH_START, MATCH_END)),
            ),
          ),
        ),
      ),
    );
  }

  function renderLegend(): void {
    if (!detail) return;
    const clusters = [...detail.clusters].sort((a, b) => b.size - a.size);
    replace(
      legend,
      ...clusters.map((cluster) =>
        h(
          'li',
          {
            on: {
              mouseenter: () => highlightCluster(cluster.label),
              mouseleave: () => map.setHighlight(activeMask()),
            },
          },
          h(
            'a',
            { href: href(['cluster', detail!.clustering.id, cluster.label]) },
            swatch(cluster.colour),
            h('span', { className: 'legend-label' }, String(cluster.label)),
            h('span', { className: 'legend-keywords' }, keywordText(cluster.keywords, 4)),
            h('span', { className: 'legend-size' }, String(cluster.size)),
          ),
        ),
      ),
      h(
        'li',
        { on: { mouseenter: () => highlightCluster(-1), mouseleave: () => map.setHighlight(activeMask()) } },
        h(
          'a',
          { href: href(['cluster', detail.clustering.id, -1]) },
          swatch(detail.noise.colour),
          h('span', { className: 'legend-label' }, '–'),
          h('span', { className: 'legend-keywords' }, 'noise (no cluster)'),
          h('span', { className: 'legend-size' }, String(detail.noise.size)),
        ),
      ),
    );
  }

  function highlightCluster(label: number): void {
    if (!data) return;
    const mask = new Uint8Array(data.ids.length);
    for (let i = 0; i < labels.length; i++) if (labels[i] === label) mask[i] = 1;
    map.setHighlight(mask, label);
  }

  async function loadColouring(clusteringId: number, fit: boolean): Promise<void> {
    if (!data) return;
    const layoutQuery = searchString({ run: data.run, method: data.method });
    const [labelBuffer, clusteringDetail] = await Promise.all([
      getBinary(`/api/clusterings/${clusteringId}/labels${layoutQuery}`),
      getJson<ClusteringDetail>(`/api/clusterings/${clusteringId}`),
    ]);
    currentColour = clusteringId;
    detail = clusteringDetail;
    labels = new Int32Array(labelBuffer);
    clusterOf.clear();
    for (const cluster of detail.clusters) clusterOf.set(cluster.label, cluster);
    const noiseColour = detail.noise.colour;
    built = buildScene(
      { ids: data.ids, xy: data.xy, labels, colourOf: (label) => clusterOf.get(label)?.colour ?? (label === -1 ? noiseColour : UNCLUSTERED_COLOUR) },
      built ? { grid: built.grid, bounds: built.bounds, spacing: built.scene.spacing, xy: built.scene.xy } : undefined,
    );
    const anchors = clusterAnchors(data.xy, labels, (label) => {
      const cluster = clusterOf.get(label);
      return cluster ? `${label} · ${keywordText(cluster.keywords, 2)}` : undefined;
    });
    map.setScene(built, anchors, fit);
    map.setHighlight(activeMask());
    renderLegend();
    status.textContent = `${data.ids.length.toLocaleString()} images · ${detail.clusters.length} clusters · ${detail.noise.size.toLocaleString()} noise`;
    updateAddress();
  }

  const layoutSelect = h('select', {
    aria: { label: 'Layout' },
    on: {
      change: () => {
        const [run, method] = JSON.parse(layoutSelect.value) as [string, string];
        location.hash = href(['map'], { run, method, c: currentColour, q: currentQuery || undefined });
      },
    },
  });
  for (const layout of layouts) {
    const option = h('option', { value: JSON.stringify([layout.runId, layout.method]) }, `${methodName(layout.method)} · ${layout.points.toLocaleString()} images`);
    layoutSelect.appendChild(option);
  }
  layoutSelect.value = JSON.stringify([chosenLayout.runId, chosenLayout.method]);

  lassoButton.addEventListener('click', () => {
    const on = !lassoButton.classList.contains('on');
    lassoButton.classList.toggle('on', on);
    lassoButton.setAttribute('aria-pressed', String(on));
    map.setLassoMode(on);
  });

  replace(
    root,
    h(
      'div',
      { className: 'map-page' },
      h(
        'div',
        { className: 'toolbar' },
        h('label', { className: 'field' }, h('span', null, 'Layout'), layoutSelect),
        clusteringSelect(clusterings, colourId, (id) => void loadColouring(id, false).catch((error) => showError(stage, error)), 'Colour by'),
        h(
          'div',
          { className: 'button-group' },
          h('button', { type: 'button', title: 'Zoom out (-)', on: { click: () => map.zoomBy(1 / 1.5) } }, '−'),
          h('button', { type: 'button', title: 'Zoom in (+)', on: { click: () => map.zoomBy(1.5) } }, '+'),
          h('button', { type: 'button', title: 'Show everything (0)', on: { click: () => map.fit() } }, 'Fit'),
        ),
        lassoButton,
        status,
      ),
      h(
        'div',
        { className: 'map-body' },
        stage,
        h(
          'aside',
          { className: 'map-side' },
          h(
            'form',
            {
              className: 'search',
              role: 'search',
              on: {
                submit: (event) => {
                  event.preventDefault();
                  void runSearch(searchInput.value).catch((error) => showError(searchResults, error));
                },
              },
            },
            searchInput,
            h('button', { type: 'submit' }, 'Search'),
          ),
          searchResults,
          selectionPanel,
          h('h3', null, 'Clusters'),
          legend,
        ),
      ),
    ),
  );
  renderSelection();

  try {
    const base = `/api/layouts/${encodeURIComponent(chosenLayout.runId)}/${encodeURIComponent(chosenLayout.method)}`;
    const [ids, points] = await Promise.all([getJson<string[]>(`${base}/ids`), getBinary(`${base}/points`)]);
    data = { run: chosenLayout.runId, method: chosenLayout.method, ids, indexOf: new Map(ids.map((id, i) => [id, i])), xy: new Float32Array(points) };
    await loadColouring(colourId, true);
    if (currentQuery) await runSearch(currentQuery);
    root.querySelector('.map-page')?.setAttribute('data-ready', 'true');
  } catch (error) {
    showError(stage, error);
  }
  return () => map.destroy();
};
