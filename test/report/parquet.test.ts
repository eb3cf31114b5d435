import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tableFromIPC, type Table } from 'apache-arrow';
import { parse } from 'csv-parse/sync';
import { readParquet } from 'parquet-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { parquetTable } from '../../src/report/index.js';
import { connote } from '../support/cli.js';
import { fileTempDir } from '../support/temp.js';

/**
 * Parquet files written by connote (hyparquet-writer) read back by an independent reader:
 * parquet-wasm, Apache Arrow's Rust implementation compiled to WebAssembly, the same family of
 * readers R's arrow and Python's pyarrow use. Types and values must match the CSVs.
 */
const read = (path: string): Table => tableFromIPC(readParquet(new Uint8Array(readFileSync(path))).intoIPCStream());
const types = (table: Table): Record<string, string> => Object.fromEntries(table.schema.fields.map((f) => [f.name, `${f.type}${f.nullable ? '?' : ''}`]));

let project: string;
beforeAll(async () => {
  project = join(fileTempDir('connote-parquet-'), 'demo');
  const run = await connote('run', 'examples/climate-demo', '--out', project, '--min-cluster-size', '3,5', '-q');
  expect(run.code, run.stderr).toBe(0);
}, 120_000);

describe('Parquet outputs', () => {
  it('assignments.parquet has typed columns with the values of assignments.csv', () => {
    const table = read(join(project, 'assignments.parquet'));
    const csv = parse(readFileSync(join(project, 'assignments.csv'), 'utf8'), { columns: true }) as Array<Record<string, string>>;
    expect(table.numRows).toBe(csv.length);
    expect(table.schema.fields.map((f) => f.name)).toEqual(Object.keys(csv[0]));
    expect(types(table)).toMatchObject({ id: 'Utf8', file: 'Utf8', cluster_mcs3: 'Int32?', probability_mcs3: 'Float64?', outlier_score_mcs5: 'Float64?', x: 'Float64?', y: 'Float64?' });
    const rows = table.toArray().map((row) => row.toJSON() as Record<string, unknown>);
    rows.forEach((row, i) => {
      expect(row.id).toBe(csv[i].id);
      expect(row.cluster_mcs3).toBe(Number(csv[i].cluster_mcs3));
      // The CSV rounds to 6 decimals; Parquet keeps full precision.
      expect(row.probability_mcs3 as number).toBeCloseTo(Number(csv[i].probability_mcs3), 6);
      expect(row.x as number).toBeCloseTo(Number(csv[i].x), 6);
    });
    const metadata = table.schema.metadata;
    expect(metadata.get('connote.method')).toBe('descriptions');
  });

  it('clusters.parquet keeps keyword lists as lists of strings with their scores', () => {
    const table = read(join(project, 'clusters.parquet'));
    const csv = parse(readFileSync(join(project, 'clusters.csv'), 'utf8'), { columns: true }) as Array<Record<string, string>>;
    expect(types(table)).toEqual({
      min_cluster_size: 'Int32',
      cluster: 'Int32',
      size: 'Int32',
      keywords: 'List<Utf8>',
      keyword_scores: 'List<Float64>',
      tfidf_keywords: 'List<Utf8>',
      tfidf_scores: 'List<Float64>',
      representatives: 'List<Utf8>',
      name: 'Utf8?',
      description: 'Utf8?',
      criteria: 'Utf8?',
    });
    const rows = table.toArray().map((row) => row.toJSON() as Record<string, any>);
    expect(rows.length).toBe(csv.length);
    rows.forEach((row, i) => {
      expect([row.min_cluster_size, row.cluster, row.size]).toEqual([csv[i].min_cluster_size, csv[i].cluster, csv[i].size].map(Number));
      expect([...row.keywords].join('; ')).toBe(csv[i].keywords);
      expect([...row.representatives].join('; ')).toBe(csv[i].representatives);
      expect(row.keyword_scores.length).toBe(row.keywords.length);
      expect(row.name).toBeNull();
    });
  });

  it('refuses a null in a required column and columns of unequal length', async () => {
    await expect(parquetTable([{ name: 'id', type: 'string', nullable: false, values: ['a', null] }])).rejects.toThrow('column id is required but has a null');
    await expect(
      parquetTable([
        { name: 'a', type: 'int32', nullable: false, values: [1] },
        { name: 'b', type: 'int32', nullable: false, values: [1, 2] },
      ]),
    ).rejects.toThrow('column b has 2 values, expected 1');
  });
});
