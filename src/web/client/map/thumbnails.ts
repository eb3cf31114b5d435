/**
 * Thumbnails for the zoomed-in map, loaded only for points on screen and kept in a bounded
 * cache; `onLoad` asks for a redraw when one arrives.
 */
export class ThumbnailCache {
  private readonly images = new Map<string, HTMLImageElement>();

  constructor(
    /** Where a point's thumbnail is; null when it has none (the map draws a dot). */
    private readonly urlOf: (id: string) => string | null,
    private readonly onLoad: () => void,
    private readonly capacity = 1500,
  ) {}

  /** The loaded image, or null while it loads (or if it failed). */
  get(id: string): HTMLImageElement | null {
    let image = this.images.get(id);
    if (image) {
      // Refresh its place in the least-recently-used order.
      this.images.delete(id);
      this.images.set(id, image);
    } else {
      const url = this.urlOf(id);
      if (url === null) return null;
      image = new Image();
      image.decoding = 'async';
      image.onload = () => this.onLoad();
      image.src = url;
      this.images.set(id, image);
      if (this.images.size > this.capacity) {
        const oldest = this.images.keys().next().value as string;
        const evicted = this.images.get(oldest);
        if (evicted) evicted.onload = null;
        this.images.delete(oldest);
      }
    }
    return image.complete && image.naturalWidth > 0 ? image : null;
  }
}
