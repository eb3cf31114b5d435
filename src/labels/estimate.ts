import type { LabelEstimate } from './types.js';

/** A few lines for the terminal, as the describer's estimate prints. */
export function formatLabelEstimate(estimate: LabelEstimate): string {
  const usd = (value: number): string => `$${value < 1 ? value.toFixed(4) : value.toFixed(2)}`;
  const n = (value: number): string => value.toLocaleString('en-US');
  const lines = [
    `${n(estimate.requests)} clusters to name with ${estimate.model}:`,
    `  input  ~${n(estimate.inputTokens)} tokens`,
    `  output ~${n(estimate.outputTokens)} tokens (at most ${n(estimate.maxOutputTokens)})`,
  ];
  if (estimate.costUsd !== undefined && estimate.maxCostUsd !== undefined) lines.push(`  cost   ~${usd(estimate.costUsd)} (at most ${usd(estimate.maxCostUsd)})`);
  for (const note of estimate.notes) lines.push(`  note: ${note}`);
  return lines.join('\n');
}
