import { ApiError, thumbnailUrl, type ClusteringSummary, type Keyword } from '../api.js';
import { h, replace } from '../dom.js';
import { href } from '../router.js';

/** The context every view receives. */
export interface AppContext {
  readonly overview: import('../api.js').Overview;
  /** The coder's name: from the access token, or as typed on this browser. */
  coder(): string | null;
  setCoder(name: string): void;
}

/** A view draws into `root` and may return a clean-up (listeners, timers) for when it is left. */
export type View = (root: HTMLElement, route: import('../router.js').Route, app: AppContext) => Promise<(() => void) | void>;

export function swatch(colour: string): HTMLSpanElement {
  const span = h('span', { className: 'swatch', aria: { hidden: 'true' } });
  span.style.backgroundColor = colour;
  return span;
}

export function keywordChips(keywords: readonly Keyword[], count = 8): HTMLElement {
  return h(
    'div',
    { className: 'chips' },
    ...keywords.slice(0, count).map((k) => h('span', { className: 'chip', title: `c-TF-IDF ${k.score.toFixed(4)}` }, k.term)),
  );
}

export const keywordText = (keywords: readonly Keyword[], count = 3): string => keywords.slice(0, count).map((k) => k.term).join(', ');

export function methodName(method: string): string {
  return method === 'descriptions' ? 'descriptions' : method === 'image-features' ? 'image features (CNN)' : method;
}

export function clusteringName(c: ClusteringSummary): string {
  const size = c.minClusterSize === null ? '' : ` · min size ${c.minClusterSize}`;
  // An edit is named after its parent, e.g. descriptions/mcs5/merge-1: show which edit it is.
  const edit = c.edit ? ` · ${c.name.split('/').pop()}` : '';
  return `${methodName(c.method)}${size}${edit} · ${c.nClusters} clusters`;
}

export function clusterName(label: number): string {
  return label === -1 ? 'Noise' : label === -2 ? 'Not clustered' : `Cluster ${label}`;
}

/** A thumbnail that links to its image page. */
export function thumbLink(id: string, className = 'thumb'): HTMLAnchorElement {
  return h('a', { className, href: href(['image', id]), title: id }, h('img', { src: thumbnailUrl(id), alt: id, loading: 'lazy' }));
}

export function clusteringSelect(clusterings: readonly ClusteringSummary[], selected: number | undefined, onChange: (id: number) => void, label = 'Clustering'): HTMLLabelElement {
  const select = h('select', { on: { change: () => onChange(Number(select.value)) } });
  const runs = [...new Set(clusterings.map((c) => c.runId))];
  for (const runId of runs) {
    const inRun = clusterings.filter((c) => c.runId === runId);
    const parent = runs.length > 1 ? select.appendChild(h('optgroup')) : select;
    if (parent instanceof HTMLOptGroupElement) {
      const repeats = inRun[0].repeats ? ` (and ${inRun[0].repeats} identical runs)` : '';
      parent.label = `run ${inRun[0].runLabel ?? inRun[0].runStartedAt?.slice(0, 16).replace('T', ' ') ?? runId}${repeats}`;
    }
    for (const c of inRun) parent.appendChild(h('option', { value: String(c.id) }, clusteringName(c)));
  }
  if (selected !== undefined) select.value = String(selected);
  return h('label', { className: 'field' }, h('span', null, label), select);
}

/** Previous and Next around "Page 2 of 5 · 120 images"; `unit` names what is paged. */
export function pager(total: number, offset: number, limit: number, go: (offset: number) => void, unit = 'images'): HTMLElement {
  const pages = Math.max(1, Math.ceil(total / limit));
  const page = Math.floor(offset / limit);
  return h(
    'nav',
    { className: 'pager', aria: { label: 'pages' } },
    h('button', { type: 'button', disabled: page === 0, on: { click: () => go(Math.max(0, offset - limit)) } }, '← Previous'),
    h('span', null, `Page ${page + 1} of ${pages} · ${total} ${unit}`),
    h('button', { type: 'button', disabled: page >= pages - 1, on: { click: () => go(offset + limit) } }, 'Next →'),
  );
}

export function showError(root: HTMLElement, error: unknown): void {
  const message = error instanceof ApiError || error instanceof Error ? error.message : String(error);
  replace(root, h('div', { className: 'notice error', role: 'alert' }, h('strong', null, 'Something went wrong. '), message));
}

export function emptyState(title: string, ...lines: Array<string | Node>): HTMLElement {
  return h('div', { className: 'notice' }, h('h2', null, title), ...lines.map((line) => h('p', null, line)));
}

/** The default clustering: the newest run's descriptions clustering with a middle min size. */
export function defaultClustering(clusterings: readonly ClusteringSummary[], method = 'descriptions'): ClusteringSummary | undefined {
  if (clusterings.length === 0) return undefined;
  const newest = clusterings.filter((c) => c.runId === clusterings[0].runId);
  const ofMethod = newest.filter((c) => c.method === method);
  const pool = ofMethod.length > 0 ? ofMethod : newest;
  return pool[Math.floor((pool.length - 1) / 2)];
}

/** Downloads a Blob under a file name (an object URL, revoked afterwards). */
export function download(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = h('a', { href: url });
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function formatShare(part: number, whole: number): string {
  return whole > 0 ? `${Math.round((100 * part) / whole)}%` : '–';
}
