import type { Camera } from './camera.js';
import { pack } from './colours.js';
import type { ThumbnailCache } from './thumbnails.js';

/** Everything about the points that changes only when the data or the colouring does. */
export interface MapScene {
  readonly ids: readonly string[];
  readonly xy: Float32Array;
  /** Palette entry per point. */
  readonly colourIndex: Uint16Array;
  /** Per palette entry: packed RGBA, the same faded (for points outside a highlight), and CSS. */
  readonly palette: Uint32Array;
  readonly fadedPalette: Uint32Array;
  readonly css: readonly string[];
  readonly fadedCss: readonly string[];
  /** Drawing order: noise first, so clusters sit on top. */
  readonly order: Int32Array;
  /** Typical distance between neighbouring points, in world units (sizes dots and thumbnails). */
  readonly spacing: number;
}

export interface FrameState {
  /** 1 for points to emphasise (search matches, a selection, a hovered cluster); others fade. */
  readonly highlight: Uint8Array | null;
  readonly hovered: number;
}

export type DrawMode = 'pixels' | 'dots' | 'thumbnails';

export interface FrameInfo {
  readonly mode: DrawMode;
  readonly visible: number;
  /** Screen size of a thumbnail or dot diameter, in CSS pixels. */
  readonly markSize: number;
}

export const BACKGROUND = '#fbfbf8';
const BACKGROUND_PACKED = pack(0xfb, 0xfb, 0xf8);
/** Below this many points on screen, dots are drawn as antialiased sprites instead of pixels. */
const SPRITE_LIMIT = 6000;
/** Thumbnails replace dots when this few points are on screen and each gets this many pixels. */
const THUMBNAIL_LIMIT = 400;
const THUMBNAIL_MIN_SIZE = 28;
const THUMBNAIL_MAX_SIZE = 160;

/** Offsets of the pixels of a disc of radius r, for r = 0..MAX_STAMP. */
const MAX_STAMP = 8;
const STAMPS: Int32Array[] = Array.from({ length: MAX_STAMP + 1 }, (_, r) => {
  const offsets: number[] = [];
  const limit = (r + 0.5) * (r + 0.5);
  for (let dy = -r; dy <= r; dy++) for (let dx = -r; dx <= r; dx++) if (dx * dx + dy * dy <= limit) offsets.push(dx, dy);
  return Int32Array.from(offsets);
});

/**
 * Draws the map in one pass per frame with a level of detail chosen by what is on screen:
 * every point as a few pixels written straight into a pixel buffer when there are many (a
 * hundred thousand points cost a few milliseconds), antialiased dots when fewer, and the images'
 * thumbnails once zoomed in far enough for them to be seen. Offscreen points are skipped first.
 */
