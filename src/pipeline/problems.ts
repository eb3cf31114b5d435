/**
 * Everything wrong with a run's configuration, found before anything is ingested, described or
 * paid for: one line per problem, all of them at once. The command line prints them and exits 2.
 */
export class PreflightError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(
      problems.length === 1
        ? problems[0]
        : `${problems.length} problems, nothing was run:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
    );
    this.name = 'PreflightError';
    this.problems = problems;
  }
}

/** The lines of an error's message (a SettingsError lists one problem a line). */
export function problemLines(error: unknown): string[] {
  if (error instanceof PreflightError) return [...error.problems];
  const problems = (error as { problems?: unknown } | null)?.problems;
  if (Array.isArray(problems) && problems.every((p) => typeof p === 'string')) return problems as string[];
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n').filter((line) => line.trim() !== '');
}
