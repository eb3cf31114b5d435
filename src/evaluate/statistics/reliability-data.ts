/**
 * Reliability data: what coders coded, as the coders x units table Krippendorff's alpha reads
 * (one row per coder, one column per unit, null where a coder did not code a unit), made from
 * long records or checked for its orientation.
 */
import type { Category } from './categories.js';

/** One coder's value for one unit: a category name or a number; null/undefined when missing. */
export type CodedValue = Category;
export type MaybeValue = CodedValue | null | undefined;

/** Reliability data in canonical form: one row per coder, one column per unit. */
export type ReliabilityData = ReadonlyArray<ReadonlyArray<MaybeValue>>;

/**
 * Which way a table of codes lies: 'coders' (the canonical form: one row per coder, one column per
 * unit) or 'units' (one row per unit, one column per coder, as a spreadsheet usually has it).
 */
export type ReliabilityRows = 'coders' | 'units';

export interface AlphaOptions {
  /**
   * What the rows of `data` are. Left out, a table with more rows than columns is refused: it is
   * almost always units x coders, and read as coders x units it gives a wrong alpha, not an error.
   */
  readonly rows?: ReliabilityRows;
}

/** `data` as coders x units: transposed when its rows are units, refused when it looks transposed. */
export function codersByUnits(data: ReliabilityData, rows: ReliabilityRows | undefined, caller: string): ReliabilityData {
  const columns = data[0]?.length ?? 0;
  if (rows === 'units') {
    data.forEach((row, unit) => {
      if (row.length !== columns) throw new Error(`${caller}: ragged data: unit 0 has ${columns} coders, unit ${unit} has ${row.length}`);
    });
    return Array.from({ length: columns }, (_, coder) => data.map((row) => row[coder]));
  }
  if (rows === undefined && data.length > columns) {
    throw new Error(
      `${caller}: the table has ${data.length} rows and ${columns} columns, but rows must be coders and columns units ` +
        `(coders x units). A units x coders table gives a wrong alpha: transpose it, or pass { rows: 'units' }; ` +
        `if you really have more coders than units, pass { rows: 'coders' }`,
    );
  }
  if (rows !== undefined && rows !== 'coders') throw new Error(`${caller}: rows must be 'coders' or 'units', got '${String(rows)}'`);
  return data;
}

/** One coding in long form, e.g. a row of a ratings file. */
export interface CodingRecord<Value extends CodedValue = CodedValue> {
  readonly unit: string;
  readonly coder: string;
  readonly value: Value | null | undefined;
}

export interface LabelledReliabilityData<Value extends CodedValue = CodedValue> {
  /** coders x units, null where a coder did not code a unit. */
  readonly data: (Value | null)[][];
  /** Coder names in order of first appearance (the rows). */
  readonly coders: string[];
  /** Unit names in order of first appearance (the columns). */
  readonly units: string[];
}

/**
 * Turns long records {unit, coder, value} into the coders x units matrix. A missing value may be
 * given as null or by leaving the record out. Two values for the same unit and coder are an error.
 */
export function reliabilityDataFromRecords<Value extends CodedValue>(
  records: Iterable<CodingRecord<Value>>,
): LabelledReliabilityData<Value> {
  const coderIndex = new Map<string, number>();
  const unitIndex = new Map<string, number>();
  const cells: { unit: number; coder: number; value: Value | null }[] = [];
  const seen = new Set<string>();
  for (const record of records) {
    if (!coderIndex.has(record.coder)) coderIndex.set(record.coder, coderIndex.size);
    if (!unitIndex.has(record.unit)) unitIndex.set(record.unit, unitIndex.size);
    const key = JSON.stringify([record.unit, record.coder]);
    if (seen.has(key)) {
      throw new Error(`coder '${record.coder}' coded unit '${record.unit}' more than once`);
    }
    seen.add(key);
    cells.push({ unit: unitIndex.get(record.unit)!, coder: coderIndex.get(record.coder)!, value: record.value ?? null });
  }
  const data: (Value | null)[][] = [...coderIndex.keys()].map(() => new Array<Value | null>(unitIndex.size).fill(null));
  for (const cell of cells) data[cell.coder][cell.unit] = cell.value;
  return { data, coders: [...coderIndex.keys()], units: [...unitIndex.keys()] };
}
