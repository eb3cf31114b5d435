import type { LayoutPoints } from '../store/explore.js';
import type { Store } from '../store/index.js';

/** Label of an item the clustering did not include (it has no description, say). */
export const UNASSIGNED_LABEL = -2;

const CACHE_SIZE = 8;

/**
 * Layouts and label arrays in map order, kept in memory: a finished run never changes, and
 * reading 100,000 positions out of SQLite for every visitor would dominate the first render.
 */
export class MapData {
  private readonly layouts = new Map<string, LayoutPoints>();
  private readonly labels = new Map<string, Int32Array>();

  constructor(private readonly store: Store) {}

  layout(runId: string, method: string): LayoutPoints | undefined {
    const key = JSON.stringify([runId, method]);
    let layout = this.layouts.get(key);
    if (!layout) {
      layout = this.store.explore.layoutPoints(runId, method);
      if (layout.ids.length === 0) return undefined;
      remember(this.layouts, key, layout);
    }
    return layout;
  }

  /** Labels of `clusteringId` aligned with the layout's items. */
  labelsFor(clusteringId: number, runId: string, method: string): Int32Array | undefined {
    const layout = this.layout(runId, method);
    if (!layout) return undefined;
    const key = JSON.stringify([clusteringId, runId, method]);
    let labels = this.labels.get(key);
    if (!labels) {
      labels = this.store.explore.labelsFor(clusteringId, layout.ids, UNASSIGNED_LABEL);
      remember(this.labels, key, labels);
    }
    return labels;
  }
}

function remember<T>(cache: Map<string, T>, key: string, value: T): void {
  cache.set(key, value);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
}