export class MapRenderer {
  private readonly ctx: CanvasRenderingContext2D;
  private pixels: ImageData | null = null;
  private words: Uint32Array | null = null;
  private visible = new Int32Array(0);
  private readonly sprites = new Map<string, HTMLCanvasElement>();
  private pixelRatio = 1;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly thumbnails: ThumbnailCache,
  ) {
    const ctx = canvas.getContext('2d', { alpha: false });
    if (!ctx) throw new Error('this browser cannot draw on a canvas');
    this.ctx = ctx;
  }

  get ratio(): number {
    return this.pixelRatio;
  }

  /** Sizes the backing store for a CSS size (capped at 2 device pixels per CSS pixel). */
  resize(width: number, height: number, devicePixelRatio: number): void {
    this.pixelRatio = Math.min(2, Math.max(1, devicePixelRatio));
    this.canvas.width = Math.max(1, Math.round(width * this.pixelRatio));
    this.canvas.height = Math.max(1, Math.round(height * this.pixelRatio));
    this.pixels = null;
    this.words = null;
  }

  /**
   * Point radius in CSS pixels: larger when few points are on screen, and growing as the points
   * spread apart when zooming in.
   */
  dotRadius(scene: MapScene, camera: Camera, onScreen: number): number {
    const byCount = onScreen < 300 ? 4.5 : onScreen < 3000 ? 3.2 : onScreen < 30_000 ? 2.2 : 1.5;
    return Math.min(7, Math.max(byCount, 0.28 * scene.spacing * camera.scale));
  }

  draw(scene: MapScene, camera: Camera, state: FrameState): FrameInfo {
    const count = this.cull(scene, camera);
    const thumbnailSize = Math.min(THUMBNAIL_MAX_SIZE, 0.9 * scene.spacing * camera.scale);
    let info: FrameInfo;
    if (count <= THUMBNAIL_LIMIT && thumbnailSize >= THUMBNAIL_MIN_SIZE) {
      this.clear();
      this.drawThumbnails(scene, camera, state, count, thumbnailSize);
      info = { mode: 'thumbnails', visible: count, markSize: thumbnailSize };
    } else if (count <= SPRITE_LIMIT) {
      this.clear();
      const radius = this.dotRadius(scene, camera, count);
      this.drawDots(scene, camera, state, count, radius);
      info = { mode: 'dots', visible: count, markSize: 2 * radius };
    } else {
      const radius = this.dotRadius(scene, camera, count);
      this.drawPixels(scene, camera, state, count, radius);
      info = { mode: 'pixels', visible: count, markSize: 2 * radius };
    }
    if (state.hovered >= 0) this.drawHover(scene, camera, state.hovered, info);
    return info;
  }

  /** Collects the points on screen (in drawing order) into `this.visible`; returns how many. */
  private cull(scene: MapScene, camera: Camera): number {
    if (this.visible.length < scene.order.length) this.visible = new Int32Array(scene.order.length);
    const view = camera.visible(THUMBNAIL_MAX_SIZE / 2);
    const { xy, order } = scene;
    const visible = this.visible;
    let count = 0;
    for (let k = 0; k < order.length; k++) {
      const i = order[k];
      const x = xy[2 * i];
      const y = xy[2 * i + 1];
      if (x >= view.minX && x <= view.maxX && y >= view.minY && y <= view.maxY) visible[count++] = i;
    }
    return count;
  }

  private clear(): void {
    const ctx = this.ctx;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = BACKGROUND;
    ctx.fillRect(0, 0, this.canvas.width, this.canvas.height);
  }

  /** Many points: disc stamps written into a pixel buffer, faded points first, highlighted on top. */
  private drawPixels(scene: MapScene, camera: Camera, state: FrameState, count: number, radius: number): void {
    const width = this.canvas.width;
    const height = this.canvas.height;
    if (!this.pixels || this.pixels.width !== width || this.pixels.height !== height) {
      this.pixels = this.ctx.createImageData(width, height);
      this.words = new Uint32Array(this.pixels.data.buffer);
    }
    const words = this.words as Uint32Array;
    words.fill(BACKGROUND_PACKED);
    const ratio = this.pixelRatio;
    const stampRadius = Math.min(MAX_STAMP - 1, Math.max(0, Math.round(radius * ratio - 0.5)));
    const { xy, colourIndex, palette, fadedPalette } = scene;
    const highlight = state.highlight;
    const scale = camera.scale * ratio;
    const offsetX = (camera.width / 2) * ratio - camera.centreX * scale;
    const offsetY = (camera.height / 2) * ratio - camera.centreY * scale;
    const passes = highlight ? 2 : 1;
    for (let pass = 0; pass < passes; pass++) {
      const colours = highlight && pass === 0 ? fadedPalette : palette;
      // Emphasised points are drawn a pixel larger, on top of the faded ones.
      const stamp = STAMPS[highlight && pass === 1 ? stampRadius + 1 : stampRadius];
      const reach = stampRadius + 2;
      for (let k = 0; k < count; k++) {
        const i = this.visible[k];
        if (highlight && highlight[i] !== pass) continue;
        const px = Math.round(xy[2 * i] * scale + offsetX);
        const py = Math.round(xy[2 * i + 1] * scale + offsetY);
        const colour = colours[colourIndex[i]];
        if (px >= reach && py >= reach && px < width - reach && py < height - reach) {
          const base = py * width + px;
          for (let s = 0; s < stamp.length; s += 2) words[base + stamp[s + 1] * width + stamp[s]] = colour;
        } else {
          for (let s = 0; s < stamp.length; s += 2) {
            const x = px + stamp[s];
            const y = py + stamp[s + 1];
            if (x >= 0 && y >= 0 && x < width && y < height) words[y * width + x] = colour;
          }
        }
      }
    }
    this.ctx.putImageData(this.pixels, 0, 0);
  }

  private sprite(css: string, radius: number, emphasised = false): HTMLCanvasElement {
    const key = `${css}|${radius}|${emphasised}`;
    let sprite = this.sprites.get(key);
    if (!sprite) {
      const size = Math.ceil(2 * radius + 4);
      sprite = document.createElement('canvas');
      sprite.width = size;
      sprite.height = size;
      const ctx = sprite.getContext('2d') as CanvasRenderingContext2D;
      ctx.beginPath();
      ctx.arc(size / 2, size / 2, radius, 0, 2 * Math.PI);
      ctx.fillStyle = css;
      ctx.fill();
      ctx.lineWidth = Math.max(1, radius / 4);
      // Emphasised dots (search matches, a selection) get a dark ring to stand out from the faded rest.
      ctx.strokeStyle = emphasised ? 'rgba(20, 20, 20, 0.9)' : 'rgba(255, 255, 255, 0.85)';
      ctx.stroke();
      if (this.sprites.size > 512) this.sprites.clear();
      this.sprites.set(key, sprite);
    }
    return sprite;
  }

  /** Fewer points: antialiased dots with a light outline, from per-colour sprites. */
  private drawDots(scene: MapScene, camera: Camera, state: FrameState, count: number, radius: number): void {
    const ctx = this.ctx;
    const ratio = this.pixelRatio;
    const r = Math.round(radius * ratio * 2) / 2;
    const highlight = state.highlight;
    const passes = highlight ? 2 : 1;
    for (let pass = 0; pass < passes; pass++) {
      const css = highlight && pass === 0 ? scene.fadedCss : scene.css;
      for (let k = 0; k < count; k++) {
        const i = this.visible[k];
        if (highlight && highlight[i] !== pass) continue;
        const sprite = this.sprite(css[scene.colourIndex[i]], r, highlight !== null && pass === 1);
        const x = camera.screenX(scene.xy[2 * i]) * ratio - sprite.width / 2;
        const y = camera.screenY(scene.xy[2 * i + 1]) * ratio - sprite.height / 2;
        ctx.drawImage(sprite, Math.round(x), Math.round(y));
      }
    }
  }

  /** Zoomed in: each image's thumbnail, framed in its cluster's colour. */
  private drawThumbnails(scene: MapScene, camera: Camera, state: FrameState, count: number, size: number): void {
    const ctx = this.ctx;
    const ratio = this.pixelRatio;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    const highlight = state.highlight;
    const passes = highlight ? 2 : 1;
    for (let pass = 0; pass < passes; pass++) {
      ctx.globalAlpha = highlight && pass === 0 ? 0.25 : 1;
      for (let k = 0; k < count; k++) {
        const i = this.visible[k];
        if (highlight && highlight[i] !== pass) continue;
        const cx = camera.screenX(scene.xy[2 * i]);
        const cy = camera.screenY(scene.xy[2 * i + 1]);
        const image = this.thumbnails.get(scene.ids[i]);
        const colour = scene.css[scene.colourIndex[i]];
        if (!image) {
          ctx.fillStyle = colour;
          ctx.fillRect(cx - size / 6, cy - size / 6, size / 3, size / 3);
          continue;
        }
        const fit = size / Math.max(image.naturalWidth, image.naturalHeight);
        const w = image.naturalWidth * fit;
        const h = image.naturalHeight * fit;
        ctx.fillStyle = colour;
        ctx.fillRect(cx - w / 2 - 2, cy - h / 2 - 2, w + 4, h + 4);
        ctx.drawImage(image, cx - w / 2, cy - h / 2, w, h);
      }
    }
    ctx.globalAlpha = 1;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
  }

  private drawHover(scene: MapScene, camera: Camera, index: number, info: FrameInfo): void {
    const ctx = this.ctx;
    ctx.setTransform(this.pixelRatio, 0, 0, this.pixelRatio, 0, 0);
    const x = camera.screenX(scene.xy[2 * index]);
    const y = camera.screenY(scene.xy[2 * index + 1]);
    ctx.lineWidth = 2;
    ctx.strokeStyle = '#111';
    if (info.mode === 'thumbnails') {
      const half = info.markSize / 2 + 4;
      ctx.strokeRect(x - half, y - half, 2 * half, 2 * half);
    } else {
      ctx.beginPath();
      ctx.arc(x, y, info.markSize / 2 + 4, 0, 2 * Math.PI);
      ctx.stroke();
    }
    ctx.setTransform(1, 0, 0, 1, 0, 0);
  }

  /** The 2-D context, for overlays drawn after the points (labels, the lasso); CSS pixel units. */
  overlay(): CanvasRenderingContext2D {
    this.ctx.setTransform(this.pixelRatio, 0, 0, this.pixelRatio, 0, 0);
    return this.ctx;
  }
}
