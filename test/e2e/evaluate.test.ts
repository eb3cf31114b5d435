import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { connote, type CliResult } from '../support/cli.js';
import { fileTempDir } from '../support/temp.js';

describe('connote evaluate examples/climate-demo (offline: descriptions vs the CNN baseline)', () => {
  let out: string;
  let result: CliResult;
  beforeAll(async () => {
    out = join(fileTempDir('connote-eval-'), 'evaluation');
    result = await connote('evaluate', 'examples/climate-demo', '--out', out, '--replicates', '400');
  }, 180_000);

  it('scores both methods at every minimum cluster size, with intervals and the coders’ alpha', () => {
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/160 coded pairs, 320 ratings/);
    expect(result.stdout).toMatch(/coders' alpha \(ordinal\), denotative: 0\.925/);
    const rows = parse(readFileSync(join(out, 'evaluation.csv'), 'utf8'), { columns: true }) as Array<Record<string, string>>;
    const quality = rows.filter((r) => r.kind === 'cluster_quality');
    expect(new Set(quality.map((r) => `${r.method}/${r.min_cluster_size}/${r.dimension}`)).size).toBe(2 * 3 * 2);
    for (const row of quality) {
      const [estimate, lower, upper] = [row.estimate, row.ci_lower, row.ci_upper].map(Number);
      expect(lower).toBeLessThanOrEqual(estimate);
      expect(upper).toBeGreaterThanOrEqual(estimate);
      expect(Number(row.noise_share)).toBeGreaterThanOrEqual(0);
    }
    expect(rows.filter((r) => r.kind === 'difference')).toHaveLength(6);
  });

  it('writes the table, the charts, a report per method and the provenance', () => {
    const md = readFileSync(join(out, 'evaluation.md'), 'utf8');
    expect(md).toMatch(/\| image features \(CNN\) \| 8 \|/);
    expect(md).toMatch(/tfjs \(nsfwjs@[\d.]+\/mobilenet_v2\)/);
    for (const file of ['charts/quality-denotative.svg', 'charts/quality-connotative.svg', 'report.html', 'image-features-report.html', 'evaluation-run.json']) {
      expect(existsSync(join(out, file)), file).toBe(true);
    }
    const cnnReport = readFileSync(join(out, 'image-features-report.html'), 'utf8');
    expect(cnnReport).toMatch(/clustered by their\s+<strong>image features<\/strong> \(tfjs image features from nsfwjs/);
    const run = JSON.parse(readFileSync(join(out, 'evaluation-run.json'), 'utf8')) as Record<string, any>;
    expect(run.imageFeatures.extractor).toBe('tfjs');
    expect(run.evaluation.pairs).toBe(160);
  });

  it('reuses every cached step when run again', async () => {
    const again = await connote('evaluate', 'examples/climate-demo', '--out', out, '--replicates', '400');
    expect(again.code).toBe(0);
    // Same seed and inputs: the same table.
    expect(again.stdout.split('\n').filter((l) => /^\s+(descriptions|image-features)/.test(l))).toEqual(
      result.stdout.split('\n').filter((l) => /^\s+(descriptions|image-features)/.test(l)),
    );
    expect(again.stderr).not.toMatch(/Image features \(tfjs/); // no image decoded again
  });
});
