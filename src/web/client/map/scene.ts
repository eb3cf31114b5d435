import { boundsOf, type Bounds } from './camera.js';
import { cssOf, mix, pack, parseColour } from './colours.js';
import { SpatialGrid } from './grid.js';
import type { MapScene } from './renderer.js';

/** How strongly points outside a highlight fade towards the background. */
const FADE = 0.82;
const BACKGROUND_RGB = [0xfb, 0xfb, 0xf8];

export interface SceneInput {
  readonly ids: readonly string[];
  readonly xy: Float32Array;
  readonly labels: Int32Array;
  /** CSS colour of a label (noise is -1, unclustered -2). */
  readonly colourOf: (label: number) => string;
}

export interface BuiltScene {
  readonly scene: MapScene;
  readonly grid: SpatialGrid;
  readonly bounds: Bounds;
}

/** Median distance to the nearest other point over a sample: the map's natural unit. */
function typicalSpacing(xy: Float32Array, grid: SpatialGrid, bounds: Bounds): number {
  const n = xy.length / 2;
  const area = Math.max((bounds.maxX - bounds.minX) * (bounds.maxY - bounds.minY), 1e-12);
  const coarse = Math.sqrt(area / Math.max(1, n));
  if (n < 2) return coarse;
  const step = Math.max(1, Math.floor(n / 400));
  const distances: number[] = [];
  for (let i = 0; i < n; i += step) {
    const j = grid.nearest(xy[2 * i], xy[2 * i + 1], 2 * coarse, (k) => k !== i);
    distances.push(j < 0 ? 2 * coarse : Math.hypot(xy[2 * j] - xy[2 * i], xy[2 * j + 1] - xy[2 * i + 1]));
  }
  distances.sort((a, b) => a - b);
  // Stacked duplicates sit at distance 0; never let them make the unit vanish.
  return Math.max(distances[distances.length >> 1], coarse / 20);
}

/** Turns positions and labels into what the renderer draws. */
export function buildScene(input: SceneInput, previous?: { grid: SpatialGrid; bounds: Bounds; spacing: number; xy: Float32Array }): BuiltScene {
  const { xy, labels } = input;
  const n = xy.length / 2;
  const reuse = previous && previous.xy === xy;
  const bounds = reuse ? previous.bounds : boundsOf(xy);
  const grid = reuse ? previous.grid : new SpatialGrid(xy, bounds);
  const spacing = reuse ? previous.spacing : typicalSpacing(xy, grid, bounds);

  const paletteOf = new Map<number, number>();
  const colourIndex = new Uint16Array(n);
  const css: string[] = [];
  const fadedCss: string[] = [];
  const palette: number[] = [];
  const fadedPalette: number[] = [];
  for (let i = 0; i < n; i++) {
    const label = labels[i];
    let index = paletteOf.get(label);
    if (index === undefined) {
      index = css.length;
      paletteOf.set(label, index);
      const rgb = parseColour(input.colourOf(label));
      const faded = mix(rgb, BACKGROUND_RGB, FADE);
      css.push(cssOf(rgb));
      fadedCss.push(cssOf(faded));
      palette.push(pack(rgb[0], rgb[1], rgb[2]));
      fadedPalette.push(pack(faded[0], faded[1], faded[2]));
    }
    colourIndex[i] = index;
  }
  const order = new Int32Array(n);
  let k = 0;
  for (let i = 0; i < n; i++) if (labels[i] < 0) order[k++] = i;
  for (let i = 0; i < n; i++) if (labels[i] >= 0) order[k++] = i;
  return {
    scene: {
      ids: input.ids,
      xy,
      colourIndex,
      palette: Uint32Array.from(palette),
      fadedPalette: Uint32Array.from(fadedPalette),
      css,
      fadedCss,
      order,
      spacing,
    },
    grid,
    bounds,
  };
}
