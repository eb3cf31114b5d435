import { readFileSync } from 'node:fs';

/**
 * The shell blocks of the documentation, with the marker before each one:
 * `<!-- doc-test: run -->` (the docs test runs every command in it) or
 * `<!-- doc-test: skip: REASON -->`. An unmarked block is an error, so a new example cannot
 * slip past the test unnoticed.
 */
export interface ShellBlock {
  readonly file: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  readonly marker: { readonly kind: 'run' } | { readonly kind: 'skip'; readonly reason: string } | null;
  readonly commands: readonly ShellCommand[];
}

export interface ShellCommand {
  /** 1-based line where the command starts. */
  readonly line: number;
  /** The command with continuation lines joined and the trailing comment removed. */
  readonly text: string;
}

const FENCE = /^```(sh|bash|shell)\s*$/;
const MARKER = /^<!--\s*doc-test:\s*(run|skip:\s*(.+?))\s*-->$/;

export function shellBlocks(file: string): ShellBlock[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const blocks: ShellBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!FENCE.test(lines[i])) continue;
    let previous = i - 1;
    while (previous >= 0 && lines[previous].trim() === '') previous--;
    const found = previous >= 0 ? MARKER.exec(lines[previous].trim()) : null;
    const marker = !found ? null : found[1] === 'run' ? { kind: 'run' as const } : { kind: 'skip' as const, reason: found[2] };
    const body: Array<{ line: number; text: string }> = [];
    let end = i + 1;
    for (; end < lines.length && !lines[end].startsWith('```'); end++) body.push({ line: end + 1, text: lines[end] });
    blocks.push({ file, line: i + 1, marker, commands: joinCommands(body) });
    i = end;
  }
  return blocks;
}

/** Joins `\` continuations, drops comment-only and blank lines, and cuts `   # comments`. */
function joinCommands(body: ReadonlyArray<{ line: number; text: string }>): ShellCommand[] {
  const commands: ShellCommand[] = [];
  let pending: { line: number; text: string } | null = null;
  for (const { line, text } of body) {
    const current: { line: number; text: string } = pending ? { line: pending.line, text: `${pending.text} ${text.trim()}` } : { line, text: text.trim() };
    if (current.text.endsWith('\\')) {
      pending = { line: current.line, text: current.text.slice(0, -1).trim() };
      continue;
    }
    pending = null;
    const command = current.text.replace(/\s+#\s.*$/, '').trim();
    if (command === '' || command.startsWith('#')) continue;
    commands.push({ line: current.line, text: command });
  }
  return commands;
}
