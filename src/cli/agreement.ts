import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parse } from 'csv-parse/sync';
import { agreementReport, type AgreementReport } from '../evaluate/statistics/agreement.js';
import type { AlphaLevel } from '../evaluate/statistics/krippendorff.js';
import { parseInteger, prose } from './options.js';

interface AgreementFlags {
  level: AlphaLevel;
  unit: string;
  coder: string;
  value?: string[];
  replicates: number;
  seed: number;
}

export function registerAgreementCommand(program: Command): void {
  program
    .command('agreement')
    .summary("inter-coder agreement of a long ratings CSV: Krippendorff's alpha with CI, Cohen's or Fleiss' kappa")
    .description(
      prose(`Reads a long CSV (one row per unit and coder) and prints Krippendorff's alpha at the chosen level
with its bootstrap confidence interval (Hayes & Krippendorff 2007) and the probability that alpha
falls below common minimums, alpha at the other levels, and Cohen's kappa when there are exactly
two coders (Fleiss' kappa for more). Empty cells are missing values.`),
    )
    .argument('<ratings>', 'ratings CSV, e.g. pair_id,coder,denotative,connotative')
    .option('--level <level>', 'nominal, ordinal, interval or ratio', 'ordinal')
    .option('--unit <column>', 'column naming the unit coded', 'pair_id')
    .option('--coder <column>', 'column naming the coder', 'coder')
    .option('--value <column>', 'column(s) holding the codes (repeatable; default: every other column)', (v: string, p: string[] = []) => [...p, v])
    .option('--replicates <n>', 'bootstrap resamples', parseInteger, 5000)
    .option('--seed <n>', 'bootstrap seed', parseInteger, 42)
    .action((path: string, flags: AgreementFlags) => {
      if (!['nominal', 'ordinal', 'interval', 'ratio'].includes(flags.level)) {
        throw new Error(`--level must be nominal, ordinal, interval or ratio, got '${flags.level}'`);
      }
      let rows: Record<string, string>[];
      try {
        rows = parse(readFileSync(path, 'utf8'), { columns: true, skip_empty_lines: true, trim: true, bom: true }) as Record<string, string>[];
      } catch (error) {
        throw new Error(`cannot read ${path}: ${(error as Error).message}`);
      }
      const header = rows.length > 0 ? Object.keys(rows[0]) : [];
      for (const column of [flags.unit, flags.coder, ...(flags.value ?? [])]) {
        if (!header.includes(column)) throw new Error(`${path} has no column '${column}' (it has: ${header.join(', ')})`);
      }
      const values = flags.value ?? header.filter((c) => c !== flags.unit && c !== flags.coder);
      const lines: string[] = [];
      for (const column of values) {
        const numeric = flags.level !== 'nominal';
        const records = rows.map((row, i) => {
          const raw = row[column];
          if (raw === '' || raw === undefined) return { unit: row[flags.unit], coder: row[flags.coder], value: null };
          if (numeric && !Number.isFinite(Number(raw))) {
            throw new Error(`${path} line ${i + 2}: ${column} '${raw}' is not a number (needed for the ${flags.level} level)`);
          }
          return { unit: row[flags.unit], coder: row[flags.coder], value: numeric ? Number(raw) : raw };
        });
        lines.push(...formatReport(column, agreementReport(records, { level: flags.level, replicates: flags.replicates, seed: flags.seed })));
      }
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}

function formatReport(column: string, report: AgreementReport): string[] {
  const f = (v: number | null): string => (v === null || !Number.isFinite(v) ? 'undefined' : v.toFixed(4));
  const lines = [
    `${column}: ${report.coders.length} coders (${report.coders.join(', ')}), ${report.units} units, ${report.values} values`,
    `  Krippendorff's alpha (${report.level}) = ${f(report.alpha)}, 95% CI [${f(report.lower)}, ${f(report.upper)}]`,
    `  q(alpha < min): ${report.probabilityBelow.map((p) => `${p.minimum}: ${p.q.toFixed(3)}`).join(', ')}`,
    `  alpha by level: ${Object.entries(report.alphaByLevel)
      .map(([level, value]) => `${level} ${f(value)}`)
      .join(', ')}`,
  ];
  if (report.kappa?.kind === 'cohen') {
    lines.push(`  Cohen's kappa = ${f(report.kappa.kappa)} (SE ${f(report.kappa.standardError)}), quadratic-weighted ${f(report.kappa.quadratic)}`);
  } else if (report.kappa?.kind === 'fleiss') {
    lines.push(`  Fleiss' kappa = ${f(report.kappa.kappa)} (units every coder rated)`);
  }
  return lines;
}
