import type { SchemaElement } from 'hyparquet-writer';

/**
 * Typed columns for Parquet files (assignments.parquet, clusters.parquet), so R (arrow) and
 * Python (pandas, polars, pyarrow) read cluster labels as integers, probabilities as doubles and
 * keyword lists as lists of strings, with no CSV guessing. Written by hyparquet-writer (pure
 * JavaScript, no native code), loaded only when a table is written.
 */
export type ColumnType = 'string' | 'int32' | 'double' | 'string-list' | 'double-list';

export interface TableColumn {
  readonly name: string;
  readonly type: ColumnType;
  /** True when the column may hold nulls (null values), e.g. the cluster of an item no clustering had. */
  readonly nullable: boolean;
  readonly values: readonly unknown[];
}

const scalar = (type: 'string' | 'int32' | 'double'): Pick<SchemaElement, 'type' | 'converted_type' | 'logical_type'> =>
  type === 'string'
    ? { type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' } }
    : type === 'int32'
      ? { type: 'INT32' }
      : { type: 'DOUBLE' };

/** The schema elements of one column: a leaf, or the standard three-level LIST of required elements. */
function schemaOf(column: TableColumn): SchemaElement[] {
  const repetition_type = column.nullable ? 'OPTIONAL' : 'REQUIRED';
  if (column.type === 'string-list' || column.type === 'double-list') {
    return [
      { name: column.name, repetition_type, converted_type: 'LIST', logical_type: { type: 'LIST' }, num_children: 1 },
      { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
      { name: 'element', repetition_type: 'REQUIRED', ...scalar(column.type === 'string-list' ? 'string' : 'double') },
    ];
  }
  return [{ name: column.name, repetition_type, ...scalar(column.type) }];
}

/** A Parquet file of `columns` (all of the same length), with `metadata` as key-value pairs. */
export async function parquetTable(columns: readonly TableColumn[], metadata: Readonly<Record<string, string>> = {}): Promise<Uint8Array> {
  const rows = columns[0]?.values.length ?? 0;
  for (const column of columns) {
    if (column.values.length !== rows) throw new Error(`parquet: column ${column.name} has ${column.values.length} values, expected ${rows}`);
    if (!column.nullable && column.values.some((v) => v === null || v === undefined)) throw new Error(`parquet: column ${column.name} is required but has a null`);
  }
  const { parquetWriteBuffer } = await import('hyparquet-writer');
  const buffer = parquetWriteBuffer({
    columnData: columns.map((column) => ({ name: column.name, data: column.values.map((v) => (v === undefined ? null : v)) as unknown[] })),
    schema: [{ name: 'root', num_children: columns.length }, ...columns.flatMap(schemaOf)],
    kvMetadata: Object.entries(metadata).map(([key, value]) => ({ key, value })),
    createdBy: 'connote (hyparquet-writer)',
  });
  return new Uint8Array(buffer);
}
