import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shellBlocks } from './support/doc-blocks.js';
import { DOCS, runDocBlocks } from './support/doc-shell-runner.js';

// The README and the example's README; the guides in docs/ run beside this file, in
// docs-shell-blocks-guides.test.ts (how and why: test/support/doc-shell-runner.ts).
describe('the documentation’s shell blocks: README', () => {
  it('are each marked run or skip (with a reason), in every documentation file', () => {
    const blocks = DOCS.flatMap((file) => shellBlocks(file));
    const unmarked = blocks.filter((b) => b.marker === null).map((b) => `${b.file}:${b.line}`);
    expect(unmarked, 'put <!-- doc-test: run --> or <!-- doc-test: skip: REASON --> before each block').toEqual([]);
    expect(blocks.filter((b) => b.marker?.kind === 'run').length).toBeGreaterThan(10);
  });

  runDocBlocks(
    DOCS.filter((file) => !file.startsWith('docs/')),
    (workspace) => {
      // The example's outputs the README promises are there.
      expect(existsSync(join(workspace, 'out/climate-demo/report.html'))).toBe(true);
      expect(readFileSync(join(workspace, 'out/evaluation/evaluation.md'), 'utf8')).toMatch(/## Cluster quality/);
    },
  );
});
