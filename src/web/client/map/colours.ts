/** Colours as 32-bit RGBA words in ImageData's byte order (every browser is little-endian). */
export type PackedColour = number;

let probe: CanvasRenderingContext2D | null = null;

/** Any CSS colour (the server's palette uses #rrggbb and hsl()) as [r, g, b]. */
export function parseColour(css: string): [number, number, number] {
  if (!probe) {
    const canvas = document.createElement('canvas');
    canvas.width = 1;
    canvas.height = 1;
    probe = canvas.getContext('2d', { willReadFrequently: true });
  }
  if (!probe) return [128, 128, 128];
  probe.clearRect(0, 0, 1, 1);
  probe.fillStyle = '#808080';
  probe.fillStyle = css;
  probe.fillRect(0, 0, 1, 1);
  const [r, g, b] = probe.getImageData(0, 0, 1, 1).data;
  return [r, g, b];
}

export const pack = (r: number, g: number, b: number, a = 255): PackedColour => ((a << 24) | (b << 16) | (g << 8) | r) >>> 0;

/** `rgb` mixed towards `toward` by `amount` (0: unchanged, 1: `toward`). */
export function mix(rgb: readonly number[], toward: readonly number[], amount: number): [number, number, number] {
  return [0, 1, 2].map((k) => Math.round(rgb[k] + (toward[k] - rgb[k]) * amount)) as [number, number, number];
}

export const cssOf = (rgb: readonly number[]): string => `rgb(${rgb[0]}, ${rgb[1]}, ${rgb[2]})`;
