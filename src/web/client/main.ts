import { getJson, type Overview } from './api.js';
import { h, replace } from './dom.js';
import { href, parseRoute, type Route } from './router.js';
import { clusterView } from './views/cluster.js';
import { clustersView } from './views/clusters.js';
import { showError, type AppContext, type View } from './views/common.js';
import { compareView } from './views/compare.js';
import { imageView } from './views/image.js';
import { mapView } from './views/map.js';
import { pairsView } from './views/pairs.js';
import { studiesView, studyView } from './views/studies.js';

const CODER_KEY = 'connote.coder';

interface Page {
  readonly view: View;
  /** The navigation entry it belongs to. */
  readonly section: string;
  /** Shows item ids, metadata or clusters: not for blind coders. */
  readonly explores: boolean;
}

function pageFor(route: Route): Page | undefined {
  const [first, second] = route.path;
  switch (first ?? 'map') {
    case 'map':
      return { view: mapView, section: 'map', explores: true };
    case 'clusters':
      return { view: clustersView, section: 'clusters', explores: true };
    case 'cluster':
      return { view: clusterView, section: 'clusters', explores: true };
    case 'image':
      return { view: imageView, section: 'map', explores: true };
    case 'compare':
      return { view: compareView, section: 'compare', explores: true };
    case 'code':
      if (second === 'pairs') return { view: pairsView, section: 'pairs', explores: false };
      if (second === 'studies') return { view: studiesView, section: 'studies', explores: false };
      if (second === 'study') return { view: studyView, section: 'studies', explores: false };
      return undefined;
    default:
      return undefined;
  }
}

function readCoder(): string | null {
  try {
    return localStorage.getItem(CODER_KEY);
  } catch {
    return null;
  }
}

async function start(): Promise<void> {
  const root = document.getElementById('app') as HTMLElement;
  let overview: Overview;
  try {
    overview = await getJson<Overview>('/api/overview');
  } catch (error) {
    showError(root, error);
    return;
  }
  let localCoder = readCoder();
  const coderBadge = h('span', { className: 'coder-badge' });
  const app: AppContext = {
    overview,
    coder: () => overview.coder ?? localCoder,
    setCoder(name) {
      localCoder = name;
      try {
        localStorage.setItem(CODER_KEY, name);
      } catch {
        // Private browsing: the name lasts for this page only.
      }
      renderBadge();
    },
  };
  function renderBadge(): void {
    const coder = app.coder();
    replace(
      coderBadge,
      coder ? `Coder: ${coder}` : '',
      coder && !overview.tokens
        ? h(
            'button',
            {
              type: 'button',
              className: 'link',
              on: {
                click: () => {
                  localCoder = null;
                  try {
                    localStorage.removeItem(CODER_KEY);
                  } catch {
                    // Nothing stored.
                  }
                  renderBadge();
                  void route();
                },
              },
            },
            'change',
          )
        : null,
    );
  }

  const sections: Array<[string, string, string[]]> = [
    ['map', 'Map', ['map']],
    ['clusters', 'Clusters', ['clusters']],
    ['compare', 'Compare', ['compare']],
    ['pairs', 'Code pairs', ['code', 'pairs']],
    ['studies', 'Interpretability', ['code', 'studies']],
  ];
  const visible = sections.filter(([section]) => !overview.blind || section === 'pairs' || section === 'studies');
  const links = new Map(visible.map(([section, label, path]) => [section, h('a', { href: href(path) }, label)]));
  const main = h('main', { id: 'view', className: 'view' });
  replace(
    root,
    h(
      'header',
      { className: 'topbar' },
      h('a', { className: 'brand', href: href([overview.blind ? 'code' : 'map', ...(overview.blind ? ['pairs'] : [])]) }, 'connote'),
      h('span', { className: 'project' }, overview.title),
      h('nav', { className: 'nav' }, ...links.values()),
      coderBadge,
    ),
    main,
  );
  renderBadge();

  let leave: (() => void) | void;
  let generation = 0;
  async function route(): Promise<void> {
    const current = ++generation;
    leave?.();
    leave = undefined;
    const parsed = parseRoute(location.hash);
    const page = pageFor(parsed);
    if (!page || (overview.blind && page.explores)) {
      location.replace(href(overview.blind ? ['code', 'pairs'] : ['map']));
      return;
    }
    for (const [section, link] of links) link.classList.toggle('active', section === page.section);
    const view = h('div', { className: 'view-inner' });
    replace(main, view);
    try {
      const cleanup = await page.view(view, parsed, app);
      if (current === generation) leave = cleanup;
      else cleanup?.();
    } catch (error) {
      if (current === generation) showError(view, error);
    }
    if (current === generation && !parsed.path.includes('map')) window.scrollTo(0, 0);
  }
  window.addEventListener('hashchange', () => void route());
  await route();
}

void start();
