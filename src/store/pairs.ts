import type Database from 'better-sqlite3';
import { SIMILARITY_SCALE, type ImagePair, type PairRating, type SimilarityDimension } from '../types/coding.js';
import { now } from './codec.js';

export interface StoredPair extends ImagePair {
  /** Order in which coders see the pairs (the order of the imported file). */
  readonly position: number;
}

/** One coder's judgements of one pair (null until made), and when they were last changed. */
export interface StoredPairRating extends PairRating {
  readonly updatedAt: string;
}

interface RatingRow {
  pair_id: string;
  coder: string;
  denotative: number | null;
  connotative: number | null;
  updated_at: string;
}

const toRating = (row: RatingRow): StoredPairRating => ({
  pairId: row.pair_id,
  coder: row.coder,
  denotative: row.denotative,
  connotative: row.connotative,
  updatedAt: row.updated_at,
});

export interface PairImportResult {
  readonly added: number;
  readonly unchanged: number;
}

/**
 * Image pairs for coders and their ratings. A rating is written (and committed) the moment a
 * coder makes a judgement, one dimension at a time, so closing the browser loses nothing.
 */
export class PairRepository {
  constructor(private readonly db: Database.Database) {}

  /**
   * Adds pairs after the ones already stored. A pair already stored with the same images is left
   * as it is (importing a file twice is harmless); one whose id is taken by other images, or that
   * names an item the project does not have, fails the whole import with every problem listed.
   */
  importPairs(pairs: readonly ImagePair[], source = 'pairs'): PairImportResult {
    return this.db.transaction(() => {
      const itemExists = this.db.prepare('SELECT 1 FROM items WHERE id = ?');
      const existing = this.db.prepare('SELECT image_a, image_b FROM pairs WHERE pair_id = ?');
      const problems: string[] = [];
      const fresh: ImagePair[] = [];
      const seen = new Set<string>();
      for (const pair of pairs) {
        if (seen.has(pair.pairId)) problems.push(`pair '${pair.pairId}' appears twice`);
        seen.add(pair.pairId);
        for (const image of [pair.imageA, pair.imageB]) {
          if (itemExists.get(image) === undefined) problems.push(`pair '${pair.pairId}': no image with id '${image}' in this project`);
        }
        const stored = existing.get(pair.pairId) as { image_a: string; image_b: string } | undefined;
        if (!stored) fresh.push(pair);
        else if (stored.image_a !== pair.imageA || stored.image_b !== pair.imageB) {
          problems.push(`pair '${pair.pairId}' is already stored with images '${stored.image_a}' and '${stored.image_b}'`);
        }
      }
      if (problems.length > 0) {
        const shown = problems.slice(0, 10).join('; ');
        throw new Error(`${source}: ${problems.length} problem(s), nothing imported: ${shown}${problems.length > 10 ? '; ...' : ''}`);
      }
      const start = (this.db.prepare('SELECT COALESCE(MAX(position) + 1, 0) AS next FROM pairs').get() as { next: number }).next;
      const insert = this.db.prepare('INSERT INTO pairs (pair_id, image_a, image_b, position, created_at) VALUES (?, ?, ?, ?, ?)');
      const createdAt = now();
      fresh.forEach((pair, i) => insert.run(pair.pairId, pair.imageA, pair.imageB, start + i, createdAt));
      return { added: fresh.length, unchanged: pairs.length - fresh.length };
    })();
  }

  list(): StoredPair[] {
    return (
      this.db.prepare('SELECT pair_id, image_a, image_b, position FROM pairs ORDER BY position').all() as Array<{
        pair_id: string;
        image_a: string;
        image_b: string;
        position: number;
      }>
    ).map((row) => ({ pairId: row.pair_id, imageA: row.image_a, imageB: row.image_b, position: row.position }));
  }

  get(pairId: string): StoredPair | undefined {
    const row = this.db.prepare('SELECT pair_id, image_a, image_b, position FROM pairs WHERE pair_id = ?').get(pairId) as
      | { pair_id: string; image_a: string; image_b: string; position: number }
      | undefined;
    return row ? { pairId: row.pair_id, imageA: row.image_a, imageB: row.image_b, position: row.position } : undefined;
  }

  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM pairs').get() as { n: number }).n;
  }

  /**
   * Records one or both judgements (on Grimmer & King's scale, which the table's CHECK constraints
   * also enforce) of `coder` on a pair; a dimension left out keeps its value,
   * null clears it. Returns the stored row, which is what the coder's screen confirms.
   */
  rate(pairId: string, coder: string, values: Partial<Record<SimilarityDimension, number | null>>): StoredPairRating {
    for (const [dimension, value] of Object.entries(values)) {
      if (value !== null && value !== undefined && !(Number.isInteger(value) && value >= SIMILARITY_SCALE.min && value <= SIMILARITY_SCALE.max)) {
        throw new RangeError(`${dimension} must be a whole number from ${SIMILARITY_SCALE.min} to ${SIMILARITY_SCALE.max}, got ${String(value)}`);
      }
    }
    if (!this.get(pairId)) throw new RangeError(`no pair '${pairId}'`);
    const has = (dimension: SimilarityDimension): number => (Object.hasOwn(values, dimension) && values[dimension] !== undefined ? 1 : 0);
    this.db
      .prepare(
        `INSERT INTO pair_ratings (pair_id, coder, denotative, connotative, updated_at)
         VALUES (@pairId, @coder, @denotative, @connotative, @updatedAt)
         ON CONFLICT (pair_id, coder) DO UPDATE SET
           denotative = CASE WHEN @setDenotative THEN excluded.denotative ELSE pair_ratings.denotative END,
           connotative = CASE WHEN @setConnotative THEN excluded.connotative ELSE pair_ratings.connotative END,
           updated_at = excluded.updated_at`,
      )
      .run({
        pairId,
        coder,
        denotative: values.denotative ?? null,
        connotative: values.connotative ?? null,
        setDenotative: has('denotative'),
        setConnotative: has('connotative'),
        updatedAt: now(),
      });
    return this.rating(pairId, coder) as StoredPairRating;
  }

  rating(pairId: string, coder: string): StoredPairRating | undefined {
    const row = this.db
      .prepare('SELECT pair_id, coder, denotative, connotative, updated_at FROM pair_ratings WHERE pair_id = ? AND coder = ?')
      .get(pairId, coder) as RatingRow | undefined;
    return row ? toRating(row) : undefined;
  }

  /** Ratings in the order coders see the pairs, then by coder; only `coder`'s when given. */
  ratings(coder?: string): StoredPairRating[] {
    const rows = this.db
      .prepare(
        `SELECT r.pair_id, r.coder, r.denotative, r.connotative, r.updated_at
         FROM pair_ratings r JOIN pairs p ON p.pair_id = r.pair_id
         WHERE (@coder IS NULL OR r.coder = @coder) ORDER BY p.position, r.coder`,
      )
      .all({ coder: coder ?? null }) as RatingRow[];
    return rows.map(toRating);
  }
}
