import { getJson, postJson, type ClusteringDetail, type EditResponse, type HierarchyResponse, type ReassignStrategyName } from '../api.js';
import { h, replace } from '../dom.js';
import { href } from '../router.js';
import { keywordText, showError, swatch, type AppContext } from './common.js';

const STRATEGIES: ReadonlyArray<[ReassignStrategyName, string]> = [
  ['probabilities', 'by HDBSCAN soft-cluster probabilities'],
  ['ctfidf', 'by c-TF-IDF similarity of the description'],
  ['embeddings', 'by embedding similarity to the cluster centre'],
];

/**
 * Editing a clustering from the browser: merge the ticked clusters, move noise into clusters, or
 * read the cluster tree. An edit never changes the clustering shown: it makes a new one (with
 * this one as its parent, in the audit log with who, when and the memo), which then opens.
 */
export function editPanel(detail: ClusteringDetail, app: AppContext, ticked: () => number[]): HTMLElement {
  const id = detail.clustering.id;
  const message = h('p', { className: 'edit-message', role: 'status' });
  const memo = h('input', { type: 'text', placeholder: 'Why (kept in the audit log)', aria: { label: 'Memo' } });
  const strategy = h('select', { aria: { label: 'Strategy' } }, ...STRATEGIES.map(([value, text]) => h('option', { value }, text)));
  const threshold = h('input', { type: 'number', value: '0', min: '0', max: '1', aria: { label: 'Threshold' } });
  threshold.step = '0.05';
  const opened = (result: EditResponse, what: string) => {
    message.textContent = `${what}: clustering ${result.clustering.id} made. Opening it…`;
    // The list of clusterings comes with the page: reload at the new one so menus show it
    // (the address is replaced first without a hashchange, so the old view fetches nothing).
    history.replaceState(null, '', href(['clusters'], { c: result.clustering.id }));
    location.reload();
  };
  const run = async (what: string, request: () => Promise<EditResponse>) => {
    message.textContent = `${what}…`;
    try {
      opened(await request(), what);
    } catch (error) {
      showError(message, error);
    }
  };
  const who = () => app.coder() ?? undefined;
  const merge = () => {
    const labels = ticked();
    if (labels.length < 2) {
      message.textContent = 'Tick two or more clusters to merge.';
      return;
    }
    void run(`Merging clusters ${labels.join(', ')}`, () => postJson<EditResponse>(`/api/clusterings/${id}/merge`, { groups: [labels], memo: memo.value || undefined, who: who() }));
  };
  const reassign = () =>
    void run('Reassigning the noise', () =>
      postJson<EditResponse>(`/api/clusterings/${id}/reassign`, { strategy: strategy.value, threshold: Number(threshold.value), memo: memo.value || undefined, who: who() }),
    );
  const tree = h('div', { className: 'tree' });
  const treeToggle = h('details', { className: 'tree-panel', on: { toggle: () => void loadTree(id, detail, tree) } }, h('summary', null, 'Cluster tree'), tree);
  return h(
    'section',
    { className: 'edit-panel card' },
    h('h2', null, 'Edit this clustering'),
    h('p', { className: 'muted small' }, 'Edits make a new clustering and leave this one as it is; each is in the audit log (connote serve and the exports).'),
    h('div', { className: 'edit-row' }, memo),
    h('div', { className: 'edit-row' }, h('button', { type: 'button', className: 'merge', on: { click: merge } }, 'Merge ticked clusters')),
    h('div', { className: 'edit-row' }, h('span', null, 'Move noise into clusters'), strategy, h('label', null, 'min. similarity ', threshold), h('button', { type: 'button', className: 'reassign', on: { click: reassign } }, 'Reassign noise')),
    message,
    treeToggle,
  );
}

/** The tree as nested, foldable lists: each inner node says what its branch shares. */
async function loadTree(id: number, detail: ClusteringDetail, into: HTMLElement): Promise<void> {
  if (into.dataset.loaded) return;
  into.dataset.loaded = 'true';
  try {
    const tree = await getJson<HierarchyResponse>(`/api/clusterings/${id}/hierarchy`);
    if (tree.root < 0) {
      replace(into, h('p', { className: 'muted' }, 'No clusters to arrange.'));
      return;
    }
    const colourOf = new Map(detail.clusters.map((c) => [c.label, c.colour]));
    const render = (nodeId: number, depth: number): HTMLElement => {
      const node = tree.nodes[nodeId];
      if (node.label !== null) {
        return h('li', { className: 'leaf' }, h('a', { href: href(['cluster', id, node.label]) }, swatch(colourOf.get(node.label) ?? '#888'), `Cluster ${node.label}`), ` ${node.size} images · ${keywordText(node.keywords, 4)}`);
      }
      const branch = h('details', null, h('summary', null, `${node.size} images in ${node.labels.length} clusters · ${keywordText(node.keywords, 4)} (joined at ${node.distance.toFixed(2)})`), h('ul', null, ...node.children.map((child) => render(child, depth + 1))));
      branch.open = depth < 2;
      return h('li', null, branch);
    };
    replace(into, h('ul', { className: 'tree-root' }, render(tree.root, 0)));
  } catch (error) {
    showError(into, error);
  }
}
