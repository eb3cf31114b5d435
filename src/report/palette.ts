/**
 * Distinguishable colours for cluster labels: Paul Tol's "muted" and "light" qualitative
 * schemes (colour-blind safe), then golden-angle hues for very many clusters. Noise is grey.
 */
const BASE = [
  '#332288', '#88CCEE', '#44AA99', '#117733', '#999933', '#DDCC77', '#CC6677', '#882255', '#AA4499',
  '#77AADD', '#EE8866', '#EEDD88', '#FFAABB', '#99DDFF', '#44BB99', '#BBCC33', '#AAAA00',
];

export const NOISE_COLOUR = '#b8b8b8';

export function clusterColour(label: number): string {
  if (label < 0) return NOISE_COLOUR;
  if (label < BASE.length) return BASE[label];
  const hue = (label * 137.508) % 360;
  return `hsl(${hue.toFixed(1)}, 55%, 50%)`;
}
