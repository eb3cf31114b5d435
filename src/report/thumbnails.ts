import sharp from 'sharp';
import type { ReportInput } from './model.js';

/** Up to this many rows the store's thumbnails (256 px) go in as they are. */
const FULL_SIZE_ROWS = 1_500;
/** Beyond FULL_SIZE_ROWS they are made smaller, and at most this many are embedded. */
const MAX_EMBEDDED = 6_000;
const SMALL_SIZE = 96;

export interface ReportThumbnails {
  /** Data URI per row index. */
  readonly byRow: ReadonlyMap<number, string>;
  /** What was left out or made smaller, for the page; null when every row has its thumbnail. */
  readonly note: string | null;
}

/**
 * Rows to embed beyond the limit: every representative of every clustering first (the static
 * cards show them), then rows evenly spread over the rest, so every part of the map has pictures.
 */
function chosenRows(input: ReportInput): number[] {
  const n = input.rows.length;
  if (n <= MAX_EMBEDDED) return Array.from({ length: n }, (_, i) => i);
  const chosen = new Set<number>();
  for (const clustering of input.analysis.clusterings) for (const cluster of clustering.clusters) for (const row of cluster.representatives) chosen.add(row);
  const step = n / Math.max(1, MAX_EMBEDDED - chosen.size);
  for (let k = 0; chosen.size < MAX_EMBEDDED && k * step < n; k++) chosen.add(Math.floor(k * step));
  return [...chosen].sort((a, b) => a - b);
}

/**
 * The thumbnails report.html embeds: each once, as a data URI. A report must open offline and be
 * mailed to a co-author, so large corpora get smaller pictures and a bounded number of them.
 */
export async function reportThumbnails(input: ReportInput): Promise<ReportThumbnails> {
  if (input.rows.length <= FULL_SIZE_ROWS) return storedThumbnails(input);
  const rows = chosenRows(input);
  const byRow = new Map<number, string>();
  let missing = 0;
  for (const row of rows) {
    const stored = input.thumbnail(input.rows[row].hash);
    if (!stored) {
      missing++;
      continue;
    }
    const data = await sharp(stored.data)
      .resize(SMALL_SIZE, SMALL_SIZE, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 60 })
      .toBuffer();
    byRow.set(row, `data:image/webp;base64,${data.toString('base64')}`);
  }
  const left = input.rows.length - rows.length;
  return {
    byRow,
    note: joinedNotes([
      `Thumbnails are ${SMALL_SIZE} px to keep the file light.`,
      left > 0 ? `${left.toLocaleString('en')} of ${input.rows.length.toLocaleString('en')} images have no thumbnail here (connote serve shows them all).` : null,
      missingNote(missing),
    ]),
  };
}

/** The store's thumbnails (256 px) as they are, for every row: small corpora, and reports written without writeOutputs. */
export function storedThumbnails(input: ReportInput): ReportThumbnails {
  const byRow = new Map<number, string>();
  let missing = 0;
  input.rows.forEach((row, index) => {
    const stored = input.thumbnail(row.hash);
    if (stored) byRow.set(index, `data:${stored.type};base64,${stored.data.toString('base64')}`);
    else missing++;
  });
  return { byRow, note: joinedNotes([missingNote(missing)]) };
}

function missingNote(missing: number): string | null {
  return missing > 0 ? `${missing} images had no stored thumbnail.` : null;
}

function joinedNotes(notes: ReadonlyArray<string | null>): string | null {
  const present = notes.filter((n): n is string => n !== null);
  return present.length > 0 ? present.join(' ') : null;
}
