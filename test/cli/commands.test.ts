import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeBlobs } from '../../bench/data.js';
import { openProjectStore } from '../../src/store/index.js';
import { matrixToCsv } from '../../src/util/vectors-io.js';
import { connote } from '../support/cli.js';
import { fileTempDir, tempDir } from '../support/temp.js';

describe('connote cluster-vectors and reduce-vectors', () => {
  it('clusters a CSV of vectors and writes label, probability and outlier score per row', async () => {
    const dir = tempDir();
    const { data, labels } = makeBlobs({ n: 300, dims: 5, centers: 3, std: 0.4, seed: 3 });
    writeFileSync(join(dir, 'v.csv'), matrixToCsv(data, 'x'));
    const result = await connote('cluster-vectors', join(dir, 'v.csv'), '--min-cluster-size', '15', '--out', join(dir, 'labels.csv'));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/300 points: 3 clusters/);
    const rows = parse(readFileSync(join(dir, 'labels.csv'), 'utf8'), { columns: true }) as Array<Record<string, string>>;
    expect(Object.keys(rows[0])).toEqual(['label', 'probability', 'outlier_score']);
    expect(rows).toHaveLength(300);
    // Same blob, same label (up to renaming).
    const mapping = new Map<number, string>();
    rows.forEach((row, i) => {
      if (row.label === '-1') return;
      expect(mapping.get(labels[i]) ?? row.label).toBe(row.label);
      mapping.set(labels[i], row.label);
    });
  });

  it('reduces vectors with PCA and UMAP, reproducibly for a seed', async () => {
    const dir = tempDir();
    const { data } = makeBlobs({ n: 200, dims: 20, centers: 4, seed: 5 });
    writeFileSync(join(dir, 'v.csv'), matrixToCsv(data, 'x'));
    for (const method of ['pca', 'umap']) {
      const out = join(dir, `${method}.csv`);
      const result = await connote('reduce-vectors', join(dir, 'v.csv'), '--method', method, '--dims', '2', '--seed', '7', '--out', out);
      expect(result.code, result.stderr).toBe(0);
      const first = readFileSync(out, 'utf8');
      expect(first.split('\n')[0]).toBe('d0,d1');
      await connote('reduce-vectors', join(dir, 'v.csv'), '--method', method, '--dims', '2', '--seed', '7', '--out', out);
      expect(readFileSync(out, 'utf8')).toBe(first);
    }
  });

  it('says how it read the first line, and takes --header / --no-header at their word', async () => {
    const dir = tempDir();
    const { data } = makeBlobs({ n: 60, dims: 3, centers: 2, std: 0.4, seed: 4 });
    writeFileSync(join(dir, 'named.csv'), matrixToCsv(data, 'x'));
    const detected = await connote('cluster-vectors', join(dir, 'named.csv'), '--min-cluster-size', '5', '--out', join(dir, 'l.csv'));
    expect(detected.code, detected.stderr).toBe(0);
    expect(detected.stderr).toMatch(/read 60 x 3 from .*named\.csv; line 1 read as a header \(x0, x1, x2\): detected, pass --no-header if it is data/);
    const numbers = matrixToCsv(data, 'x').split('\n').slice(1).join('\n');
    writeFileSync(join(dir, 'plain.csv'), numbers);
    const plain = await connote('cluster-vectors', join(dir, 'plain.csv'), '--min-cluster-size', '5', '--out', join(dir, 'l.csv'));
    expect(plain.stderr).toMatch(/read 60 x 3 from .*plain\.csv; no header \(line 1 is numbers\)/);
    const told = await connote('cluster-vectors', join(dir, 'plain.csv'), '--header', '--min-cluster-size', '5', '--out', join(dir, 'l.csv'));
    expect(told.stderr).toMatch(/read 59 x 3 .*; line 1 read as a header \(/);
    expect(told.stdout).toMatch(/^59 points/);
    writeFileSync(join(dir, 'nan.csv'), `1,NaN,3\n${numbers}`);
    const nan = await connote('reduce-vectors', join(dir, 'nan.csv'), '--dims', '2', '--out', join(dir, 'r.csv'));
    expect(nan.code).toBe(1);
    expect(nan.stderr).toMatch(/nan\.csv line 1, column 2: 'NaN' is not a finite number/);
  });

  it('names the file and cell it cannot read', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'bad.csv'), '1,2\n3,oops\n');
    const result = await connote('cluster-vectors', join(dir, 'bad.csv'), '--min-cluster-size', '5', '--out', join(dir, 'l.csv'));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/bad\.csv line 2, column 2: 'oops' is not a number/);
  });
});

