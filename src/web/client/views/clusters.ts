import { getJson, type ClusteringDetail } from '../api.js';
import { h, replace } from '../dom.js';
import { href } from '../router.js';
import { clusteringSelect, defaultClustering, emptyState, formatShare, keywordChips, keywordText, swatch, thumbLink, type View } from './common.js';
import { editPanel } from './clusters-edit.js';

/** Every cluster of one clustering: size, keywords and representative images, and its edits (merge, reassign, tree). */
export const clustersView: View = async (root, route, app) => {
  const clusterings = app.overview.clusterings ?? [];
  const chosen = clusterings.find((c) => c.id === Number(route.params.get('c'))) ?? defaultClustering(clusterings);
  if (!chosen) {
    replace(root, emptyState('No clusters yet', 'Run connote run on your images first.'));
    return;
  }
  const detail = await getJson<ClusteringDetail>(`/api/clusterings/${chosen.id}`);
  const total = detail.clusters.reduce((sum, c) => sum + c.size, 0) + detail.noise.size;
  const clusters = [...detail.clusters].sort((a, b) => b.size - a.size);
  const ticks = new Map(clusters.map((c) => [c.label, h('input', { type: 'checkbox', aria: { label: `Tick cluster ${c.label} to merge` } })]));
  const ticked = () => [...ticks].filter(([, box]) => box.checked).map(([label]) => label).sort((a, b) => a - b);
  replace(
    root,
    h(
      'div',
      { className: 'page' },
      h(
        'header',
        { className: 'page-header' },
        h('h1', null, 'Clusters'),
        clusteringSelect(clusterings, chosen.id, (id) => (location.hash = href(['clusters'], { c: id }))),
        h('p', { className: 'lede' }, `${detail.clusters.length} clusters over ${total.toLocaleString()} images; ${detail.noise.size.toLocaleString()} (${formatShare(detail.noise.size, total)}) are noise.`),
      ),
      app.overview.blind ? null : editPanel(detail, app, ticked),
      h(
        'div',
        { className: 'cards' },
        ...clusters.map((cluster) =>
          h(
            'article',
            { className: 'card cluster-card' },
            h(
              'h2',
              null,
              app.overview.blind ? null : h('label', { className: 'tick', title: 'Tick to merge' }, ticks.get(cluster.label)!),
              h('a', { href: href(['cluster', chosen.id, cluster.label]) }, swatch(cluster.colour), `Cluster ${cluster.label}`),
              h('small', null, `${cluster.size.toLocaleString()} images · ${formatShare(cluster.size, total)}`),
            ),
            keywordChips(cluster.keywords, 8),
            cluster.tfidfKeywords.length > 0 ? h('p', { className: 'muted small' }, 'TF-IDF: ', keywordText(cluster.tfidfKeywords, 8)) : null,
            h('div', { className: 'thumbs' }, ...cluster.representatives.slice(0, 6).map((id) => thumbLink(id))),
          ),
        ),
        h(
          'article',
          { className: 'card cluster-card noise' },
          h('h2', null, h('a', { href: href(['cluster', chosen.id, -1]) }, swatch(detail.noise.colour), 'Noise'), h('small', null, `${detail.noise.size.toLocaleString()} images`)),
          h('p', { className: 'muted' }, 'Images HDBSCAN placed in no cluster. A smaller minimum cluster size leaves fewer of them.'),
        ),
      ),
    ),
  );
};
