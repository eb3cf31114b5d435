import { getJson, type NearDuplicateGroup, type NearDuplicateGrouping, type NearDuplicatesResponse, type Overview } from '../api.js';
import { h, replace } from '../dom.js';
import { href, searchString } from '../router.js';
import { emptyState, pager, thumbLink, type View } from './common.js';

const PAGE_SIZE = 24;
/** The API's own cap on a page. */
const MAX_PAGE_SIZE = 5000;
/** Members shown before "Show all": a meme reposted hundreds of times would otherwise fill the page. */
const MEMBERS_SHOWN = 30;

const hashName = (hash: string): string => (hash === 'dhash' ? 'dHash' : hash === 'phash' ? 'pHash' : hash);
const plural = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString()} ${n === 1 ? one : many}`;
const minute = (iso: string): string => iso.slice(0, 16).replace('T', ' ');

/** Where a grouping came from: its run (named as the clustering menus name runs) or connote duplicates. */
function groupingSource(grouping: NearDuplicateGrouping, overview: Overview): string {
  if (grouping.runId === null) return `connote duplicates, ${minute(grouping.createdAt)}`;
  const runLabel = overview.clusterings?.find((c) => c.runId === grouping.runId)?.runLabel;
  return `run ${runLabel ?? minute(grouping.createdAt)}`;
}

/** Menu entries: hash, distance, where and when; two that would still read the same get their id. */
function groupingLabels(groupings: readonly NearDuplicateGrouping[], overview: Overview): Map<number, string> {
  const labels = groupings.map((g) => `${hashName(g.hash)}, distance ${g.maxDistance} · ${groupingSource(g, overview)}${g.analysis ? ` · analysis ${g.analysis}` : ''}`);
  return new Map(groupings.map((g, i) => [g.id, labels.indexOf(labels[i]) === labels.lastIndexOf(labels[i]) ? labels[i] : `${labels[i]} · #${g.id}`]));
}

function groupingSelect(answer: NearDuplicatesResponse, overview: Overview, shown: number, onChange: (id: number) => void): HTMLElement | null {
  if (answer.groupings.length < 2) return null;
  const labels = groupingLabels(answer.groupings, overview);
  // Newest first, as the API's default is the newest.
  const options = [...answer.groupings].reverse().map((g) => h('option', { value: String(g.id) }, labels.get(g.id)!));
  const select = h('select', { on: { change: () => onChange(Number(select.value)) } }, ...options);
  select.value = String(shown);
  return h('label', { className: 'field' }, h('span', null, 'Grouping'), select);
}

function analysisText(analysis: string | null): string {
  if (analysis === 'representative') return 'analysis representative (only each group\u2019s representative was described; the others take its cluster)';
  if (analysis === 'all') return 'analysis all (every image described and clustered)';
  return 'grouped by connote duplicates, outside a run';
}

function summaryLine(answer: NearDuplicatesResponse, grouping: NearDuplicateGrouping): string {
  const groups = plural(answer.total, 'group');
  const images = `${answer.imagesInGroups.toLocaleString()} of ${plural(grouping.images, 'image')} in groups`;
  return `${groups} of near-duplicates, ${images}; ${hashName(grouping.hash)}, at most ${plural(grouping.maxDistance, 'bit')} apart; ${analysisText(grouping.analysis)}.`;
}

/** A small member thumbnail with its distance in bits to the representative's hash. */
function memberThumb(id: string, distance: number | undefined): HTMLElement {
  return h(
    'figure',
    { className: 'duplicate-member' },
    thumbLink(id),
    distance === undefined ? null : h('figcaption', { title: 'Hamming distance to the representative\u2019s hash' }, plural(distance, 'bit')),
  );
}

/** The members other than the representative, the first MEMBERS_SHOWN and a button for the rest. */
function otherMembers(group: NearDuplicateGroup): HTMLElement {
  const others = group.memberIds.map((id, i) => ({ id, distance: group.distances[i] })).filter((m) => m.id !== group.representativeId);
  const list = h('div', { className: 'thumbs duplicate-members' }, ...others.slice(0, MEMBERS_SHOWN).map((m) => memberThumb(m.id, m.distance)));
  if (others.length > MEMBERS_SHOWN) {
    const rest = others.slice(MEMBERS_SHOWN);
    const showRest = (): void => more.replaceWith(...rest.map((m) => memberThumb(m.id, m.distance)));
    const more = h('button', { type: 'button', className: 'link', on: { click: showRest } }, `Show ${rest.length} more`);
    list.append(more);
  }
  return list;
}

