import { spawn } from 'node:child_process';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/index.js';

/** Runs a shell pipeline without blocking the test worker (spawnSync would stall its RPC). */
function shell(command: string): Promise<{ stdout: string; stderr: string }> {
  const child = spawn('sh', ['-c', command], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += String(d)));
  child.stderr.on('data', (d) => (stderr += String(d)));
  return new Promise((done) => child.on('close', () => done({ stdout, stderr })));
}

/** Every command, depth first. */
function commands(command: Command): Command[] {
  return [command, ...command.commands.flatMap(commands)];
}

/** Options that pass values through rather than take one when absent. */
const NO_DEFAULT = new Set(['--help', '--version', '--dry-run', '--describer-settings', '--embedder-settings', '--reduce-settings', '--cluster-settings', '--image-features-settings']);

describe('--help teaches the defaults', () => {
  it('every option of run and evaluate names its default', () => {
    for (const name of ['run', 'evaluate']) {
      const command = buildProgram().commands.find((c) => c.name() === name)!;
      for (const option of command.options) {
        if (NO_DEFAULT.has(option.long ?? '')) continue;
        const told = /\(default: /.test(option.description) || option.defaultValue !== undefined;
        expect(told, `${name} ${option.flags}: ${option.description}`).toBe(true);
      }
    }
  });

  it('no option says its default twice (in its text and again through commander)', () => {
    for (const command of commands(buildProgram())) {
      for (const option of command.options) {
        const inText = (option.description.match(/default/g) ?? []).length;
        expect(inText + (option.defaultValue !== undefined ? 1 : 0), `${command.name()} ${option.flags}`).toBeLessThanOrEqual(1);
      }
    }
  });

  it('descriptions are paragraphs, so commander wraps them to the terminal width', () => {
    for (const command of commands(buildProgram())) {
      for (const paragraph of command.description().split('\n\n')) {
        expect(paragraph.includes('\n') && !/\n /.test(paragraph), `${command.name()}: hard-wrapped description`).toBe(false);
      }
    }
  });

  it('piped into head, or into a reader that never reads, help stops quietly (no EPIPE stack trace)', async () => {
    const head = await shell('node --import tsx test/support/connote-cli.ts run --help | head -1');
    expect(head.stdout).toBe('Usage: connote run [options] <input>\n');
    expect(head.stderr).toBe('');
    // `true` exits at once, so every write fails with EPIPE (before the fix: an 'error' event's stack trace).
    const closed = await shell('node --import tsx test/support/connote-cli.ts run --help | true');
    expect(closed.stderr).toBe('');
  }, 30_000);
});
