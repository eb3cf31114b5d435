/**
 * The files of a validation study, as CSV for coders and spreadsheets:
 * - pairs: `pair_id,image_a,image_b` (plus `stratum,clustering` in the researcher's copy, or
 *   `design_stratum,weight,design` for a stratified design: `connote pairs sample --stratified`);
 * - ratings: `pair_id,coder,denotative,connotative`, an empty cell (or NA) for a missing rating;
 * - blinding key: `blind_image_id,image_id`.
 * A bad row fails with the file, the line and the reason, so a coder's sheet can be fixed by hand.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { CsvError, parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { PAIR_STRATA, type BlindingKey, type PairStratum, type SampledPair } from './pairs.js';
import { SIMILARITY_DIMENSIONS, SIMILARITY_SCALE, type ImagePair, type PairRating } from './types.js';

/** A problem with one line of one file. */
export class CsvRowError extends Error {
  constructor(
    readonly source: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${source}:${line}: ${reason}`);
    this.name = 'CsvRowError';
  }
}

interface CsvRow {
  readonly line: number;
  readonly cells: Readonly<Record<string, string>>;
}

/** Parses CSV text with a header row, checking that the `required` columns are there. */
function readRows(text: string, source: string, required: readonly string[]): { header: string[]; rows: CsvRow[] } {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { info: true, skip_empty_lines: true, relax_column_count: true, bom: true }) as unknown as {
      record: string[];
      info: { lines: number };
    }[];
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines ?? 0;
      throw new CsvRowError(source, line, `not valid CSV: ${error.message}`);
    }
    throw error;
  }
  if (records.length === 0) throw new CsvRowError(source, 1, `empty file; expected a header with ${required.join(',')}`);
  const header = records[0].record.map((name) => name.trim());
  const missing = required.filter((name) => !header.includes(name));
  if (missing.length > 0) {
    throw new CsvRowError(source, records[0].info.lines, `header lacks column(s) ${missing.join(', ')} (found: ${header.join(',')})`);
  }
  const rows = records.slice(1).map(({ record, info }) => {
    if (record.length !== header.length) {
      throw new CsvRowError(source, info.lines, `expected ${header.length} fields as in the header, found ${record.length}`);
    }
    const cells: Record<string, string> = {};
    header.forEach((name, i) => (cells[name] = record[i].trim()));
    return { line: info.lines, cells };
  });
  return { header, rows };
}

function requireCell(row: CsvRow, column: string, source: string): string {
  const value = row.cells[column];
  if (!value) throw new CsvRowError(source, row.line, `empty ${column}`);
  return value;
}

/** A pair as a file holds it: the researcher's copy says why it was drawn. */
export type PairRecord = ImagePair &
  Partial<Pick<SampledPair, 'stratum' | 'clustering'>> & {
    /** Stratified design: the pair's stratum, its weight N_h / n_h, and the clusterings that define the strata. */
    readonly designStratum?: string;
    readonly weight?: number;
    readonly design?: string;
  };

/** The design columns of a stratified sample, when the file has them. */
function designColumns(row: CsvRow, source: string): Pick<PairRecord, 'designStratum' | 'weight' | 'design'> {
  const designStratum = requireCell(row, 'design_stratum', source);
  const weight = Number(requireCell(row, 'weight', source));
  if (!(weight > 0) || !Number.isFinite(weight)) throw new CsvRowError(source, row.line, `weight must be a positive number, got '${row.cells.weight}'`);
  return { designStratum, weight, ...(row.cells.design ? { design: row.cells.design } : {}) };
}

/** Reads pairs; `stratum` and `clustering` (or the design columns) are kept when the file has those columns. */
export function parsePairsCsv(text: string, source: string): PairRecord[] {
  const { header, rows } = readRows(text, source, ['pair_id', 'image_a', 'image_b']);
  const withDesign = header.includes('design_stratum') || header.includes('weight');
  if (withDesign && !(header.includes('design_stratum') && header.includes('weight'))) {
    throw new CsvRowError(source, 1, 'a stratified design needs both columns design_stratum and weight');
  }
  const withStrata = header.includes('stratum');
  const seen = new Map<string, number>();
  return rows.map((row) => {
    const pairId = requireCell(row, 'pair_id', source);
    const imageA = requireCell(row, 'image_a', source);
    const imageB = requireCell(row, 'image_b', source);
    if (seen.has(pairId)) throw new CsvRowError(source, row.line, `pair_id '${pairId}' already used on line ${seen.get(pairId)}`);
    seen.set(pairId, row.line);
    if (imageA === imageB) throw new CsvRowError(source, row.line, `pair '${pairId}' shows image '${imageA}' against itself`);
    const pair: PairRecord = { pairId, imageA, imageB, ...(withDesign ? designColumns(row, source) : {}) };
    if (!withStrata) return pair;
    const stratum = row.cells.stratum;
    if (stratum && !PAIR_STRATA.includes(stratum as PairStratum)) {
      throw new CsvRowError(source, row.line, `unknown stratum '${stratum}'; expected one of ${PAIR_STRATA.join(', ')}`);
    }
    return { ...pair, ...(stratum ? { stratum: stratum as PairStratum } : {}), ...(row.cells.clustering ? { clustering: row.cells.clustering } : {}) };
  });
}

/** Writes pairs; the design or `stratum,clustering` columns only when every pair has them (the researcher's copy). */
export function formatPairsCsv(pairs: readonly PairRecord[]): string {
  if (pairs.length > 0 && pairs.every((pair) => pair.designStratum !== undefined && pair.weight !== undefined)) {
    return stringify(
      pairs.map((pair) => [pair.pairId, pair.imageA, pair.imageB, pair.designStratum, pair.weight, pair.design ?? '']),
      { header: true, columns: ['pair_id', 'image_a', 'image_b', 'design_stratum', 'weight', 'design'] },
    );
  }
  const withStrata = pairs.length > 0 && pairs.every((pair) => pair.stratum !== undefined && pair.clustering !== undefined);
  const columns = withStrata ? ['pair_id', 'image_a', 'image_b', 'stratum', 'clustering'] : ['pair_id', 'image_a', 'image_b'];
  const records = pairs.map((pair) =>
    withStrata ? [pair.pairId, pair.imageA, pair.imageB, pair.stratum, pair.clustering] : [pair.pairId, pair.imageA, pair.imageB],
  );
  return stringify(records, { header: true, columns });
}

export interface RatingsCsvOptions {
  /** Allowed ratings, whole numbers (default Grimmer & King's 1..3). */
  readonly scale?: { readonly min: number; readonly max: number };
  /** When given, a rating of any other pair is an error. */
  readonly pairIds?: Iterable<string>;
}

const MISSING = new Set(['', 'na', 'n/a', 'nan', 'null', '.']);

/** Reads ratings; an empty cell (or NA, n/a, null, '.') is a missing rating. */
export function parseRatingsCsv(text: string, source: string, options: RatingsCsvOptions = {}): PairRating[] {
  const { rows } = readRows(text, source, ['pair_id', 'coder', ...SIMILARITY_DIMENSIONS]);
  const scale = options.scale ?? SIMILARITY_SCALE;
  const known = options.pairIds ? new Set(options.pairIds) : null;
  const seen = new Map<string, number>();
  return rows.map((row) => {
    const pairId = requireCell(row, 'pair_id', source);
    const coder = requireCell(row, 'coder', source);
    if (known && !known.has(pairId)) throw new CsvRowError(source, row.line, `pair_id '${pairId}' is not among the pairs`);
    const key = JSON.stringify([pairId, coder]);
    if (seen.has(key)) {
      throw new CsvRowError(source, row.line, `coder '${coder}' already rated pair '${pairId}' on line ${seen.get(key)}`);
    }
    seen.set(key, row.line);
    const value = (column: string): number | null => {
      const cell = row.cells[column];
      if (MISSING.has(cell.toLowerCase())) return null;
      const rating = Number(cell);
      if (!Number.isInteger(rating) || rating < scale.min || rating > scale.max) {
        throw new CsvRowError(source, row.line, `${column} must be a whole number from ${scale.min} to ${scale.max} or empty, got '${cell}'`);
      }
      return rating;
    };
    return { pairId, coder, denotative: value('denotative'), connotative: value('connotative') };
  });
}

export function formatRatingsCsv(ratings: readonly PairRating[]): string {
  const cell = (value: number | null): string => (value === null || value === undefined ? '' : String(value));
  return stringify(
    ratings.map((r) => [r.pairId, r.coder, cell(r.denotative), cell(r.connotative)]),
    { header: true, columns: ['pair_id', 'coder', 'denotative', 'connotative'] },
  );
}

export function parseBlindingKeyCsv(text: string, source: string): BlindingKey {
  const { rows } = readRows(text, source, ['blind_image_id', 'image_id']);
  const images: Record<string, string> = {};
  const reverse = new Map<string, number>();
  const lines = new Map<string, number>();
  for (const row of rows) {
    const blindId = requireCell(row, 'blind_image_id', source);
    const imageId = requireCell(row, 'image_id', source);
    if (lines.has(blindId)) throw new CsvRowError(source, row.line, `blind_image_id '${blindId}' already used on line ${lines.get(blindId)}`);
    if (reverse.has(imageId)) throw new CsvRowError(source, row.line, `image_id '${imageId}' already blinded on line ${reverse.get(imageId)}`);
    lines.set(blindId, row.line);
    reverse.set(imageId, row.line);
    images[blindId] = imageId;
  }
  return { images };
}

export function formatBlindingKeyCsv(key: BlindingKey): string {
  return stringify(Object.entries(key.images), { header: true, columns: ['blind_image_id', 'image_id'] });
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read ${path}: ${(error as Error).message}`);
  }
}

export const readPairsCsv = async (path: string): Promise<PairRecord[]> => parsePairsCsv(await readText(path), path);
export const readRatingsCsv = async (path: string, options: RatingsCsvOptions = {}): Promise<PairRating[]> =>
  parseRatingsCsv(await readText(path), path, options);
export const readBlindingKeyCsv = async (path: string): Promise<BlindingKey> => parseBlindingKeyCsv(await readText(path), path);

export const writePairsCsv = (path: string, pairs: readonly PairRecord[]): Promise<void> => writeFile(path, formatPairsCsv(pairs));
export const writeRatingsCsv = (path: string, ratings: readonly PairRating[]): Promise<void> =>
  writeFile(path, formatRatingsCsv(ratings));
export const writeBlindingKeyCsv = (path: string, key: BlindingKey): Promise<void> => writeFile(path, formatBlindingKeyCsv(key));