/** One group, shown once: its representative large, its count, the other members small. */
function groupCard(group: NearDuplicateGroup): HTMLElement {
  const items = group.size === group.images ? null : ` · ${plural(group.size, 'item')}`;
  return h(
    'article',
    { className: 'card duplicate-group', data: { group: String(group.group) } },
    h('h2', null, `Group ${group.group}`, h('small', { className: 'duplicate-count' }, plural(group.images, 'image')), items ? h('small', null, items) : null),
    h(
      'div',
      { className: 'duplicate-body' },
      h('figure', { className: 'duplicate-representative' }, thumbLink(group.representativeId, 'thumb large'), h('figcaption', { className: 'break' }, h('a', { href: href(['image', group.representativeId]) }, group.representativeId))),
      otherMembers(group),
    ),
  );
}

function howToGroup(): HTMLElement[] {
  return [
    h('p', null, 'Group near-identical images (reposts, recompressed, scaled or lightly edited copies) with one of:'),
    h('p', null, h('code', null, 'connote duplicates PROJECT'), ' groups the project\u2019s images on their own (nothing is described or paid for);'),
    h('p', null, h('code', null, 'connote run IMAGES --out PROJECT --near-duplicates'), ' groups them within a run.'),
  ];
}

/** A grouping that found nothing: which flag would join more, for the command that made it. */
function noGroups(grouping: NearDuplicateGrouping): HTMLElement {
  const flag = grouping.runId === null ? '--max-distance' : '--near-duplicate-distance';
  const images = plural(grouping.images, 'image');
  return emptyState('No near-duplicates in this grouping', `No two of its ${images} were within ${plural(grouping.maxDistance, 'bit')} of each other; a larger distance (${flag}) joins more.`);
}

function pageSize(params: URLSearchParams): number {
  const asked = Math.floor(Number(params.get('limit')));
  return asked >= 1 ? Math.min(asked, MAX_PAGE_SIZE) : PAGE_SIZE;
}

/** The project's near-duplicate groups, a page at a time, from the grouping chosen in the menu (default: the newest). */
export const duplicatesView: View = async (root, route, app) => {
  const requested = route.params.get('g') ?? undefined;
  const offset = Math.max(0, Math.floor(Number(route.params.get('offset'))) || 0);
  const limit = pageSize(route.params);
  const answer = await getJson<NearDuplicatesResponse>(`/api/duplicates${searchString({ grouping: requested, offset, limit })}`);
  const grouping = answer.grouping;
  if (!grouping) {
    const notice = h('div', { className: 'notice duplicates-empty' }, h('h2', null, 'No near-duplicate groups yet'), ...howToGroup());
    replace(root, h('div', { className: 'page duplicates-page' }, h('h1', null, 'Duplicates'), notice));
    return;
  }
  const go = (params: { g?: number; offset?: number }): void => {
    location.hash = href(['duplicates'], { g: params.g ?? grouping.id, offset: params.offset || undefined, limit: limit === PAGE_SIZE ? undefined : limit });
  };
  const paging = answer.total > limit ? () => pager(answer.total, offset, limit, (next) => go({ offset: next }), 'groups') : () => null;
  replace(
    root,
    h(
      'div',
      { className: 'page duplicates-page' },
      h(
        'header',
        { className: 'page-header' },
        h('h1', null, 'Duplicates'),
        groupingSelect(answer, app.overview, grouping.id, (id) => go({ g: id })),
        h('p', { className: 'lede duplicates-summary' }, summaryLine(answer, grouping)),
        // Chains join: a ~ b ~ c is one group though a and c may differ in more bits than the distance.
        answer.total > 0 ? h('p', { className: 'muted small' }, 'Under each image: how many bits its hash differs from the representative\u2019s. Groups join in chains, so a member can lie farther than the distance.') : null,
      ),
      answer.total === 0 ? noGroups(grouping) : null,
      paging(),
      h('div', { className: 'cards duplicate-groups' }, ...answer.groups.map(groupCard)),
      paging(),
    ),
  );
};
