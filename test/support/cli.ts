import { main } from '../../src/cli/index.js';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the connote CLI in-process, capturing what it prints. */
export async function connote(...args: string[]): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const writeOut = process.stdout.write.bind(process.stdout);
  const writeErr = process.stderr.write.bind(process.stderr);
  const errorLog = console.error;
  process.stdout.write = ((chunk: string | Uint8Array) => (out.push(String(chunk)), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => (err.push(String(chunk)), true)) as typeof process.stderr.write;
  console.error = (...parts: unknown[]) => void err.push(`${parts.map(String).join(' ')}\n`);
  const previousExitCode = process.exitCode;
  try {
    process.exitCode = 0;
    const code = await main(['node', 'connote', ...args]);
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    process.stdout.write = writeOut;
    process.stderr.write = writeErr;
    console.error = errorLog;
    process.exitCode = previousExitCode;
  }
}
