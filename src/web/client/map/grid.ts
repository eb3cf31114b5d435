import type { Bounds } from './camera.js';

/**
 * A uniform grid over the points (about `perCell` points a cell): finding the point under the
 * cursor and the points inside a lasso looks at a few cells instead of every point.
 */
export class SpatialGrid {
  private readonly cellStart: Int32Array;
  private readonly cellItems: Int32Array;
  private readonly columns: number;
  private readonly rows: number;
  private readonly cellWidth: number;
  private readonly cellHeight: number;

  constructor(
    private readonly xy: Float32Array,
    private readonly bounds: Bounds,
    perCell = 8,
  ) {
    const n = xy.length / 2;
    const cells = Math.max(1, Math.ceil(n / perCell));
    const spanX = Math.max(bounds.maxX - bounds.minX, 1e-9);
    const spanY = Math.max(bounds.maxY - bounds.minY, 1e-9);
    const aspect = spanX / spanY;
    this.columns = Math.max(1, Math.min(4096, Math.round(Math.sqrt(cells * aspect))));
    this.rows = Math.max(1, Math.min(4096, Math.round(cells / this.columns)));
    this.cellWidth = (spanX / this.columns) * (1 + 1e-9);
    this.cellHeight = (spanY / this.rows) * (1 + 1e-9);
    // Counting sort of point indices by cell: two flat arrays, no per-cell allocations.
    const cellOf = new Int32Array(n);
    const counts = new Int32Array(this.columns * this.rows + 1);
    for (let i = 0; i < n; i++) {
      const cell = this.cellIndex(xy[2 * i], xy[2 * i + 1]);
      cellOf[i] = cell;
      counts[cell + 1]++;
    }
    for (let c = 1; c < counts.length; c++) counts[c] += counts[c - 1];
    this.cellStart = counts;
    this.cellItems = new Int32Array(n);
    const fill = counts.slice(0, -1);
    for (let i = 0; i < n; i++) this.cellItems[fill[cellOf[i]]++] = i;
  }

  private column(x: number): number {
    return Math.min(this.columns - 1, Math.max(0, Math.floor((x - this.bounds.minX) / this.cellWidth)));
  }

  private row(y: number): number {
    return Math.min(this.rows - 1, Math.max(0, Math.floor((y - this.bounds.minY) / this.cellHeight)));
  }

  private cellIndex(x: number, y: number): number {
    return this.row(y) * this.columns + this.column(x);
  }

  /** Calls `visit` with every point in cells that overlap the rectangle (a superset of the points inside). */
  forEachNear(rect: Bounds, visit: (index: number) => void): void {
    const c0 = this.column(rect.minX);
    const c1 = this.column(rect.maxX);
    const r0 = this.row(rect.minY);
    const r1 = this.row(rect.maxY);
    for (let r = r0; r <= r1; r++) {
      for (let c = c0; c <= c1; c++) {
        const cell = r * this.columns + c;
        for (let k = this.cellStart[cell]; k < this.cellStart[cell + 1]; k++) visit(this.cellItems[k]);
      }
    }
  }

  /** The point nearest (x, y) within `radius` (world units) that `accept` allows, or -1. */
  nearest(x: number, y: number, radius: number, accept: (index: number) => boolean = () => true): number {
    let best = -1;
    let bestDistance = radius * radius;
    this.forEachNear({ minX: x - radius, maxX: x + radius, minY: y - radius, maxY: y + radius }, (i) => {
      const dx = this.xy[2 * i] - x;
      const dy = this.xy[2 * i + 1] - y;
      const distance = dx * dx + dy * dy;
      // Later points are drawn on top: on a tie, prefer them.
      if (distance <= bestDistance && accept(i)) {
        if (distance < bestDistance || i > best) best = i;
        bestDistance = distance;
      }
    });
    return best;
  }
}

/** Even-odd rule: is (x, y) inside the polygon [x0, y0, x1, y1, ...]? */
export function insidePolygon(x: number, y: number, polygon: readonly number[]): boolean {
  let inside = false;
  const n = polygon.length / 2;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const xi = polygon[2 * i];
    const yi = polygon[2 * i + 1];
    const xj = polygon[2 * j];
    const yj = polygon[2 * j + 1];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Indices of the points inside a lasso polygon given in world coordinates. */
export function pointsInPolygon(grid: SpatialGrid, xy: Float32Array, polygon: readonly number[]): number[] {
  if (polygon.length < 6) return [];
  const bounds = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
  for (let k = 0; k < polygon.length; k += 2) {
    bounds.minX = Math.min(bounds.minX, polygon[k]);
    bounds.maxX = Math.max(bounds.maxX, polygon[k]);
    bounds.minY = Math.min(bounds.minY, polygon[k + 1]);
    bounds.maxY = Math.max(bounds.maxY, polygon[k + 1]);
  }
  const inside: number[] = [];
  grid.forEachNear(bounds, (i) => {
    if (insidePolygon(xy[2 * i], xy[2 * i + 1], polygon)) inside.push(i);
  });
  return inside.sort((a, b) => a - b);
}
