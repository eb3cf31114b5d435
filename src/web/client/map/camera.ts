/** Bounds of the points in layout (world) coordinates. */
export interface Bounds {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export function boundsOf(xy: Float32Array): Bounds {
  const bounds = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
  for (let i = 0; i < xy.length; i += 2) {
    const x = xy[i];
    const y = xy[i + 1];
    if (x < bounds.minX) bounds.minX = x;
    if (x > bounds.maxX) bounds.maxX = x;
    if (y < bounds.minY) bounds.minY = y;
    if (y > bounds.maxY) bounds.maxY = y;
  }
  if (!Number.isFinite(bounds.minX)) return { minX: -1, minY: -1, maxX: 1, maxY: 1 };
  return bounds;
}

/**
 * Where the map looks: the world point at the centre of the view and the scale (screen pixels
 * per world unit). Screen y grows downwards, as world y does: a layout has no "up".
 */
export class Camera {
  centreX = 0;
  centreY = 0;
  scale = 1;
  width = 1;
  height = 1;
  minScale = 1e-9;
  maxScale = 1e9;

  resize(width: number, height: number): void {
    this.width = Math.max(1, width);
    this.height = Math.max(1, height);
  }

  /**
   * Shows all of `bounds` with a margin (by default wider left and right, where cluster labels
   * centred on the outermost clusters need room), and allows zooming from a quarter of that to 4000x.
   */
  fit(bounds: Bounds, margin?: number): void {
    const marginY = margin ?? 32;
    const marginX = margin ?? Math.min(110, this.width / 4);
    const spanX = Math.max(bounds.maxX - bounds.minX, 1e-9);
    const spanY = Math.max(bounds.maxY - bounds.minY, 1e-9);
    this.centreX = (bounds.minX + bounds.maxX) / 2;
    this.centreY = (bounds.minY + bounds.maxY) / 2;
    this.scale = Math.min((this.width - 2 * marginX) / spanX, (this.height - 2 * marginY) / spanY);
    if (!(this.scale > 0)) this.scale = 1;
    this.minScale = this.scale / 4;
    this.maxScale = this.scale * 4000;
  }

  screenX(x: number): number {
    return (x - this.centreX) * this.scale + this.width / 2;
  }

  screenY(y: number): number {
    return (y - this.centreY) * this.scale + this.height / 2;
  }

  worldX(sx: number): number {
    return (sx - this.width / 2) / this.scale + this.centreX;
  }

  worldY(sy: number): number {
    return (sy - this.height / 2) / this.scale + this.centreY;
  }

  /** Moves the view by screen pixels (dragging the map right moves the world right). */
  panBy(dx: number, dy: number): void {
    this.centreX -= dx / this.scale;
    this.centreY -= dy / this.scale;
  }

  /** Zooms by `factor`, keeping the world point under (sx, sy) where it is on screen. */
  zoomAt(factor: number, sx: number, sy: number): void {
    const wx = this.worldX(sx);
    const wy = this.worldY(sy);
    this.scale = Math.min(this.maxScale, Math.max(this.minScale, this.scale * factor));
    this.centreX = wx - (sx - this.width / 2) / this.scale;
    this.centreY = wy - (sy - this.height / 2) / this.scale;
  }

  /** The visible world rectangle, grown by `pad` screen pixels on each side. */
  visible(pad = 0): Bounds {
    return {
      minX: this.worldX(-pad),
      maxX: this.worldX(this.width + pad),
      minY: this.worldY(-pad),
      maxY: this.worldY(this.height + pad),
    };
  }
}
