import { prose } from './options.js';
import { Command, CommanderError } from 'commander';
import { connoteVersion } from '../pipeline/provenance.js';
import { StoppedError } from '../types/errors.js';
import { PreflightError } from '../pipeline/problems.js';
import { redactText } from '../util/secrets.js';
import { registerRunCommand } from './run.js';
import { registerServeCommand } from './serve.js';
import { registerVectorCommands } from './vectors.js';
import { registerEvaluateCommand } from './evaluate.js';
import { registerAgreementCommand } from './agreement.js';
import { registerInterpretabilityCommands } from './interpretability.js';
import { registerLabelCommand } from './label.js';
import { registerEditCommands } from './edits.js';
import { registerPairsCommands } from './pairs.js';
import { registerPairCodingCommands } from './pairs-coding.js';
import { registerDuplicatesCommand } from './duplicates.js';

/** Builds the command-line program; every command lives in its own module. */
export function buildProgram(): Command {
  const program = new Command('connote')
    .description(
      prose(`Cluster images by what they mean, not by what they show.

A vision-language model writes a connotative description of every image; the descriptions are
embedded, reduced with UMAP and clustered with HDBSCAN; every cluster is summarised by keywords and
representative images, and can be validated by human coders (Arminio et al. 2025).`),
    )
    .version(connoteVersion())
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerRunCommand(program);
  registerServeCommand(program);
  registerEvaluateCommand(program);
  registerPairCodingCommands(registerPairsCommands(program));
  registerAgreementCommand(program);
  registerLabelCommand(program);
  registerEditCommands(program);
  registerInterpretabilityCommands(program);
  registerDuplicatesCommand(program);
  registerVectorCommands(program);
  return program;
}

let pipesWatched = false;

/**
 * `connote run --help | head -1`: the reader closes the pipe and the next write fails with
 * EPIPE. That is not an error of connote's: stop quietly, as other command-line tools do.
 */
function exitQuietlyWhenPipeCloses(): void {
  if (pipesWatched) return;
  pipesWatched = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
      throw error;
    });
  }
}

/** Entry point used by bin/connote.js; returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  exitQuietlyWhenPipeCloses();
  const program = buildProgram();
  try {
    await program.parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    // Never print a credential: a base URL's user and password, a secret query value.
    console.error(`connote: ${redactText(error instanceof Error ? error.message : String(error))}`);
    if (error instanceof StoppedError) return 130;
    // A configuration that cannot work (checked before anything is paid for or written): usage error.
    if (error instanceof PreflightError) return 2;
    if (process.env.CONNOTE_DEBUG && error instanceof Error) console.error(error.stack);
    return 1;
  }
}
