import { thumbnailUrl } from '../../api.js';
import { h, replace } from '../../dom.js';
import { placeBesidePointer } from '../../map/tooltip-place.js';
import { clusterName, keywordText, swatch } from '../common.js';
import type { MapModel } from './model.js';

/** The card's width (styles.ts) and the height its thumbnail and text take at most. */
const TOOLTIP_SIZE = { width: 240, height: 300 };

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
    placeBesidePointer(this.element, this.stage, clientX, clientY, TOOLTIP_SIZE);
  }
}
