import { Camera } from './camera.js';
import { pointsInPolygon } from './grid.js';
import { drawClusterLabels, type ClusterAnchor } from './labels.js';
import { MapRenderer, type FrameInfo } from './renderer.js';
import type { BuiltScene } from './scene.js';
import { ThumbnailCache } from './thumbnails.js';

export interface MapCanvasEvents {
  /** The point under the pointer changed (-1: none). */
  hover(index: number, clientX: number, clientY: number): void;
  /** A point was clicked (not dragged). */
  open(index: number): void;
  /** A lasso closed around these points. */
  select(indices: number[]): void;
}

/** Pointer travel (CSS pixels) below which a press is a click, not a drag. */
const CLICK_SLOP = 4;
/** How far beyond a dot the pointer still counts as on it. */
const HOVER_SLOP = 4;

/**
 * The interactive map: a canvas that pans (drag), zooms (wheel, double-click, + and -), shows
 * what is under the pointer, opens a point on click and selects with a lasso (shift-drag or the
 * lasso mode). Frames are drawn on animation frames, at most one per frame, only when needed.
 */
export class MapCanvas {
  readonly canvas: HTMLCanvasElement;
  readonly camera = new Camera();
  private readonly renderer: MapRenderer;
  private built: BuiltScene | null = null;
  private anchors: readonly ClusterAnchor[] = [];
  private highlight: Uint8Array | null = null;
  private emphasisedLabel: number | null = null;
  private hovered = -1;
  private frameRequested = false;
  private lastFrame: FrameInfo | null = null;
  private lassoMode = false;
  private drag: { x: number; y: number; startX: number; startY: number; lasso: number[] | null; id: number } | null = null;
  private readonly resizeObserver: ResizeObserver;

  constructor(
    private readonly container: HTMLElement,
    thumbnailUrl: (id: string) => string | null,
    private readonly events: MapCanvasEvents,
  ) {
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'map-canvas';
    this.canvas.tabIndex = 0;
    this.canvas.setAttribute('role', 'img');
    this.canvas.setAttribute('aria-label', 'Map of the images: drag to pan, scroll to zoom, shift-drag to select');
    container.appendChild(this.canvas);
    this.renderer = new MapRenderer(this.canvas, new ThumbnailCache(thumbnailUrl, () => this.requestRender()));
    this.resizeObserver = new ResizeObserver(() => this.resize());
    this.resizeObserver.observe(container);
    this.resize();
    this.listen();
  }

  get frame(): FrameInfo | null {
    return this.lastFrame;
  }

  setScene(built: BuiltScene, anchors: readonly ClusterAnchor[], fit: boolean): void {
    this.built = built;
    this.anchors = anchors;
    this.hovered = -1;
    if (fit) this.fit();
    this.requestRender();
  }

  setAnchors(anchors: readonly ClusterAnchor[]): void {
    this.anchors = anchors;
    this.requestRender();
  }

  /** Emphasise these points (1) and fade the rest; null shows all alike. */
  setHighlight(mask: Uint8Array | null, label: number | null = null): void {
    this.highlight = mask;
    this.emphasisedLabel = label;
    this.requestRender();
  }

  setLassoMode(on: boolean): void {
    this.lassoMode = on;
    this.canvas.classList.toggle('lasso', on);
  }

  fit(): void {
    if (this.built) this.camera.fit(this.built.bounds);
    this.requestRender();
  }

  zoomBy(factor: number): void {
    this.camera.zoomAt(factor, this.camera.width / 2, this.camera.height / 2);
    this.requestRender();
  }

  /** Centres the view on a point and zooms in until thumbnails show. */
  focus(index: number): void {
    if (!this.built) return;
    const { xy, spacing } = this.built.scene;
    this.camera.centreX = xy[2 * index];
    this.camera.centreY = xy[2 * index + 1];
    this.camera.scale = Math.min(this.camera.maxScale, Math.max(this.camera.scale, 90 / spacing));
    this.requestRender();
  }

  requestRender(): void {
    if (this.frameRequested) return;
    this.frameRequested = true;
    requestAnimationFrame(() => {
      this.frameRequested = false;
      this.render();
    });
  }

  destroy(): void {
    this.resizeObserver.disconnect();
    this.canvas.remove();
  }

  private render(): void {
    if (!this.built) return;
    this.lastFrame = this.renderer.draw(this.built.scene, this.camera, { highlight: this.highlight, hovered: this.hovered });
    const ctx = this.renderer.overlay();
    drawClusterLabels(ctx, this.camera, this.anchors, this.emphasisedLabel);
    const lasso = this.drag?.lasso;
    if (lasso && lasso.length >= 4) {
      ctx.beginPath();
      ctx.moveTo(lasso[0], lasso[1]);
      for (let k = 2; k < lasso.length; k += 2) ctx.lineTo(lasso[k], lasso[k + 1]);
      ctx.closePath();
      ctx.fillStyle = 'rgba(31, 111, 235, 0.08)';
      ctx.fill();
      ctx.setLineDash([5, 4]);
      ctx.lineWidth = 1.5;
      ctx.strokeStyle = '#1f6feb';
      ctx.stroke();
      ctx.setLineDash([]);
    }
    ctx.setTransform(1, 0, 0, 1, 0, 0);
  }

