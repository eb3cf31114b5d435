/** A category a coder or rater assigns: a name or a number. */
export type Category = string | number;

/**
 * A total order on categories: numbers numerically before strings, strings by code unit. Used
 * wherever the order matters (ordinal metrics, weighted kappa) so every statistic agrees on it.
 */
export function compareCategories(a: Category, b: Category): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a !== typeof b) return typeof a === 'number' ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
