/**
 * Adjusted Rand index (Hubert & Arabie 1985) between two labelings of the same items: 1 for
 * identical partitions (whatever the label names), about 0 for chance agreement, negative
 * below chance. Every distinct value is a group, so noise (-1) counts as one group, as in
 * scikit-learn's `adjusted_rand_score`.
 *
 * @see https://scikit-learn.org/stable/modules/generated/sklearn.metrics.adjusted_rand_score.html
 */
export function adjustedRandIndex(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`adjustedRandIndex: labelings differ in length (${a.length} vs ${b.length})`);
  const n = a.length;
  const pairs = (count: number): number => (count * (count - 1)) / 2;
  const rows = new Map<number, number>();
  const cols = new Map<number, number>();
  const cells = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    rows.set(a[i], (rows.get(a[i]) ?? 0) + 1);
    cols.set(b[i], (cols.get(b[i]) ?? 0) + 1);
    const key = `${a[i]}\u0000${b[i]}`;
    cells.set(key, (cells.get(key) ?? 0) + 1);
  }
  let index = 0;
  for (const count of cells.values()) index += pairs(count);
  let rowPairs = 0;
  for (const count of rows.values()) rowPairs += pairs(count);
  let colPairs = 0;
  for (const count of cols.values()) colPairs += pairs(count);
  const total = pairs(n);
  const expected = total === 0 ? 0 : (rowPairs * colPairs) / total;
  const maximum = (rowPairs + colPairs) / 2;
  // Both labelings put everything together, or everything apart: they agree perfectly.
  if (maximum === expected) return 1;
  return (index - expected) / (maximum - expected);
}
