import { thumbnailUrl } from '../../api.js';
import { h, replace } from '../../dom.js';
import { clusterName, keywordText, swatch } from '../common.js';
import type { MapModel } from './model.js';

const TOOLTIP_WIDTH = 240;

/** The card that follows the pointer: thumbnail, id, cluster and its keywords. */
export class MapTooltip {
  readonly element = h('div', { className: 'map-tooltip', role: 'status', aria: { live: 'polite' } });

  constructor(
    private readonly stage: HTMLElement,
    private readonly model: () => MapModel | null,
  ) {
    this.element.hidden = true;
  }

  show(index: number, clientX: number, clientY: number): void {
    const model = this.model();
    if (index < 0 || !model) {
      this.element.hidden = true;
      return;
    }
    const id = model.points.ids[index];
    const label = model.labels[index];
    const cluster = model.clusterOf.get(label);
    replace(
      this.element,
      h('img', { src: thumbnailUrl(id), alt: '' }),
      h('div', { className: 'tip-id' }, id),
      h('div', { className: 'tip-cluster' }, swatch(model.colourOf(label)), clusterName(label)),
      cluster ? h('div', { className: 'tip-keywords' }, keywordText(cluster.keywords, 6)) : null,
    );
    this.element.hidden = false;
    this.place(clientX, clientY);
  }

  /** Beside the pointer, flipped to its left near the right edge, kept inside the stage. */
  private place(clientX: number, clientY: number): void {
    const rect = this.stage.getBoundingClientRect();
    const x = clientX - rect.left;
    const y = clientY - rect.top;
    this.element.style.left = `${x + 16 + TOOLTIP_WIDTH > rect.width ? Math.max(4, x - TOOLTIP_WIDTH - 16) : x + 16}px`;
    this.element.style.top = `${Math.min(Math.max(4, y - 20), Math.max(4, rect.height - 300))}px`;
  }
}
