import { inspectRunOptions, type RunConfig, type RunOptions } from '../pipeline/config.js';
import { preflight, type PreflightCommand } from '../pipeline/preflight.js';
import { PreflightError } from '../pipeline/problems.js';

/**
 * The run's configuration, checked before anything is ingested, described or written: the
 * options and config file against their schema, then every stage (see pipeline/preflight.ts).
 * All problems are reported together as one PreflightError (the CLI exits 2).
 */
export async function checkedConfig(options: RunOptions & { config?: string }, command: PreflightCommand): Promise<RunConfig> {
  const { config, problems } = inspectRunOptions(options);
  const stageProblems = config ? await preflight(config, { command }) : [];
  const all = [...new Set([...problems, ...stageProblems])];
  if (all.length > 0 || !config) throw new PreflightError(all);
  return config;
}
