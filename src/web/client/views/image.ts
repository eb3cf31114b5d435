import { getJson, imageUrl, type ItemDetail } from '../api.js';
import { h, replace } from '../dom.js';
import { href } from '../router.js';
import { descriptionBlock } from './cluster.js';
import { clusteringName, clusterName, keywordText, swatch, type View } from './common.js';

/** The image's cluster in every clustering that has it, with that cluster's keywords. */
function clustersSection(item: ItemDetail): HTMLElement {
  if (item.clusterings.length === 0) return h('section', null, h('h2', null, 'Clusters'), h('p', { className: 'muted' }, 'This image is in no clustering.'));
  const rows = item.clusterings.map((entry) =>
    h(
      'tr',
      null,
      h('td', null, clusteringName(entry.clustering)),
      h('td', null, h('a', { href: href(['cluster', entry.clustering.id, entry.label]) }, swatch(entry.colour), clusterName(entry.label))),
      h('td', null, keywordText(entry.keywords, 4)),
      h('td', { className: 'num' }, entry.label >= 0 ? entry.probability.toFixed(2) : '–'),
    ),
  );
  return h(
    'section',
    null,
    h('h2', null, 'Clusters'),
    h(
      'table',
      { className: 'table' },
      h('thead', null, h('tr', null, h('th', null, 'Clustering'), h('th', null, 'Cluster'), h('th', null, 'Keywords'), h('th', null, 'Membership'))),
      h('tbody', null, ...rows),
    ),
  );
}

/** The file, its format and size, and every metadata column. */
function metadataSection(item: ItemDetail): HTMLElement {
  const image = item.image;
  return h(
    'section',
    null,
    h('h2', null, 'Metadata'),
    h(
      'table',
      { className: 'table' },
      h(
        'tbody',
        null,
        h('tr', null, h('th', null, 'file'), h('td', { className: 'break' }, item.path)),
        image ? h('tr', null, h('th', null, 'image'), h('td', null, `${image.format}, ${image.width} × ${image.height}, ${(image.bytes / 1024).toFixed(0)} KiB`)) : null,
        ...Object.entries(item.metadata).map(([key, value]) => h('tr', null, h('th', null, key), h('td', { className: 'break' }, value))),
      ),
    ),
  );
}

/** One image: the picture, its descriptions, its metadata and its cluster in every clustering. */
export const imageView: View = async (root, route) => {
  const id = route.path[1] ?? '';
  const item = await getJson<ItemDetail>(`/api/items/${encodeURIComponent(id)}`);
  const descriptions = item.descriptions.length > 0 ? item.descriptions.map(descriptionBlock) : [h('p', { className: 'muted' }, 'No description.')];
  const imageTexts = item.imageTexts
    .filter((read) => read.text.trim() !== '')
    .map((read) => h('div', { className: 'description' }, h('p', { className: 'muted' }, `${read.engine} (${read.version})`), h('p', { className: 'break' }, read.text)));
  const textSection = imageTexts.length > 0 ? [h('section', null, h('h2', null, 'Text in the image'), ...imageTexts)] : [];
  replace(
    root,
    h(
      'div',
      { className: 'page image-page' },
      h('header', { className: 'page-header' }, h('p', { className: 'crumbs' }, h('a', { href: href(['map']) }, '← Map')), h('h1', { className: 'break' }, item.id)),
      h(
        'div',
        { className: 'image-layout' },
        h('figure', { className: 'image-frame' }, h('img', { src: imageUrl(item.id), alt: item.id })),
        h('div', { className: 'image-info' }, h('section', null, h('h2', null, 'Descriptions'), ...descriptions), ...textSection, clustersSection(item), metadataSection(item)),
      ),
    ),
  );
};
