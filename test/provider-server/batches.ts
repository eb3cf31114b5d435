import { HttpError, invalid } from './errors.js';
import type { StoredFile } from './files.js';

type BatchStatus = 'validating' | 'failed' | 'in_progress' | 'finalizing' | 'completed' | 'expired' | 'cancelling' | 'cancelled';

export interface BatchRecord {
  id: string;
  object: 'batch';
  endpoint: string;
  errors: { object: 'list'; data: Array<{ code: string; message: string; line: number | null; param: string | null }> } | null;
  input_file_id: string;
  completion_window: string;
  status: BatchStatus;
  output_file_id: string | null;
  error_file_id: string | null;
  created_at: number;
  in_progress_at: number | null;
  expires_at: number;
  finalizing_at: number | null;
  completed_at: number | null;
  failed_at: number | null;
  expired_at: number | null;
  cancelling_at: number | null;
  cancelled_at: number | null;
  request_counts: { total: number; completed: number; failed: number };
  metadata: Record<string, string> | null;
}

/** How a batch ends: all answered, or expired with only the first half answered. */
export type BatchEnding = 'completed' | 'expired';

export interface BatchOptions {
  /** Retrievals while `in_progress` before the batch finalizes. */
  readonly pollsToComplete: number;
  readonly ending: BatchEnding;
}

export interface LineResult {
  readonly statusCode: number;
  readonly body: unknown;
}

interface InputLine {
  readonly customId: string;
  readonly body: unknown;
}

/**
 * OpenAI's Batch API in memory: a batch moves validating → in_progress → finalizing →
 * completed (or expired, failed, cancelled) one step per retrieval, and on finalizing runs
 * every line through the same chat handler as online requests, writing the output and
 * error files.
 */
export class BatchStore {
  private readonly batches = new Map<string, BatchRecord>();
  private readonly inputs = new Map<string, InputLine[]>();
  private readonly polls = new Map<string, number>();
  private counter = 0;
  private lineCounter = 0;

  constructor(
    private readonly files: Map<string, StoredFile>,
    private readonly addFile: (filename: string, purpose: string, bytes: Buffer) => StoredFile,
    private readonly processLine: (body: unknown) => Promise<LineResult>,
    private readonly options: BatchOptions,
  ) {}

  get created(): number {
    return this.batches.size;
  }

  all(): BatchRecord[] {
    return [...this.batches.values()];
  }

  create(body: unknown, now: number): BatchRecord {
    const request = (body ?? {}) as Record<string, unknown>;
    for (const key of Object.keys(request)) {
      if (!['input_file_id', 'endpoint', 'completion_window', 'metadata', 'output_expires_after'].includes(key)) {
        throw invalid(`Unrecognized request argument supplied: ${key}`, key);
      }
    }
    const file = typeof request.input_file_id === 'string' ? this.files.get(request.input_file_id) : undefined;
    if (!file) throw invalid(`No such File object: ${String(request.input_file_id)}`, 'input_file_id');
    if (file.purpose !== 'batch') throw invalid(`the input file must be uploaded with purpose 'batch', not '${file.purpose}'`, 'input_file_id');
    if (!['/v1/chat/completions', '/v1/embeddings', '/v1/responses', '/v1/completions'].includes(request.endpoint as string)) {
      throw invalid(`'${String(request.endpoint)}' is not a supported endpoint`, 'endpoint');
    }
    if (request.completion_window !== '24h') throw invalid("completion_window must be '24h'", 'completion_window');
    const metadata = request.metadata;
    if (metadata !== undefined && metadata !== null) {
      const entries = Object.entries(metadata as Record<string, unknown>);
      if (entries.length > 16 || entries.some(([k, v]) => k.length > 64 || typeof v !== 'string' || v.length > 512)) {
        throw invalid('metadata holds at most 16 string pairs (keys up to 64, values up to 512 characters)', 'metadata');
      }
    }
    const created = Math.floor(now / 1000);
    const record: BatchRecord = {
      id: `batch_${++this.counter}`,
      object: 'batch',
      endpoint: request.endpoint as string,
      errors: null,
      input_file_id: file.id,
      completion_window: '24h',
      status: 'validating',
      output_file_id: null,
      error_file_id: null,
      created_at: created,
      in_progress_at: null,
      expires_at: created + 86_400,
      finalizing_at: null,
      completed_at: null,
      failed_at: null,
      expired_at: null,
      cancelling_at: null,
      cancelled_at: null,
      request_counts: { total: 0, completed: 0, failed: 0 },
      metadata: (metadata as Record<string, string> | undefined) ?? null,
    };
    this.batches.set(record.id, record);
    this.polls.set(record.id, 0);
    return record;
  }

  get(id: string): BatchRecord {
    const batch = this.batches.get(id);
    if (!batch) throw new HttpError(404, `No batch found with id '${id}'.`, 'batch_id');
    return batch;
  }

