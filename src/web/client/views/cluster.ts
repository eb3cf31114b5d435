import { getJson, type Description, type MemberPage } from '../api.js';
import { h, replace } from '../dom.js';
import { href } from '../router.js';
import { clusteringName, clusterName, keywordText, pager, swatch, thumbLink, type View } from './common.js';

const PAGE_SIZE = 24;

/** Connotative first: it is what the clustering read. */
function orderDescriptions(descriptions: readonly Description[]): Description[] {
  const rank = (d: Description): number => (d.prompt === 'connotative' ? 0 : d.prompt === 'denotative' ? 1 : 2);
  return [...descriptions].sort((a, b) => rank(a) - rank(b));
}

export function descriptionBlock(description: Description): HTMLElement {
  return h(
    'div',
    { className: `description ${description.status !== 'ok' ? 'description-missing' : ''}` },
    h('span', { className: 'prompt' }, description.prompt),
    h('p', null, description.status === 'ok' ? description.text : `(${description.status})`),
  );
}

type ClusterInfo = MemberPage['cluster'];

/** The keywords as bars (c-TF-IDF), the TF-IDF words, and the most typical images. */
function summarySection(cluster: ClusterInfo): HTMLElement {
  const maxScore = Math.max(1e-12, ...cluster.keywords.map((k) => k.score));
  const bars = cluster.keywords.map((k) => {
    const bar = h('span', { className: 'bar' });
    bar.style.width = `${Math.max(2, (100 * k.score) / maxScore)}%`;
    return h('li', null, h('span', { className: 'term' }, k.term), h('span', { className: 'bar-track' }, bar), h('span', { className: 'score' }, k.score.toFixed(3)));
  });
  return h(
    'section',
    { className: 'summary' },
    h('h2', null, 'Why these images belong together'),
    h('p', { className: 'muted' }, 'The words that set this cluster\u2019s descriptions apart from the other clusters\u2019 (c-TF-IDF), longest bar first.'),
    h('ol', { className: 'keyword-bars' }, ...bars),
    cluster.tfidfKeywords.length > 0 ? h('p', { className: 'muted small' }, 'Most frequent distinctive words (TF-IDF): ', keywordText(cluster.tfidfKeywords, 10)) : null,
    cluster.representatives.length > 0
      ? h('div', null, h('h3', null, 'Most typical images'), h('div', { className: 'thumbs' }, ...cluster.representatives.map((id) => thumbLink(id, 'thumb large'))))
      : null,
  );
}

/** One member: its thumbnail, id, membership strength and descriptions. */
function memberCard(member: MemberPage['members'][number], clustered: boolean): HTMLElement {
  return h(
    'article',
    { className: 'member' },
    thumbLink(member.id, 'thumb large'),
    h(
      'div',
      { className: 'member-text' },
      h('h3', null, h('a', { href: href(['image', member.id]) }, member.id), clustered ? h('small', null, `membership ${member.probability.toFixed(2)}`) : null),
      ...orderDescriptions(member.descriptions).map(descriptionBlock),
    ),
  );
}

/** One cluster: its keyword summary and every member, paged, with their descriptions. */
export const clusterView: View = async (root, route) => {
  const clusteringId = Number(route.path[1]);
  const label = Number(route.path[2]);
  const offset = Math.max(0, Number(route.params.get('offset')) || 0);
  const page = await getJson<MemberPage>(`/api/clusterings/${clusteringId}/clusters/${label}/members?offset=${offset}&limit=${PAGE_SIZE}`);
  const cluster = page.cluster;
  const go = (next: number): void => {
    location.hash = href(['cluster', clusteringId, label], { offset: next || undefined });
  };
  replace(
    root,
    h(
      'div',
      { className: 'page cluster-page' },
      h(
        'header',
        { className: 'page-header' },
        h('p', { className: 'crumbs' }, h('a', { href: href(['clusters'], { c: clusteringId }) }, `← ${clusteringName(page.clustering)}`)),
        h('h1', null, swatch(cluster.colour), clusterName(label), h('small', null, `${page.total.toLocaleString()} images`)),
        h('p', { className: 'lede' }, label >= 0 ? keywordText(cluster.keywords, 10) : 'Images placed in no cluster.'),
      ),
      label >= 0 ? summarySection(cluster) : null,
      h('h2', null, 'Members'),
      pager(page.total, offset, PAGE_SIZE, go),
      h('div', { className: 'members' }, ...page.members.map((member) => memberCard(member, label >= 0))),
      pager(page.total, offset, PAGE_SIZE, go),
    ),
  );
};
