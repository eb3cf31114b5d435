import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/index.js';
import { cliReference } from '../../src/cli/reference.js';

describe('docs/cli.md', () => {
  it('is exactly what the commands print for --help (run `npm run docs:cli` after changing an option)', () => {
    expect(readFileSync('docs/cli.md', 'utf8')).toBe(cliReference(buildProgram()));
  });

  it('documents every command', () => {
    const names = buildProgram().commands.map((c) => c.name());
    expect(names).toEqual(expect.arrayContaining(['run', 'evaluate', 'serve', 'agreement', 'pairs', 'cluster-vectors', 'reduce-vectors']));
  });
});
