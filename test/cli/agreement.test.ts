import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { connote } from '../support/cli.js';
import { tempDir } from '../support/temp.js';

/** A long ratings file of two coders on one column `score`. */
function ratingsFile(a: readonly number[], b: readonly number[]): string {
  const path = join(tempDir(), 'scores.csv');
  const lines = ['pair_id,coder,score', ...a.map((v, u) => `u${u},a,${v}`), ...b.map((v, u) => `u${u},b,${v}`)];
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

describe('connote agreement: edge cases of the scale', () => {
  it('on a scale with negative values at the interval level, reports ratio alpha as n/a', async () => {
    const path = ratingsFile([-2, 0, 2, -1, 1, 2, -2, 0], [-2, 1, 2, -2, 1, 2, -1, 0]);
    const result = await connote('agreement', path, '--level', 'interval', '--replicates', '200');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/alpha \(interval\) = 0\.\d{4}, 95% CI/);
    expect(result.stdout).toMatch(/alpha by level: nominal 0\.\d{4}, ordinal 0\.\d{4}, interval 0\.\d{4}, ratio n\/a/);
    expect(result.stdout).toMatch(/ratio n\/a: ratio alpha needs values >= 0/);
    const ratio = await connote('agreement', path, '--level', 'ratio', '--replicates', '200');
    expect(ratio.code).toBe(1);
    expect(ratio.stderr).toMatch(/scores\.csv, column score: agreement at the ratio level: .*choose another level/);
  });

  it('at the nominal level, still reports the ordered levels for numeric codes', async () => {
    const path = ratingsFile([1, 2, 3, 3, 2, 1], [1, 2, 3, 2, 2, 1]);
    const result = await connote('agreement', path, '--level', 'nominal', '--replicates', '200');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/alpha by level: nominal 0\.\d{4}, ordinal 0\.\d{4}, interval 0\.\d{4}, ratio 0\.\d{4}/);
  });

  it('weighs kappa by the scale when a category in the middle was never used', async () => {
    // A 1-5 scale on which nobody used 2: rank among the used codes would put 1 next to 3.
    const a = [1, 1, 3, 3, 4, 5, 5, 4, 3, 1];
    const b = [1, 3, 3, 4, 4, 5, 4, 4, 1, 1];
    const result = await connote('agreement', ratingsFile(a, b), '--replicates', '200');
    let observed = 0;
    let expected = 0;
    a.forEach((x, u) => (observed += (x - b[u]) ** 2));
    for (const x of a) for (const y of b) expected += (x - y) ** 2;
    const onTheScale = 1 - observed / a.length / (expected / a.length ** 2);
    expect(result.stdout).toContain(`quadratic-weighted ${onTheScale.toFixed(4)}`);
  });
});
