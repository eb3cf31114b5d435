import { getJson, type Overview } from './api.js';
import { h, replace } from './dom.js';
import { href, parseRoute, type Route } from './router.js';
import { clusterView } from './views/cluster.js';
import { clustersView } from './views/clusters.js';
import { showError, type AppContext, type View } from './views/common.js';
import { compareView } from './views/compare.js';
import { duplicatesView } from './views/duplicates.js';
import { imageView } from './views/image.js';
import { mapView } from './views/map.js';
import { pairsView } from './views/pairs.js';
import { studiesView } from './views/studies.js';
import { studyView } from './views/study.js';

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
    case 'duplicates':
      return { view: duplicatesView, section: 'duplicates', explores: true };
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

/** The coder's name: from the access token, or as typed in this browser (kept in localStorage). */
class CoderIdentity {
  readonly badge = h('span', { className: 'coder-badge' });
  private local = readCoder();

  constructor(
    private readonly overview: Overview,
    /** Called when the coder signs out, so the current view asks for a name again. */
    private readonly changed: () => void,
  ) {}

  current(): string | null {
    return this.overview.coder ?? this.local;
  }

  set(name: string | null): void {
    this.local = name;
    try {
      if (name) localStorage.setItem(CODER_KEY, name);
      else localStorage.removeItem(CODER_KEY);
    } catch {
      // Private browsing: the name lasts for this page only.
    }
    this.render();
  }

  render(): void {
    const coder = this.current();
    const change = () => {
      this.set(null);
      this.changed();
    };
    replace(
      this.badge,
      coder ? `Coder: ${coder}` : '',
      coder && !this.overview.tokens ? h('button', { type: 'button', className: 'link', on: { click: change } }, 'change') : null,
    );
  }
}

const SECTIONS: Array<[string, string, string[]]> = [
  ['map', 'Map', ['map']],
  ['clusters', 'Clusters', ['clusters']],
  ['compare', 'Compare', ['compare']],
  ['duplicates', 'Duplicates', ['duplicates']],
  ['pairs', 'Code pairs', ['code', 'pairs']],
  ['studies', 'Interpretability', ['code', 'studies']],
];

/** The top bar: brand, project, the sections this visitor may see (blind coders: coding only). */
function topBar(overview: Overview, badge: HTMLElement): { bar: HTMLElement; links: Map<string, HTMLAnchorElement> } {
  const visible = SECTIONS.filter(([section]) => !overview.blind || section === 'pairs' || section === 'studies');
  const links = new Map(visible.map(([section, label, path]) => [section, h('a', { href: href(path) }, label)]));
  const home = href([overview.blind ? 'code' : 'map', ...(overview.blind ? ['pairs'] : [])]);
  const bar = h(
    'header',
    { className: 'topbar' },
    h('a', { className: 'brand', href: home }, 'connote'),
    h('span', { className: 'project' }, overview.title),
    h('nav', { className: 'nav' }, ...links.values()),
    badge,
  );
  return { bar, links };
}

/** Shows the view of the address, cleaning up the previous one; a late answer for an old address is dropped. */
class Router {
  private leave: (() => void) | void = undefined;
  private generation = 0;

  constructor(
    private readonly main: HTMLElement,
    private readonly links: Map<string, HTMLAnchorElement>,
    private readonly app: AppContext,
  ) {}

  async route(): Promise<void> {
    const current = ++this.generation;
    this.leave?.();
    this.leave = undefined;
    const parsed = parseRoute(location.hash);
    const page = pageFor(parsed);
    const blind = this.app.overview.blind;
    if (!page || (blind && page.explores)) {
      location.replace(href(blind ? ['code', 'pairs'] : ['map']));
      return;
    }
    for (const [section, link] of this.links) link.classList.toggle('active', section === page.section);
    const view = h('div', { className: 'view-inner' });
    replace(this.main, view);
    try {
      const cleanup = await page.view(view, parsed, this.app);
      if (current === this.generation) this.leave = cleanup;
      else cleanup?.();
    } catch (error) {
      if (current === this.generation) showError(view, error);
    }
    if (current === this.generation && !parsed.path.includes('map')) window.scrollTo(0, 0);
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
  let router: Router | undefined;
  const coder = new CoderIdentity(overview, () => void router?.route());
  const app: AppContext = { overview, coder: () => coder.current(), setCoder: (name) => coder.set(name) };
  const { bar, links } = topBar(overview, coder.badge);
  const main = h('main', { id: 'view', className: 'view' });
  replace(root, bar, main);
  coder.render();
  router = new Router(main, links, app);
  window.addEventListener('hashchange', () => void router?.route());
  await router.route();
}

void start();
