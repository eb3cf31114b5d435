/**
 * Shared helpers for `npm run bench`: every figure is printed beside a peer measured in the
 * same process run, as a ratio ours/peer, so numbers from different machines stay comparable.
 */
export interface Measurement<T> {
  readonly result: T;
  readonly seconds: number;
  /** Growth of the resident set during the call, in MiB (a lower bound on what it needed). */
  readonly rssDeltaMiB: number;
  /** Peak heap used during the call, sampled, in MiB. */
  readonly peakHeapMiB: number;
}

export async function measure<T>(fn: () => T | Promise<T>): Promise<Measurement<T>> {
  globalThis.gc?.();
  const rssBefore = process.memoryUsage().rss;
  let peakHeap = process.memoryUsage().heapUsed;
  const sampler = setInterval(() => {
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }, 20);
  const start = process.hrtime.bigint();
  try {
    const result = await fn();
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const usage = process.memoryUsage();
    peakHeap = Math.max(peakHeap, usage.heapUsed);
    return { result, seconds, rssDeltaMiB: (usage.rss - rssBefore) / 2 ** 20, peakHeapMiB: peakHeap / 2 ** 20 };
  } finally {
    clearInterval(sampler);
  }
}

export interface BenchRow {
  readonly benchmark: string;
  readonly ours: string;
  readonly peer: string;
  /** ours/peer for times (below 1 means we are faster); a note otherwise. */
  readonly ratio: string;
  readonly notes?: string;
}

const rows: BenchRow[] = [];

export function report(row: BenchRow): void {
  rows.push(row);
  console.log(
    `${row.benchmark.padEnd(44)} ours ${row.ours.padEnd(22)} peer ${row.peer.padEnd(26)} ratio ${row.ratio}${
      row.notes ? `  (${row.notes})` : ''
    }`,
  );
}

export function reportedRows(): readonly BenchRow[] {
  return rows;
}

export const seconds = (s: number): string => `${s.toFixed(3)} s`;
export const ratio = (ours: number, peer: number): string => (peer > 0 ? `${(ours / peer).toFixed(3)}` : 'n/a');