describe('connote agreement', () => {
  it("prints alpha with its CI and Cohen's kappa for each rating column", async () => {
    const result = await connote('agreement', 'examples/climate-demo/ratings.csv', '--level', 'ordinal', '--replicates', '500');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/denotative: 2 coders \(coder1, coder2\), 160 units, 320 values/);
    expect(result.stdout).toMatch(/Krippendorff's alpha \(ordinal\) = 0\.9253, 95% CI \[0\.\d+, 0\.\d+\]/);
    expect(result.stdout).toMatch(/connotative: .*\n.*alpha \(ordinal\) = 0\.9388/);
    expect(result.stdout).toMatch(/Cohen's kappa = 0\.8403/);
  });

  it('reads other column names and explains a missing one', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'r.csv'), 'item,rater,code\na,x,1\na,y,1\nb,x,2\nb,y,2\nc,x,1\nc,y,2\n');
    const ok = await connote('agreement', join(dir, 'r.csv'), '--unit', 'item', '--coder', 'rater', '--value', 'code', '--level', 'nominal');
    expect(ok.stdout).toMatch(/code: 2 coders/);
    const bad = await connote('agreement', join(dir, 'r.csv'));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/has no column 'pair_id' \(it has: item, rater, code\)/);
  });
});

describe('connote pairs and interpretability on a project', () => {
  let project: string;
  beforeAll(async () => {
    project = join(fileTempDir('connote-cli-'), 'project');
    const run = await connote('run', 'examples/climate-demo', '--out', project, '--min-cluster-size', '5', '--quiet');
    expect(run.code, run.stderr).toBe(0);
  }, 120_000);

  it('samples pairs blind, with a key and the images under neutral names', async () => {
    const dir = tempDir();
    const result = await connote('pairs', 'sample', project, '--count', '40', '--blind', '--images-dir', join(dir, 'imgs'), '-o', join(dir, 'pairs.csv'));
    expect(result.code, result.stderr).toBe(0);
    const pairs = parse(readFileSync(join(dir, 'pairs.csv'), 'utf8'), { columns: true }) as Array<Record<string, string>>;
    expect(Object.keys(pairs[0])).toEqual(['pair_id', 'image_a', 'image_b']);
    for (const pair of pairs) expect(pair.image_a).toMatch(/^img\d{4}$/);
    const key = parse(readFileSync(join(dir, 'pairs.key.csv'), 'utf8'), { columns: true }) as Array<Record<string, string>>;
    expect(key.length).toBe(readdirSync(join(dir, 'imgs')).length);
    expect(existsSync(join(dir, 'pairs.unblinded.csv'))).toBe(true);
    const again = await connote('pairs', 'sample', project, '--count', '40', '--blind', '-o', join(dir, 'again.csv'));
    expect(again.code).toBe(0);
    expect(readFileSync(join(dir, 'again.csv'), 'utf8')).toBe(readFileSync(join(dir, 'pairs.csv'), 'utf8'));
  });

  it('numbers a new sample so it imports beside pairs the project already holds', async () => {
    const dir = tempDir();
    const first = await connote('pairs', 'import', project, 'examples/climate-demo/pairs.csv');
    expect(first.code, first.stderr).toBe(0);
    const sampled = await connote('pairs', 'sample', project, '--count', '20', '-o', join(dir, 'more.csv'));
    expect(sampled.code, sampled.stderr).toBe(0);
    expect(sampled.stdout).toMatch(/numbered p2-001/);
    const pairs = parse(readFileSync(join(dir, 'more.csv'), 'utf8'), { columns: true }) as Array<Record<string, string>>;
    for (const pair of pairs) expect(pair.pair_id).toMatch(/^p2-\d{3}$/);
    const imported = await connote('pairs', 'import', project, join(dir, 'more.csv'));
    expect(imported.code, imported.stderr).toBe(0);
    const store = openProjectStore(project, { readonly: true });
    try {
      expect(store.pairs.count()).toBe(parse(readFileSync('examples/climate-demo/pairs.csv', 'utf8'), { columns: true }).length + pairs.length);
    } finally {
      store.close();
    }
  });

  it('creates an interpretability study and scores the choices stored for it', async () => {
    const created = await connote('interpretability', 'create', project, '--clustering', 'descriptions/mcs5', '--images-per-set', '3');
    expect(created.code, created.stderr).toBe(0);
    const id = Number(/study (\d+)/.exec(created.stdout)?.[1]);
    const store = openProjectStore(project);
    const key = store.interpretability.key(id);
    // One rater always right, one always picking the first option.
    for (const task of store.interpretability.tasks(id)) {
      const right = Object.entries(key.tasks[task.taskId].options).find(([, label]) => label === key.tasks[task.taskId].cluster)?.[0] ?? null;
      store.interpretability.choose(id, task.taskId, 'ann', right);
      store.interpretability.choose(id, task.taskId, 'bob', task.options[0].optionId);
    }
    const tasks = store.interpretability.tasks(id).length;
    store.close();
    const score = await connote('interpretability', 'score', project, '--study', String(id));
    expect(score.code, score.stderr).toBe(0);
    expect(score.stdout).toMatch(new RegExp(`${2 * tasks} answers \\(0 skipped\\) by ann, bob`));
    expect(score.stdout).toMatch(/chance 0\.\d{3}/);
    expect(score.stdout).toMatch(/Cohen's kappa between the two raters/);
  });
});
