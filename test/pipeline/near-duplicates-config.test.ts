import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pipelineOptions } from '../../src/cli/run-options.js';
import { inspectRunOptions, resolveRunConfig } from '../../src/pipeline/config.js';
import { preflight } from '../../src/pipeline/preflight.js';
import { tempDir } from '../support/temp.js';

const input = 'examples/climate-demo';

describe('the nearDuplicates setting', () => {
  it('is off by default; true, a name or any flag turns it on with the hash\'s measured distance', () => {
    expect(resolveRunConfig({ input }).nearDuplicates).toBeNull();
    expect(resolveRunConfig({ input, nearDuplicates: true }).nearDuplicates).toEqual({ hash: 'dhash', maxDistance: 10, analysis: 'all' });
    expect(resolveRunConfig({ input, nearDuplicates: 'phash' }).nearDuplicates).toEqual({ hash: 'phash', maxDistance: 8, analysis: 'all' });
    expect(resolveRunConfig(pipelineOptions(input, { nearDuplicateAnalysis: 'representative' })).nearDuplicates).toEqual({ hash: 'dhash', maxDistance: 10, analysis: 'representative' });
    expect(resolveRunConfig(pipelineOptions(input, { nearDuplicates: 'phash', nearDuplicateDistance: 4 })).nearDuplicates).toEqual({ hash: 'phash', maxDistance: 4, analysis: 'all' });
    expect(pipelineOptions(input, {}).nearDuplicates).toBeUndefined();
  });

  it('takes the config file\'s settings, each overridden by the command line; another hash drops the file\'s distance', () => {
    const dir = tempDir();
    const config = join(dir, 'connote.config.json');
    writeFileSync(config, JSON.stringify({ input: '../', nearDuplicates: { hash: 'dhash', maxDistance: 6, analysis: 'representative' } }));
    expect(resolveRunConfig({ config }).nearDuplicates).toEqual({ hash: 'dhash', maxDistance: 6, analysis: 'representative' });
    expect(resolveRunConfig({ config, nearDuplicates: { maxDistance: 12 } }).nearDuplicates).toEqual({ hash: 'dhash', maxDistance: 12, analysis: 'representative' });
    expect(resolveRunConfig({ config, nearDuplicates: { hash: 'phash' } }).nearDuplicates).toEqual({ hash: 'phash', maxDistance: 8, analysis: 'representative' });
    expect(resolveRunConfig({ config, nearDuplicates: false }).nearDuplicates).toBeNull();
  });

  it('refuses a distance out of range, an unknown mode or key, and (in the pre-flight) an unknown hash', async () => {
    expect(inspectRunOptions({ input, nearDuplicates: { maxDistance: 17 } }).problems).toEqual(["option: setting 'nearDuplicates.maxDistance' must be an integer from 0 to 16, got 17"]);
    expect(inspectRunOptions({ input, nearDuplicates: { maxDistnace: 3 } as never }).problems).toEqual([
      "option: unknown setting 'nearDuplicates.maxDistnace'; did you mean 'maxDistance'? (allowed: hash, maxDistance, analysis)",
    ]);
    expect(inspectRunOptions({ input, nearDuplicates: { analysis: 'one' } as never }).problems[0]).toMatch(/"analysis": "all" or "representative"/);
    const config = resolveRunConfig({ input, out: join(tempDir(), 'p'), nearDuplicates: 'average' });
    expect(await preflight(config, { command: 'run' })).toEqual(["near-duplicates: unknown near-duplicate hash 'average'; choose one of: dhash, phash"]);
  });
});
