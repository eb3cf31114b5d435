import type { ExplorerCluster } from '../explorer-contract.js';
import { clusterColour } from '../palette.js';
import { h } from '../../web/client/dom.js';

/** A cluster as people read it: its model-written name when it has one, else its keywords. */
export function clusterTitle(label: number, cluster: ExplorerCluster | undefined): string {
  if (label < 0) return 'Noise';
  const words = cluster?.keywords.slice(0, 3).join(', ') ?? '';
  return cluster?.name ? `${label} · ${cluster.name}` : `${label} · ${words}`;
}

export const swatch = (label: number): HTMLElement => {
  const element = h('span', { className: 'swatch', aria: { hidden: 'true' } });
  element.style.background = clusterColour(label);
  return element;
};

/** A square thumbnail: the page's CSS rule for the row when it has one, else the image's id. */
export function thumb(row: number, id: string, hasThumbnail: boolean, className = 'thumb'): HTMLElement {
  return hasThumbnail ? h('span', { className: `${className} r${row}`, role: 'img', aria: { label: id } }) : h('span', { className: `${className} no-thumb` }, id);
}

export const plural = (n: number, word: string): string => `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;
