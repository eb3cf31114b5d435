import type { ClusteringDetail } from '../../api.js';
import { h, replace } from '../../dom.js';
import { href } from '../../router.js';
import { keywordText, swatch } from '../common.js';

/** Hovering a legend entry highlights its cluster on the map; leaving restores the highlight. */
export interface LegendEvents {
  enter(label: number): void;
  leave(): void;
}

/** Every cluster of the colouring, largest first, then noise; each links to its cluster page. */
export function renderLegend(legend: HTMLElement, detail: ClusteringDetail, events: LegendEvents): void {
  const clusters = [...detail.clusters].sort((a, b) => b.size - a.size);
  const entry = (label: number, colour: string, name: string, keywords: string, size: number) =>
    h(
      'li',
      { on: { mouseenter: () => events.enter(label), mouseleave: () => events.leave() } },
      h(
        'a',
        { href: href(['cluster', detail.clustering.id, label]) },
        swatch(colour),
        h('span', { className: 'legend-label' }, name),
        h('span', { className: 'legend-keywords' }, keywords),
        h('span', { className: 'legend-size' }, String(size)),
      ),
    );
  replace(
    legend,
    ...clusters.map((cluster) => entry(cluster.label, cluster.colour, String(cluster.label), keywordText(cluster.keywords, 4), cluster.size)),
    entry(-1, detail.noise.colour, '–', 'noise (no cluster)', detail.noise.size),
  );
}
