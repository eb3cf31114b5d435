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
two coders (Fleiss' kappa for more). Empty cells are missing values. Numeric codes are read as
numbers at every level; weighted kappa weighs by distance on the scale of whole numbers from the
smallest to the largest code (a category nobody used in between still counts).`),
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
        const cells = rows.map((row) => row[column] ?? '');
        // Numbers stay numbers at every level, so the ordered levels can be reported beside nominal.
        const numeric = cells.every((raw) => raw === '' || Number.isFinite(Number(raw)));
        if (!numeric && flags.level !== 'nominal') {
          const line = cells.findIndex((raw) => raw !== '' && !Number.isFinite(Number(raw)));
          throw new Error(`${path} line ${line + 2}: ${column} '${cells[line]}' is not a number (needed for the ${flags.level} level)`);
        }
        const records = rows.map((row, i) => ({
          unit: row[flags.unit],
          coder: row[flags.coder],
          value: cells[i] === '' ? null : numeric ? Number(cells[i]) : cells[i],
        }));
        let report: AgreementReport;
        try {
          report = agreementReport(records, { level: flags.level, replicates: flags.replicates, seed: flags.seed});
        } catch (error) {
          throw new Error(`${path}, column ${column}: ${(error as Error).message}`);
        }
        lines.push(...formatReport(column, report));
      }
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}

function formatReport(column: string, report: AgreementReport): string[] {
  const f = (v: number | null): string => (v === null || !Number.isFinite(v) ? 'undefined' : v.toFixed(4));
  const lines = [`${column}: ${report.coders.length} coders (${report.coders.join(', ')}), ${report.units} units, ${report.values} values`];
  if (report.undefinedReason) {
    lines.push(`  Krippendorff's alpha (${report.level}) is undefined: ${report.undefinedReason}`);
  } else {
    lines.push(
      `  Krippendorff's alpha (${report.level}) = ${f(report.alpha)}, 95% CI [${f(report.lower)}, ${f(report.upper)}]`,
      `  q(alpha < min): ${report.probabilityBelow.map((p) => `${p.minimum}: ${p.q.toFixed(3)}`).join(', ')}`,
    );
  }
  lines.push(
    `  alpha by level: ${Object.entries(report.byLevel)
      .map(([level, value]) => `${level} ${value.status === 'value' ? f(value.alpha) : value.status}`)
      .join(', ')}`,
  );
  const notApplicable = Object.entries(report.byLevel).filter(([, value]) => value.status === 'n/a');
  for (const [level, value] of notApplicable) lines.push(`    (${level} n/a: ${value.status === 'n/a' ? value.reason : ''})`);
  if (report.kappa?.kind === 'cohen') {
    lines.push(`  Cohen's kappa = ${f(report.kappa.kappa)} (SE ${f(report.kappa.standardError)}), quadratic-weighted ${f(report.kappa.quadratic)}`);
  } else if (report.kappa?.kind === 'fleiss') {
    lines.push(`  Fleiss' kappa = ${f(report.kappa.kappa)} (units every coder rated)`);
  }
  return lines;
}
