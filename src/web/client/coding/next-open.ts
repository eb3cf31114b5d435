/**
 * Where a coder goes next: the first unfinished task after `from`, else the first unfinished one
 * anywhere (a task skipped earlier), else `total` (all done).
 */
export function nextOpen(total: number, from: number, isDone: (index: number) => boolean): number {
  for (let i = from + 1; i < total; i++) if (!isDone(i)) return i;
  for (let i = 0; i <= from && i < total; i++) if (!isDone(i)) return i;
  return total;
}
