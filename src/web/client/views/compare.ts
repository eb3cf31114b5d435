import { getJson, type ClusteringDetail, type CompareMembersPage, type CompareResponse } from '../api.js';
import { h, replace } from '../dom.js';
import { href, searchString } from '../router.js';
import { clusteringSelect, clusterName, defaultClustering, emptyState, formatShare, keywordText, pager, swatch, thumbLink, type View } from './common.js';

const CELL_PAGE = 24;

interface Axis {
  label: number;
  size: number;
  colour: string;
  text: string;
  representatives: string[];
}

function axisOf(detail: ClusteringDetail): Axis[] {
  const clusters = [...detail.clusters]
    .sort((a, b) => b.size - a.size)
    .map((c) => ({ label: c.label, size: c.size, colour: c.colour, text: keywordText(c.keywords, 3), representatives: c.representatives }));
  return [...clusters, { label: -1, size: detail.noise.size, colour: detail.noise.colour, text: 'noise', representatives: [] }];
}

/** The contingency table's counts: per (row label, column label), and per row. */
class Crossing {
  private readonly counts: Map<string, number>;
  private readonly rowTotals = new Map<number, number>();
  readonly shared: number;

  constructor(cells: CompareResponse['cells']) {
    this.counts = new Map(cells.map((cell) => [`${cell.labelA}|${cell.labelB}`, cell.count]));
    for (const cell of cells) this.rowTotals.set(cell.labelA, (this.rowTotals.get(cell.labelA) ?? 0) + cell.count);
    this.shared = cells.reduce((sum, cell) => sum + cell.count, 0);
  }

  count(labelA: number, labelB: number): number {
    return this.counts.get(`${labelA}|${labelB}`) ?? 0;
  }

  rowTotal(label: number): number {
    return this.rowTotals.get(label) ?? 0;
  }
}

type OpenCell = (labelA: number, labelB: number) => void;

function columnHead(column: Axis): HTMLElement {
  return h(
    'th',
    { className: 'col-head', title: `${clusterName(column.label)}: ${column.text}` },
    swatch(column.colour),
    h('span', { className: 'col-label' }, column.label < 0 ? 'noise' : String(column.label)),
    h('span', { className: 'col-text' }, column.text),
  );
}

/** One cell: the count, shaded by its share of the row; a click shows its images. */
function countCell(count: number, total: number, open: () => void): HTMLElement {
  const cell = h('td', { className: count > 0 ? 'cell' : 'cell empty' });
  if (count === 0) return cell;
  const share = total > 0 ? count / total : 0;
  cell.style.backgroundColor = `rgba(31, 111, 235, ${(0.06 + 0.74 * share).toFixed(3)})`;
  if (share > 0.5) cell.classList.add('strong');
  cell.appendChild(h('button', { type: 'button', title: `${count} images (${formatShare(count, total)} of the row): show them`, on: { click: open } }, String(count)));
  return cell;
}

/** One cluster of A: its head (name, size, how much of it stayed together in B) and its cells. */
function tableRow(row: Axis, columns: readonly Axis[], crossing: Crossing, clusteringA: number, open: OpenCell): HTMLElement {
  const total = crossing.rowTotal(row.label);
  // Noise is not a cluster: "in one B cluster" counts real clusters only.
  const best = Math.max(0, ...columns.filter((c) => c.label >= 0).map((c) => crossing.count(row.label, c.label)));
  return h(
    'tr',
    null,
    h(
      'th',
      { className: 'row-head' },
      h('a', { href: href(['cluster', clusteringA, row.label]) }, swatch(row.colour), clusterName(row.label)),
      h('span', { className: 'row-text' }, row.text),
      h('span', { className: 'muted small' }, `${total} images · ${formatShare(best, total)} in one B cluster`),
      row.representatives.length > 0 ? h('div', { className: 'thumbs mini' }, ...row.representatives.slice(0, 4).map((id) => thumbLink(id))) : null,
    ),
    ...columns.map((column) => countCell(crossing.count(row.label, column.label), total, () => open(row.label, column.label))),
  );
}

/**
 * Two clusterings side by side (e.g. descriptions against image features): a contingency table
 * of where each cluster of one went in the other; a cell opens the images it counts.
 */
export const compareView: View = async (root, route, app) => {
  const clusterings = app.overview.clusterings ?? [];
  if (clusterings.length < 2) {
    replace(root, emptyState('Nothing to compare yet', 'Comparing needs two clusterings: run with several minimum cluster sizes, or cluster the image features too.'));
    return;
  }
  const first = defaultClustering(clusterings, 'descriptions') ?? clusterings[0];
  const a = clusterings.find((c) => c.id === Number(route.params.get('a'))) ?? first;
  const other = clusterings.filter((c) => c.id !== a.id);
  const b = clusterings.find((c) => c.id === Number(route.params.get('b'))) ?? defaultClustering(other, a.method === 'descriptions' ? 'image-features' : 'descriptions') ?? other[0];
  const result = await getJson<CompareResponse>(`/api/compare${searchString({ a: a.id, b: b.id })}`);
  const rows = axisOf(result.a);
  const columns = axisOf(result.b);
  const crossing = new Crossing(result.cells);
  const detail = h('section', { className: 'cell-detail', aria: { live: 'polite' } });
  const navigate = (next: { a?: number; b?: number }): void => {
    location.hash = href(['compare'], { a: next.a ?? a.id, b: next.b ?? b.id });
  };

  async function openCell(labelA: number, labelB: number, offset = 0): Promise<void> {
    const page = await getJson<CompareMembersPage>(
      `/api/compare/members${searchString({ a: a.id, b: b.id, la: labelA, lb: labelB, offset, limit: CELL_PAGE })}`,
    );
    replace(
      detail,
      h('h2', null, `${clusterName(labelA)} of A and ${clusterName(labelB)} of B`),
      h('p', { className: 'muted' }, `${page.total} image${page.total === 1 ? '' : 's'} in both.`),
      h('div', { className: 'thumbs' }, ...page.members.map((m) => thumbLink(m.id, 'thumb large'))),
      page.total > CELL_PAGE ? pager(page.total, offset, CELL_PAGE, (next) => void openCell(labelA, labelB, next)) : null,
    );
    detail.scrollIntoView({ behavior: 'smooth', block: 'nearest' });
  }

  const header = h('tr', null, h('th', { className: 'corner' }, h('span', null, 'A ↓  B →')), ...columns.map(columnHead));
  const body = rows.map((row) => tableRow(row, columns, crossing, a.id, (la, lb) => void openCell(la, lb)));
  replace(
    root,
    h(
      'div',
      { className: 'page compare-page' },
      h(
        'header',
        { className: 'page-header' },
        h('h1', null, 'Compare clusterings'),
        h(
          'div',
          { className: 'toolbar' },
          clusteringSelect(clusterings, a.id, (id) => navigate({ a: id }), 'A (rows)'),
          clusteringSelect(clusterings, b.id, (id) => navigate({ b: id }), 'B (columns)'),
          h('button', { type: 'button', on: { click: () => navigate({ a: b.id, b: a.id }) } }, 'Swap'),
        ),
        h('p', { className: 'lede' }, `${crossing.shared.toLocaleString()} images are in both. Each row is a cluster of A; its cells say where its images went in B, shaded by the share of the row. Click a number to see the images.`),
      ),
      h('div', { className: 'table-scroll' }, h('table', { className: 'contingency' }, h('thead', null, header), h('tbody', null, ...body))),
      detail,
    ),
  );
};
