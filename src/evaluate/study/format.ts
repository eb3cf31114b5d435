/** How the evaluation's tables, charts and console output write numbers and method names. */
import type { MeanSd } from '../statistics/stability.js';

export const f3 = (v: number): string => (Number.isFinite(v) ? v.toFixed(3) : 'undefined');
export const f2 = (v: number): string => (Number.isFinite(v) ? v.toFixed(2) : 'undefined');
export const ci = (lower: number, upper: number): string => `[${f3(lower)}, ${f3(upper)}]`;
export const pct = (v: number): string => (Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : 'undefined');
/** A permutation p: at its floor it reads "<= 0.001" (1 / (B + 1)), else three decimals. */
export function pValue(p: number, permutations: number): string {
  if (!Number.isFinite(p)) return 'undefined';
  const floor = 1 / (permutations + 1);
  return p <= floor + 1e-12 ? `<= ${floor < 0.001 ? floor.toPrecision(1) : floor.toFixed(3)}` : p.toFixed(3);
}
export const meanPlusMinus = (m: MeanSd | { mean: number; sd: number }, digits = 3): string =>
  Number.isFinite(m.mean) ? `${m.mean.toFixed(digits)} ± ${Number.isFinite(m.sd) ? m.sd.toFixed(digits) : 'undefined'}` : 'undefined';

export const METHOD_COLOURS: Record<string, string> = { descriptions: '#332288', 'image-features': '#CC6677' };
export const FALLBACK_COLOURS = ['#117733', '#DDCC77', '#88CCEE'];
const METHOD_NAMES: Record<string, string> = {
  descriptions: 'descriptions (VLM)',
  'image-features': 'image features (CNN)',
  'descriptions-ocr': 'descriptions (VLM) + text in the image (OCR)',
};
/** `descriptions-wordvectors` (evaluate --also-embedder): the same descriptions, another embedder. */
export const methodName = (method: string): string =>
  METHOD_NAMES[method] ?? (method.startsWith('descriptions-') ? `descriptions (VLM), ${method.slice('descriptions-'.length)} embedder` : method);
/** Short names for narrow columns. */
const SHORT_NAMES: Record<string, string> = { descriptions: 'VLM', 'image-features': 'CNN' };
export const shortName = (method: string): string => SHORT_NAMES[method] ?? method;

/** Where a matched k comes from, e.g. "VLM at 3; CNN at 3, 5, 8" (method at minimum cluster sizes). */
export function sourcesText(sources: ReadonlyArray<{ readonly method: string; readonly minClusterSize: number }>): string {
  const byMethod = new Map<string, number[]>();
  for (const { method, minClusterSize } of sources) byMethod.set(method, [...(byMethod.get(method) ?? []), minClusterSize]);
  return [...byMethod].map(([method, sizes]) => `${shortName(method)} at ${sizes.join(', ')}`).join('; ');
}
