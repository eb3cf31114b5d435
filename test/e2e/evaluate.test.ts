import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/index.js';
import { connote, type CliResult } from '../support/cli.js';
import { fileTempDir } from '../support/temp.js';

type CsvRow = Record<string, string>;
const readCsv = (path: string): CsvRow[] => parse(readFileSync(path, 'utf8'), { columns: true }) as CsvRow[];

describe('connote evaluate examples/climate-demo (offline: descriptions vs the CNN baseline)', () => {
  let dir: string;
  let out: string;
  let result: CliResult;
  beforeAll(async () => {
    dir = fileTempDir('connote-eval-');
    out = join(dir, 'evaluation');
    // The small case of the seed study (bench/evaluate-seeds.ts runs the full one).
    // --also-embedder: the same descriptions through a second embedder, scored side by side.
    result = await connote('evaluate', 'examples/climate-demo', '--out', out, '--replicates', '400', '--permutations', '199', '--seeds', '0,1', '--also-embedder', 'wordvectors');
  }, 240_000);

  it('scores both methods at every minimum cluster size, with intervals, chance baselines and the coders’ alpha', () => {
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/160 coded pairs, 320 ratings/);
    expect(result.stdout).toMatch(/Ratings by model coders \(coder1, coder2\)/);
    expect(result.stdout).toMatch(/coders' alpha \(ordinal\), denotative: 0\.925/);
    const rows = readCsv(join(out, 'evaluation.csv'));
    const quality = rows.filter((r) => r.kind === 'cluster_quality');
    expect(new Set(quality.map((r) => `${r.method}/${r.min_cluster_size}/${r.dimension}`)).size).toBe(3 * 3 * 2);
    expect(new Set(quality.map((r) => r.method))).toEqual(new Set(['descriptions', 'image-features', 'descriptions-wordvectors']));
    for (const row of quality) {
      const [estimate, lower, upper, p] = [row.estimate, row.ci_lower, row.ci_upper, row.chance_p].map(Number);
      expect(lower).toBeLessThanOrEqual(estimate);
      expect(upper).toBeGreaterThanOrEqual(estimate);
      expect(Number(row.noise_share)).toBeGreaterThanOrEqual(0);
      expect(p).toBeGreaterThanOrEqual(1 / 200);
      expect(Math.abs(Number(row.chance_mean))).toBeLessThan(0.1);
      expect(Number(row.seeds_n)).toBe(2);
      expect(Number(row.ari_mean)).toBeLessThanOrEqual(1);
    }
    // Golden: the CNN splits portraits from the rest at every size and seed, so its figures are fixed.
    const cnn = quality.find((r) => r.method === 'image-features' && r.min_cluster_size === '8' && r.dimension === 'connotative')!;
    expect([Number(cnn.clusters), Number(cnn.estimate).toFixed(3), cnn.ari_mean, Number(cnn.chance_p)]).toEqual([2, '1.473', '1', 1 / 200]);
    expect(rows.filter((r) => r.kind === 'difference')).toHaveLength(6);
    expect(rows.filter((r) => r.kind === 'matched_difference').length).toBeGreaterThanOrEqual(2);
  });

  it('writes the table with chance, seeds, matched granularity, a reading, and says the coders are models', () => {
    const md = readFileSync(join(out, 'evaluation.md'), 'utf8');
    expect(md).toMatch(/> \*\*Ratings by model coders\.\*\* coder1, coder2 are models, not people/);
    expect(md).toMatch(/\| image features \(CNN\) \| 8 \| 2 \| 0\.0% \| connotative \| 1\.473 \|/);
    expect(md).toMatch(/## Stability across seeds 0, 1/);
    expect(md).toMatch(/## Matched granularity: both methods at the same number of clusters/);
    expect(md).toMatch(/## Reading\n\n- These ratings come from model coders, not people/);
    expect(md).toMatch(/- In short: at equal numbers of clusters/);
    expect(md).toMatch(/tfjs \(nsfwjs@[\d.]+\/mobilenet_v2\)/);
    for (const file of ['charts/quality-denotative.svg', 'charts/quality-connotative.svg', 'charts/matched-connotative.svg', 'report.html', 'image-features-report.html', 'evaluation-run.json']) {
      expect(existsSync(join(out, file)), file).toBe(true);
    }
    expect(readFileSync(join(out, 'charts/quality-connotative.svg'), 'utf8')).toContain('k=2, 0% noise');
    const run = JSON.parse(readFileSync(join(out, 'evaluation-run.json'), 'utf8')) as Record<string, any>;
    expect(run.imageFeatures.extractor).toBe('tfjs');
    expect(run.evaluation.pairs).toBe(160);
    expect(run.evaluation.seeds).toEqual([0, 1]);
    expect(run.alsoEmbedders.map((a: { embedder: { embedder: string } }) => a.embedder.embedder)).toEqual(['wordvectors']);
    expect(md).toMatch(/\| descriptions \(VLM\), wordvectors embedder \| 3 \|/);
  });

  it('reuses every cached step when run again, and gives the same table', async () => {
    const again = await connote('evaluate', 'examples/climate-demo', '--out', out, '--replicates', '400', '--permutations', '199', '--seeds', '0,1', '--also-embedder', 'wordvectors');
    expect(again.code).toBe(0);
    const table = (stdout: string): string[] => stdout.split('\n').filter((l) => /^\s+(descriptions|image-features)/.test(l));
    expect(table(again.stdout)).toEqual(table(result.stdout));
    expect(again.stderr).not.toMatch(/Image features \(tfjs/); // no image decoded again
  });

  it('plans the pairs needed for a CI half-width of 0.1 on the connotative CQ difference', async () => {
    const plan = await connote('pairs', 'plan', out, '--half-width', '0.1');
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toMatch(/Plan: connotative CQ difference descriptions\/mcs3 - image-features\/mcs3, 95% CI half-width 0\.1/);
    expect(plan.stdout).toMatch(/pilot: 160 coded pairs from .*pairs\.csv/);
    const needed = Number(/stratified sample \(Neyman allocation\): ([\d,]+) pairs, expected half-width 0\.(09\d|100)/.exec(plan.stdout)?.[1].replace(/,/g, ''));
    const simple = Number(/simple random sample of image pairs would need ([\d,]+) pairs/.exec(plan.stdout)?.[1].replace(/,/g, ''));
    expect(needed).toBeGreaterThan(160);
    expect(simple).toBeGreaterThan(needed);
    expect(plan.stdout).toMatch(/mcs8 - image-features\/mcs8.*\n.*same partition: their difference is 0/);
  });

  it('runs the blind coding loop on the files pairs sample writes: sample, serve, code, export, agreement, evaluate', async () => {
    const loop = join(dir, 'loop');
    const pairsCsv = join(loop, 'pairs.csv');
    const sampled = await connote('pairs', 'sample', out, '--clustering', 'descriptions/mcs3', '--clustering', 'image-features/mcs3', '--count', '40', '--noise', '0', '--blind', '--images-dir', join(loop, 'images'), '-o', pairsCsv);
    expect(sampled.code, sampled.stderr).toBe(0);
    expect(sampled.stdout).toMatch(/^40 pairs from 2 clustering\(s\)/);
    expect(sampled.stdout).toContain(`blinding key in ${join(loop, 'pairs.key.csv')}`);
    expect(readCsv(pairsCsv).every((r) => /^img\d{4}$/.test(r.image_a) && /^img\d{4}$/.test(r.image_b))).toBe(true);

    // serve --pairs pairs.csv, as the README says; coders rate through the API the browser uses.
    const printed: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string | Uint8Array) => (printed.push(String(chunk)), true)) as typeof process.stdout.write;
    const tokens = { alice: 'alice-secret-token', bob: 'bob-secret-token-2' };
    const serving = main(['node', 'connote', 'serve', out, '--port', '0', '--pairs', pairsCsv, '--token', `alice:${tokens.alice}`, '--token', `bob:${tokens.bob}`]);
    try {
      for (let i = 0; i < 400 && !/connote serve: http/.test(printed.join('')); i++) await new Promise((resolve) => setTimeout(resolve, 25));
      const text = printed.join('');
      expect(text).toContain('Pairs: 40 imported');
      expect(text).toContain(`Blind ids mapped back with ${join(loop, 'pairs.key.csv')}`);
      expect(text).toContain('blind coding only');
      const url = /connote serve: (http:\/\/127\.0\.0\.1:\d+)/.exec(text)![1];
      const listed = (await (await fetch(`${url}/api/coding/pairs`, { headers: { Authorization: `Bearer ${tokens.alice}` } })).json()) as {
        blind: boolean;
        pairs: Array<{ pairId: string; a: Record<string, unknown> }>;
      };
      expect(listed.blind).toBe(true);
      expect(listed.pairs).toHaveLength(40);
      expect(listed.pairs.every((pair) => !('id' in pair.a))).toBe(true);
      for (const [i, pair] of listed.pairs.entries()) {
        for (const [coder, token] of Object.entries(tokens)) {
          const value = ((i * 7) % 3) + 1;
          const rating = coder === 'bob' && i % 5 === 0 ? (value % 3) + 1 : value;
          const saved = await fetch(`${url}/api/coding/pairs/${pair.pairId}/rating`, {
            method: 'POST',
            headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
            body: JSON.stringify({ denotative: rating, connotative: rating }),
          });
          expect(saved.status).toBe(200);
        }
      }
    } finally {
      process.emit('SIGINT');
      expect(await serving).toBe(0);
      process.stdout.write = write;
    }

    const ratingsCsv = join(loop, 'ratings.csv');
    expect((await connote('pairs', 'export', out, '-o', ratingsCsv)).code).toBe(0);
    expect(readCsv(ratingsCsv)).toHaveLength(80);
    const agreement = await connote('agreement', ratingsCsv, '--replicates', '200');
    expect(agreement.stdout).toMatch(/denotative: 2 coders \(alice, bob\), 40 units, 80 values/);
    const evaluated = await connote('evaluate', 'examples/climate-demo', '--out', out, '--pairs', pairsCsv, '--ratings', ratingsCsv, '--replicates', '200', '--permutations', '99');
    expect(evaluated.code, evaluated.stderr).toBe(0);
    expect(evaluated.stdout).toMatch(/40 coded pairs, 80 ratings\. Blind ids mapped back with .*pairs\.key\.csv/);
    expect(readFileSync(join(out, 'evaluation.md'), 'utf8')).not.toMatch(/model coders/);
  }, 120_000);

  it('draws the stratified design of pairs plan, which evaluate weights back to all image pairs', async () => {
    const path = join(dir, 'stratified', 'pairs.csv');
    const drawn = await connote('pairs', 'sample', out, '--stratified', '--clustering', 'descriptions/mcs3', '--clustering', 'image-features/mcs3', '--count', '60', '-o', path);
    expect(drawn.code, drawn.stderr).toBe(0);
    expect(drawn.stdout).toMatch(/^60 pairs in \d strata \(same\/same \d+, .*\) written to .*, with their weights for connote evaluate/);
    const pairs = readCsv(path);
    expect(Object.keys(pairs[0])).toEqual(['pair_id', 'image_a', 'image_b', 'design_stratum', 'weight', 'design']);
    // Two coders who rate by the source of the images (portraits, or NASA's collection).
    const source = (id: string): string => id.split('-')[0];
    const lines = pairs.flatMap((p) => ['c1', 'c2'].map((coder) => `${p.pair_id},${coder},${source(p.image_a) === source(p.image_b) ? 3 : 1},${source(p.image_a) === source(p.image_b) ? 3 : 2}`));
    writeFileSync(join(dir, 'stratified', 'ratings.csv'), `pair_id,coder,denotative,connotative\n${lines.join('\n')}\n`);
    const evaluated = await connote('evaluate', 'examples/climate-demo', '--out', out, '--pairs', path, '--ratings', join(dir, 'stratified', 'ratings.csv'), '--replicates', '200', '--permutations', '99');
    expect(evaluated.code, evaluated.stderr).toBe(0);
    const md = readFileSync(join(out, 'evaluation.md'), 'utf8');
    expect(md).toMatch(/The pairs were drawn by a stratified design and are weighted back to all image pairs\./);
    expect(md).toMatch(/weighted back to all image pairs \(stratified design\); 95% percentile bootstrap intervals over pairs within strata/);
    // The CNN's split is exactly the coders' source rule: same-cluster pairs rate 3, the others 1.
    expect(md).toMatch(/\| image features \(CNN\) \| 3 \| 2 \| 0\.0% \| denotative \| 2\.000 \|/);
  }, 60_000);

  it('with a single coder, reports alpha as undefined and still writes the quality table', async () => {
    const loop = join(dir, 'loop');
    const solo = join(loop, 'alice.csv');
    expect((await connote('pairs', 'export', out, '--coder', 'alice', '-o', solo)).code).toBe(0);
    const evaluated = await connote('evaluate', 'examples/climate-demo', '--out', out, '--pairs', join(loop, 'pairs.csv'), '--ratings', solo, '--replicates', '200', '--permutations', '99');
    expect(evaluated.code, evaluated.stderr).toBe(0);
    expect(evaluated.stdout).toMatch(/coders' alpha \(ordinal\), denotative: undefined \(no unit was coded by two or more coders\)/);
    const md = readFileSync(join(out, 'evaluation.md'), 'utf8');
    expect(md).toMatch(/\| denotative \| 1 \| undefined \(ordinal\): no unit was coded by two or more coders \|/);
    expect(md).toMatch(/\| descriptions \(VLM\) \| 3 \|/);
    expect(md).toMatch(/Coders' agreement is undefined/);
  }, 60_000);

  it('scores against a rating derived from manifest labels, reported as a proxy apart from the coded pairs', async () => {
    const evaluated = await connote('evaluate', 'examples/climate-demo', '--out', out, '--replicates', '200', '--permutations', '99', '--similarity-from', 'author');
    expect(evaluated.code, evaluated.stderr).toBe(0);
    const md = readFileSync(join(out, 'evaluation.md'), 'utf8');
    expect(md).toMatch(/## Label-derived similarity \(a proxy, not coded pairs\): author/);
    expect(md).toMatch(/\| image features \(CNN\) \| 8 \| 2 \| -?\d\.\d{3} \| .* \| all pairs of 107 images \|/);
    const rows = readCsv(join(out, 'evaluation.csv')).filter((r) => r.kind === 'label_quality');
    expect(rows).toHaveLength(6);
  }, 60_000);

  it('never leaves an old evaluation.md behind when an evaluation fails', async () => {
    writeFileSync(join(out, 'evaluation.md'), 'an old table\n');
    const failed = await connote('evaluate', 'examples/climate-demo', '--out', out, '--replicates', '200', '--similarity-from', 'no_such_column');
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/no image has the metadata column\(s\) no_such_column/);
    expect(existsSync(join(out, 'evaluation.md'))).toBe(false);
  }, 60_000);
});