  private resize(): void {
    const rect = this.container.getBoundingClientRect();
    const firstSize = this.camera.width <= 1;
    this.camera.resize(rect.width, rect.height);
    this.renderer.resize(rect.width, rect.height, window.devicePixelRatio || 1);
    this.canvas.style.width = `${rect.width}px`;
    this.canvas.style.height = `${rect.height}px`;
    if (firstSize && this.built) this.fit();
    this.requestRender();
  }

  private local(event: { clientX: number; clientY: number }): [number, number] {
    const rect = this.canvas.getBoundingClientRect();
    return [event.clientX - rect.left, event.clientY - rect.top];
  }

  /** The point under a screen position, or -1. */
  pointAt(sx: number, sy: number): number {
    if (!this.built) return -1;
    const frame = this.lastFrame;
    const reach = ((frame ? frame.markSize / 2 : 4) + HOVER_SLOP) / this.camera.scale;
    const highlight = this.highlight;
    const index = this.built.grid.nearest(this.camera.worldX(sx), this.camera.worldY(sy), reach, highlight ? (i) => highlight[i] === 1 : undefined);
    return index >= 0 || !highlight ? index : this.built.grid.nearest(this.camera.worldX(sx), this.camera.worldY(sy), reach);
  }

  private setHovered(index: number, event: { clientX: number; clientY: number }): void {
    if (index !== this.hovered) {
      this.hovered = index;
      this.requestRender();
    }
    this.events.hover(index, event.clientX, event.clientY);
  }

  private listen(): void {
    const canvas = this.canvas;
    canvas.addEventListener('pointerdown', (event) => this.pointerDown(event));
    canvas.addEventListener('pointermove', (event) => this.pointerMove(event));
    canvas.addEventListener('pointerup', (event) => this.pointerEnd(event));
    canvas.addEventListener('pointercancel', (event) => this.pointerEnd(event));
    canvas.addEventListener('pointerleave', (event) => {
      if (!this.drag) this.setHovered(-1, event);
    });
    canvas.addEventListener('wheel', (event) => this.wheel(event), { passive: false });
    canvas.addEventListener('dblclick', (event) => {
      const [x, y] = this.local(event);
      this.camera.zoomAt(event.shiftKey ? 0.5 : 2, x, y);
      this.requestRender();
    });
    canvas.addEventListener('keydown', (event) => this.key(event));
  }

  /** A drag pans, or draws a lasso with Shift (or in lasso mode). */
  private pointerDown(event: PointerEvent): void {
    if (event.button !== 0) return;
    const [x, y] = this.local(event);
    const lasso = this.lassoMode || event.shiftKey ? [x, y] : null;
    this.drag = { x, y, startX: x, startY: y, lasso, id: event.pointerId };
    this.canvas.setPointerCapture?.(event.pointerId);
    this.canvas.classList.add(lasso ? 'selecting' : 'panning');
    this.canvas.focus({ preventScroll: true });
  }

  private pointerMove(event: PointerEvent): void {
    const [x, y] = this.local(event);
    const drag = this.drag;
    if (drag && drag.id === event.pointerId) {
      if (drag.lasso) drag.lasso.push(x, y);
      else this.camera.panBy(x - drag.x, y - drag.y);
      drag.x = x;
      drag.y = y;
      this.requestRender();
      return;
    }
    this.setHovered(this.pointAt(x, y), event);
  }

  /** The end of a drag: a lasso selects what it encloses; a click that barely moved opens the point. */
  private pointerEnd(event: PointerEvent): void {
    const drag = this.drag;
    if (!drag || drag.id !== event.pointerId) return;
    this.drag = null;
    this.canvas.classList.remove('panning', 'selecting');
    const [x, y] = this.local(event);
    const moved = Math.hypot(x - drag.startX, y - drag.startY);
    if (drag.lasso) {
      if (this.built && drag.lasso.length >= 6) {
        const world = drag.lasso.map((value, k) => (k % 2 === 0 ? this.camera.worldX(value) : this.camera.worldY(value)));
        this.events.select(pointsInPolygon(this.built.grid, this.built.scene.xy, world));
      }
    } else if (moved < CLICK_SLOP && event.type === 'pointerup') {
      const index = this.pointAt(x, y);
      if (index >= 0) this.events.open(index);
    }
    this.requestRender();
  }

  /** Zooms about the pointer; line and page wheel modes are scaled to pixels. */
  private wheel(event: WheelEvent): void {
    event.preventDefault();
    const [x, y] = this.local(event);
    const lines = event.deltaMode === 1 ? 16 : event.deltaMode === 2 ? 400 : 1;
    this.camera.zoomAt(Math.exp(-event.deltaY * lines * 0.0015), x, y);
    this.requestRender();
  }

  private key(event: KeyboardEvent): void {
    const step = 60;
    const actions: Record<string, () => void> = {
      '+': () => this.zoomBy(1.5),
      '=': () => this.zoomBy(1.5),
      '-': () => this.zoomBy(1 / 1.5),
      '0': () => this.fit(),
      ArrowLeft: () => this.camera.panBy(step, 0),
      ArrowRight: () => this.camera.panBy(-step, 0),
      ArrowUp: () => this.camera.panBy(0, step),
      ArrowDown: () => this.camera.panBy(0, -step),
    };
    const action = actions[event.key];
    if (!action) return;
    event.preventDefault();
    action();
    this.requestRender();
  }
}
