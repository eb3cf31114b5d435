/**
 * Shared helpers for `npm run bench`. Every figure is printed beside what it is compared with, and
 * the kind of that comparison is explicit, so a figure cannot say more than it measured: a speed
 * ratio is given only against a real alternative measured in the same run (or, marked as such, a
 * figure quoted from elsewhere); a library that gives wrong answers, or our own code another way,
 * is shown with its figure and a label, never as a ratio. The rows are written to
 * bench/results.json, from which `npm run docs:bench` renders the README's performance table.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';

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

/**
 * What a figure is compared with:
 * - `library`: another maintained implementation a user could choose instead, giving the same
 *   answers, measured in this run: the only kind a measured speed ratio is given against;
 * - `quoted`: a figure from elsewhere (not run here), with its source and date; a ratio against
 *   it is marked as such;
 * - `wrong-answers`: an implementation whose results differ from the reference (say how), so its
 *   speed is no alternative: shown, not divided;
 * - `own-variant`: connote's own code another way (another backend, another algorithm option);
 * - `baseline`: a floor or a naive approach (a bare fetch loop, SVG circles), for scale only.
 */
export type PeerKind = 'library' | 'quoted' | 'wrong-answers' | 'own-variant' | 'baseline';

export interface Peer {
  readonly kind: PeerKind;
  /** Who or what, with a version where there is one: "umap-js 1.4.0". */
  readonly name: string;
  /** Its figure, as measured or quoted: "30.1 s". */
  readonly figure: string;
  /** For `quoted`: where the figure comes from, and when it was measured or reported. */
  readonly source?: string;
  readonly date?: string;
  /** For `wrong-answers`: what is wrong with its results. */
  readonly why?: string;
}

export interface BenchRow {
  /** Stable identifier: rows are merged by it across partial runs, and the README picks rows by it. */
  readonly id: string;
  readonly benchmark: string;
  readonly ours: string;
  readonly peer: Peer | null;
  /** ours/peer for times (below 1: connote is faster); only against `library` or `quoted`. */
  readonly ratio?: number;
  /** ours - peer, for a quality figure (e.g. trustworthiness) against a `library`. */
  readonly difference?: number;
  readonly notes?: string;
  /** Shown in the README's performance table. */
  readonly readme?: boolean;
}

export interface RecordedRow extends BenchRow {
  readonly measuredAt: string;
  readonly machine: string;
}

export interface BenchResults {
  readonly rows: readonly RecordedRow[];
}

export const RESULTS_FILE = fileURLToPath(new URL('./results.json', import.meta.url));

/** Refuses a comparison that would overstate: a ratio or difference against anything but a real alternative. */
export function checkRow(row: BenchRow): void {
  const kind = row.peer?.kind;
  if (row.ratio !== undefined && kind !== 'library' && kind !== 'quoted') {
    throw new Error(`bench row ${row.id}: a speed ratio is given only against a library or a quoted figure, not against ${kind ?? 'nothing'}`);
  }
  if (row.difference !== undefined && kind !== 'library') {
    throw new Error(`bench row ${row.id}: a quality difference is given only against a library`);
  }
  if (kind === 'quoted' && (!row.peer?.source || !row.peer?.date)) {
    throw new Error(`bench row ${row.id}: a quoted figure needs its source and date`);
  }
  if (kind === 'wrong-answers' && !row.peer?.why) throw new Error(`bench row ${row.id}: say what is wrong with the peer's answers`);
}

const rows: RecordedRow[] = [];

export function machineDescription(): string {
  const list = cpus();
  return `${list.length} × ${list[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}`;
}

export function report(row: BenchRow): void {
  checkRow(row);
  rows.push({ ...row, measuredAt: new Date().toISOString().slice(0, 10), machine: machineDescription() });
  const comparison = row.ratio !== undefined ? `ratio ${row.ratio.toFixed(3)}${row.peer?.kind === 'quoted' ? ' (vs quoted)' : ''}` : row.difference !== undefined ? `diff ${row.difference.toFixed(4)}` : '';
  const peer = row.peer ? `${row.peer.kind}: ${row.peer.name} ${row.peer.figure}` : 'no peer';
  console.log(`${row.benchmark.padEnd(48)} ours ${row.ours.padEnd(24)} ${peer.padEnd(44)} ${comparison}${row.notes ? `  (${row.notes})` : ''}`);
}

export function reportedRows(): readonly RecordedRow[] {
  return rows;
}

export function readResults(path = RESULTS_FILE): BenchResults {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as BenchResults;
  } catch {
    return { rows: [] };
  }
}

/** Adds this run's rows to the results file, replacing rows with the same id (a partial run keeps the others). */
export function saveResults(path = RESULTS_FILE): void {
  const fresh = new Map(rows.map((row) => [row.id, row]));
  const kept = readResults(path).rows.filter((row) => !fresh.has(row.id));
  writeFileSync(path, `${JSON.stringify({ rows: [...kept, ...fresh.values()] }, null, 2)}\n`);
}

export const seconds = (s: number): string => `${s.toFixed(3)} s`;
export const ratio = (ours: number, peer: number): number | undefined => (peer > 0 ? ours / peer : undefined);
