/**
 * Members per label (noise, -1, included), in one pass over the labels. `weight` counts a row
 * as several members, e.g. a distinct image shared by several item ids.
 */
export function countByLabel(labels: ArrayLike<number>, weight: (row: number) => number = () => 1): Map<number, number> {
  const counts = new Map<number, number>();
  for (let row = 0; row < labels.length; row++) counts.set(labels[row], (counts.get(labels[row]) ?? 0) + weight(row));
  return counts;
}
