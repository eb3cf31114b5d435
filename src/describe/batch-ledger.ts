import type { StageState } from '../types/context.js';

/**
 * One Batch API submission as remembered across processes. The record is written right
 * after the input file is uploaded and again (with `batchId`) right after the batch is
 * created, before any polling, so a process that dies at any point resumes the same batch
 * and never pays for the same images twice.
 */
export interface StoredBatch {
  readonly inputFileId: string;
  /** Absent only between the upload and the batch's creation. */
  readonly batchId?: string;
  readonly imageHashes: readonly string[];
  /** ISO time of the upload (bounds the search for a batch created by a process that died). */
  readonly submittedAt: string;
}

/**
 * The batches of one describer configuration in `ctx.state`: an index of input-file ids
 * plus one entry per batch, so updating one batch never rewrites the others.
 */
export class BatchLedger {
  private readonly indexKey: string;

  constructor(
    private readonly state: StageState,
    private readonly prefix: string,
  ) {
    this.indexKey = `${prefix}:index`;
  }

  private index(): string[] {
    return this.state.get<string[]>(this.indexKey) ?? [];
  }

  list(): StoredBatch[] {
    const out: StoredBatch[] = [];
    for (const fileId of this.index()) {
      const record = this.state.get<StoredBatch>(`${this.prefix}:${fileId}`);
      if (record) out.push(record);
    }
    return out;
  }

  put(record: StoredBatch): void {
    const index = this.index();
    // The index first: an index entry without a record is skipped, a record outside the index would be lost.
    if (!index.includes(record.inputFileId)) this.state.set(this.indexKey, [...index, record.inputFileId]);
    this.state.set(`${this.prefix}:${record.inputFileId}`, record);
  }

  remove(inputFileId: string): void {
    this.state.delete(`${this.prefix}:${inputFileId}`);
    this.state.set(
      this.indexKey,
      this.index().filter((id) => id !== inputFileId),
    );
  }
}