  /** One retrieval: the batch advances by one step. */
  async retrieve(id: string, now: number): Promise<BatchRecord> {
    const batch = this.get(id);
    const time = Math.floor(now / 1000);
    switch (batch.status) {
      case 'validating': {
        const lines = this.validate(batch);
        if (lines) {
          this.inputs.set(batch.id, lines);
          batch.status = 'in_progress';
          batch.in_progress_at = time;
          batch.request_counts = { total: lines.length, completed: 0, failed: 0 };
        } else {
          batch.status = 'failed';
          batch.failed_at = time;
        }
        break;
      }
      case 'in_progress': {
        const polls = (this.polls.get(batch.id) ?? 0) + 1;
        this.polls.set(batch.id, polls);
        if (polls >= this.options.pollsToComplete) {
          await this.run(batch);
          batch.status = 'finalizing';
          batch.finalizing_at = time;
        } else {
          batch.request_counts.completed = Math.floor((batch.request_counts.total * polls) / (this.options.pollsToComplete + 1));
        }
        break;
      }
      case 'finalizing':
        if (this.options.ending === 'expired') {
          batch.status = 'expired';
          batch.expired_at = time;
        } else {
          batch.status = 'completed';
          batch.completed_at = time;
        }
        break;
      case 'cancelling':
        batch.status = 'cancelled';
        batch.cancelled_at = time;
        break;
      default:
        break;
    }
    return batch;
  }

  cancel(id: string, now: number): BatchRecord {
    const batch = this.get(id);
    if (['validating', 'in_progress', 'finalizing'].includes(batch.status)) {
      batch.status = 'cancelling';
      batch.cancelling_at = Math.floor(now / 1000);
    }
    return batch;
  }

  list(limit: number, after: string | undefined): { object: 'list'; data: BatchRecord[]; first_id: string | null; last_id: string | null; has_more: boolean } {
    const newestFirst = [...this.batches.values()].reverse();
    const start = after ? newestFirst.findIndex((batch) => batch.id === after) + 1 : 0;
    const page = newestFirst.slice(start, start + limit);
    return {
      object: 'list',
      data: page,
      first_id: page[0]?.id ?? null,
      last_id: page[page.length - 1]?.id ?? null,
      has_more: start + limit < newestFirst.length,
    };
  }

  /** Checks every line of the input file (OpenAI does this while `validating`). */
  private validate(batch: BatchRecord): InputLine[] | undefined {
    const text = this.files.get(batch.input_file_id)!.bytes.toString('utf8');
    const errors: Array<{ code: string; message: string; line: number | null; param: string | null }> = [];
    const lines: InputLine[] = [];
    const seen = new Set<string>();
    let model: string | undefined;
    text.split('\n').forEach((raw, i) => {
      if (raw.trim() === '') return;
      const line = i + 1;
      let parsed: Record<string, unknown>;
      try {
        parsed = JSON.parse(raw);
      } catch {
        errors.push({ code: 'invalid_json_line', message: 'This line is not parseable as valid JSON.', line, param: null });
        return;
      }
      if (typeof parsed.custom_id !== 'string' || parsed.custom_id === '') {
        errors.push({ code: 'missing_required_parameter', message: 'custom_id is required', line, param: 'custom_id' });
      } else if (seen.has(parsed.custom_id)) {
        errors.push({ code: 'duplicate_custom_id', message: `The custom_id for this request is a duplicate of another request.`, line, param: 'custom_id' });
      }
      if (parsed.method !== 'POST') errors.push({ code: 'invalid_request', message: 'method must be POST', line, param: 'method' });
      if (parsed.url !== batch.endpoint) errors.push({ code: 'mismatched_endpoint', message: `url must be ${batch.endpoint}`, line, param: 'url' });
      const body = parsed.body as Record<string, unknown> | undefined;
      if (!body || typeof body !== 'object') {
        errors.push({ code: 'missing_required_parameter', message: 'body is required', line, param: 'body' });
        return;
      }
      if (model !== undefined && body.model !== model) {
        errors.push({ code: 'mismatched_model', message: 'All requests in a batch must use the same model.', line, param: 'body.model' });
      }
      model ??= body.model as string;
      seen.add(parsed.custom_id as string);
      lines.push({ customId: parsed.custom_id as string, body });
    });
    if (lines.length === 0 && errors.length === 0) errors.push({ code: 'empty_file', message: 'The batch input file is empty.', line: null, param: null });
    if (errors.length > 0) {
      batch.errors = { object: 'list', data: errors };
      return undefined;
    }
    return lines;
  }

  /** Answers the lines (the first half only when the batch is to expire) and writes the result files. */
  private async run(batch: BatchRecord): Promise<void> {
    const lines = this.inputs.get(batch.id) ?? [];
    const answered = this.options.ending === 'expired' ? Math.floor(lines.length / 2) : lines.length;
    const output: string[] = [];
    const errors: string[] = [];
    for (let i = 0; i < lines.length; i++) {
      const { customId, body } = lines[i];
      const id = `batch_req_${++this.lineCounter}`;
      if (i >= answered) {
        errors.push(JSON.stringify({ id, custom_id: customId, response: null, error: { code: 'batch_expired', message: 'This request could not be executed before the completion window expired.' } }));
        continue;
      }
      const result = await this.processLine(body);
      const line = JSON.stringify({ id, custom_id: customId, response: { status_code: result.statusCode, request_id: `req_${this.lineCounter}`, body: result.body }, error: null });
      (result.statusCode === 200 ? output : errors).push(line);
    }
    batch.request_counts = { total: lines.length, completed: output.length, failed: errors.length };
    if (output.length > 0) batch.output_file_id = this.addFile(`${batch.id}_output.jsonl`, 'batch_output', Buffer.from(`${output.join('\n')}\n`)).id;
    if (errors.length > 0) batch.error_file_id = this.addFile(`${batch.id}_error.jsonl`, 'batch_output', Buffer.from(`${errors.join('\n')}\n`)).id;
  }
}
