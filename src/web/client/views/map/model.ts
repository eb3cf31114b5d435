import type { ClusteringDetail, ClusterSummary } from '../../api.js';

/** Grey for points that the colouring clustering does not cover (another run's images). */
export const UNCLUSTERED_COLOUR = '#dcdcdc';

/** One layout's points, in the order of its binary positions and labels. */
export interface MapPoints {
  readonly run: string;
  readonly method: string;
  readonly ids: string[];
  readonly indexOf: Map<string, number>;
  readonly xy: Float32Array;
}

/**
 * What the map page knows at a moment: its points, the clustering that colours them, and the
 * two highlights (a search and a selection; the selection wins). Panels read it; the view owns it.
 */
export class MapModel {
  detail: ClusteringDetail | null = null;
  labels: Int32Array = new Int32Array(0);
  readonly clusterOf = new Map<number, ClusterSummary>();
  searchMask: Uint8Array | null = null;
  selectionMask: Uint8Array | null = null;

  constructor(readonly points: MapPoints) {}

  setColouring(detail: ClusteringDetail, labels: Int32Array): void {
    this.detail = detail;
    this.labels = labels;
    this.clusterOf.clear();
    for (const cluster of detail.clusters) this.clusterOf.set(cluster.label, cluster);
  }

  colourOf(label: number): string {
    return this.clusterOf.get(label)?.colour ?? (label === -1 ? this.detail?.noise.colour ?? '#bbb' : UNCLUSTERED_COLOUR);
  }

  activeMask(): Uint8Array | null {
    return this.selectionMask ?? this.searchMask;
  }

  maskOf(indices: Iterable<number>): Uint8Array {
    const mask = new Uint8Array(this.points.ids.length);
    for (const i of indices) mask[i] = 1;
    return mask;
  }

  maskOfLabel(label: number): Uint8Array {
    const mask = new Uint8Array(this.points.ids.length);
    for (let i = 0; i < this.labels.length; i++) if (this.labels[i] === label) mask[i] = 1;
    return mask;
  }
}
