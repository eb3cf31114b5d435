import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import type { Batch } from 'openai/resources/batches';
import type { StageContext } from '../types/context.js';
import type { OpenAIClient } from '../providers/client.js';
import { callWithRetries, retryContextFor } from '../providers/retry.js';
import { hashOf } from '../util/hash.js';
import { BatchLedger, type StoredBatch } from './batch-ledger.js';
import { buildChatRequest, readChatAnswer } from './chat-request.js';
import { loadImagePayload } from './image-payload.js';
import { failureOutcome, logCompletion, OutcomeTally, outcomeFromAnswer, SpendMeter, type DescribeJob } from './openai-job.js';
import type { DescribeOutcome, DescribeRequest } from './types.js';

const CHAT_ENDPOINT = '/v1/chat/completions';
const TERMINAL: ReadonlySet<Batch['status']> = new Set(['completed', 'failed', 'expired', 'cancelled']);
/** Uploads of up to 200 MB need longer than one chat request. */
const UPLOAD_TIMEOUT_MS = 30 * 60_000;
/** Images read at once while writing a batch file. */
const READ_AHEAD = 8;

/**
 * Describes images through OpenAI's Batch API (half price, answers within 24 hours):
 * writes the JSONL (custom_id = image hash), uploads it, creates the batch, remembers it in
 * `ctx.state` before polling, polls, then downloads the output and error files and yields
 * one outcome per image. A restarted process finds its batches in the state and resumes
 * them; only images in no remembered batch are submitted. Ctrl-C stops waiting, never the
 * batch: the next run picks it up. Every answer a batch returns is yielded, also for images
 * this run did not ask for (an earlier run's batch covered them): it was paid for, so the
 * caller stores it. A finished batch of other images is collected on the way, unwaited.
 */
export async function* describeInBatches(
  job: DescribeJob,
  requests: readonly DescribeRequest[],
  ctx: StageContext,
): AsyncGenerator<DescribeOutcome> {
  try {
    yield* submitAndCollect(job, requests, ctx);
  } catch (error) {
    if (!ctx.signal.aborted) throw error;
    // Stopping never cancels a batch: it is remembered in ctx.state and collected by the next run.
    ctx.logger.info('stopped waiting; submitted batches go on at OpenAI, and running again collects them');
  }
}

async function* submitAndCollect(
  job: DescribeJob,
  requests: readonly DescribeRequest[],
  ctx: StageContext,
): AsyncGenerator<DescribeOutcome> {
  if (requests.length === 0) return;
  job.assertReady();
  const endpoint = job.pool.endpoints[0];
  const run = new BatchRun(job, ctx, await job.clients.get(endpoint), describerLedgers(job, endpoint.url, ctx.state), requests);
  const { active, others, covered } = await run.resume();
  yield* run.collectFinished(others);
  yield* run.submit(requests.filter((request) => !covered.has(request.imageHash)), active);
  yield* run.waitFor(active);
}

/**
 * One describe call's dealings with the Batch API: what it wants, what it has spent, and the
 * calls (each with retries) that submit, poll and download batches.
 */
class BatchRun {
  private readonly wanted: Map<string, DescribeRequest>;
  private readonly meter = new SpendMeter();
  private readonly tally = new OutcomeTally();
  private readonly retry: ReturnType<typeof retryContextFor>;

  constructor(
    private readonly job: DescribeJob,
    private readonly ctx: StageContext,
    private readonly client: OpenAIClient,
    private readonly ledgers: readonly BatchLedger[],
    requests: readonly DescribeRequest[],
  ) {
    this.wanted = new Map(requests.map((request) => [request.imageHash, request]));
    this.retry = retryContextFor({ pool: job.pool, clock: job.clock, policy: job.config.connection.retry }, ctx);
  }

  private call<T>(operation: (signal: AbortSignal) => Promise<T>, timeoutMs?: number): Promise<T> {
    const retry = timeoutMs ? { ...this.retry, policy: { ...this.retry.policy, timeoutMs } } : this.retry;
    return callWithRetries(retry, 0, (_endpoint, signal) => operation(signal));
  }

  private emit(outcome: DescribeOutcome): DescribeOutcome {
    this.meter.add(outcome);
    this.tally.add(outcome);
    return outcome;
  }

  /** What an earlier process submitted: batches covering these images (resumed), and the others. */
  async resume(): Promise<{ active: Tracked[]; others: Tracked[]; covered: Set<string> }> {
    const active: Tracked[] = [];
    const others: Tracked[] = [];
    const covered = new Set<string>();
    for (const ledger of this.ledgers) {
      for (const record of ledger.list()) {
        if (!record.imageHashes.some((hash) => this.wanted.has(hash))) {
          if (record.batchId) others.push({ record, ledger });
          continue;
        }
        record.imageHashes.forEach((hash) => covered.add(hash));
        if (record.batchId) {
          const outside = record.imageHashes.filter((hash) => !this.wanted.has(hash)).length;
          this.ctx.logger.info(`resuming OpenAI batch ${record.batchId} (${record.imageHashes.length} images${outside ? `, ${outside} of them not in this run: their answers are kept for later` : ''})`);
          active.push({ record, ledger });
        } else {
          active.push({ record: await this.createBatch(record, ledger), ledger });
        }
      }
    }
    return { active, others, covered };
  }

  /** Batches an earlier run submitted for other images: collected now if finished (paid for), never waited for. */
  async *collectFinished(others: readonly Tracked[]): AsyncGenerator<DescribeOutcome> {
    for (const other of others) {
      const batch = await this.call((signal) => this.client.batches.retrieve(other.record.batchId!, { signal, maxRetries: 0 }));
      if (!TERMINAL.has(batch.status)) {
        this.ctx.logger.debug(`OpenAI batch ${batch.id} (${other.record.imageHashes.length} images not in this run) is ${batch.status}; a later run collects it`);
        continue;
      }
      this.ctx.logger.info(`collecting finished OpenAI batch ${batch.id} (${other.record.imageHashes.length} images not in this run): its answers are kept for later`);
      for (const outcome of await this.ingest(batch, other.record)) yield this.emit(outcome);
      other.ledger.remove(other.record.inputFileId);
    }
  }

  /** Submits the images no batch covers, in files within the Batch API's limits; adds them to `active`. */
  async *submit(fresh: readonly DescribeRequest[], active: Tracked[]): AsyncGenerator<DescribeOutcome> {
    if (fresh.length === 0) return;
    const directory = await mkdtemp(join(tmpdir(), 'connote-batch-'));
    try {
      for await (const item of writeBatchFiles(this.job, fresh, directory)) {
        if (item.kind !== 'file') {
          yield this.emit(item);
          continue;
        }
        const file = await this.call(
          (signal) => this.client.files.create({ file: createReadStream(item.path), purpose: 'batch' }, { signal, maxRetries: 0 }),
          UPLOAD_TIMEOUT_MS,
        );
        const record: StoredBatch = { inputFileId: file.id, imageHashes: item.imageHashes, submittedAt: new Date(this.job.clock.now()).toISOString() };
        const ledger = this.ledgers[0];
        ledger.put(record);
        active.push({ record: await this.createBatch(record, ledger), ledger });
        await rm(item.path, { force: true });
      }
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  }

  /** Waits for every batch, ingesting each as it finishes. */
  async *waitFor(active: Tracked[]): AsyncGenerator<DescribeOutcome> {
    const { config } = this.job;
    const total = active.reduce((sum, { record }) => sum + record.imageHashes.length, 0);
    const task = this.ctx.progress.start(`waiting for OpenAI batch${active.length > 1 ? 'es' : ''} (${config.model})`, total, 'images');
    const counted = new Map<string, number>();
    const statuses = new Map<string, string>();
    try {
      while (active.length > 0) {
        for (const tracked of [...active]) {
          const { record, ledger } = tracked;
          const batch = await this.call((signal) => this.client.batches.retrieve(record.batchId!, { signal, maxRetries: 0 }));
          const done = (batch.request_counts?.completed ?? 0) + (batch.request_counts?.failed ?? 0);
          const delta = done - (counted.get(batch.id) ?? 0);
          if (delta > 0) task.tick(delta, `${batch.status}; ${this.meter.note ?? ''}`.trim());
          counted.set(batch.id, done);
          if (statuses.get(batch.id) !== batch.status) {
            this.ctx.logger.info(`OpenAI batch ${batch.id}: ${batch.status} (${done} of ${batch.request_counts?.total ?? record.imageHashes.length} done)`);
            statuses.set(batch.id, batch.status);
          }
          if (!TERMINAL.has(batch.status)) continue;
          // The record goes only once every outcome is handed over (and so committed by the caller):
          // a process that dies in between downloads the results again.
          for (const outcome of await this.ingest(batch, record)) yield this.emit(outcome);
          ledger.remove(record.inputFileId);
          active.splice(active.indexOf(tracked), 1);
        }
        if (active.length > 0) await this.job.clock.sleep(config.pollSeconds * 1000, this.ctx.signal);
      }
    } finally {
      task.done();
      logCompletion(this.ctx.logger, `describer openai batch (${config.model})`, this.tally, this.meter);
    }
  }

  /** Creates the batch for an uploaded file, or adopts the one an earlier attempt created. */
  private async createBatch(record: StoredBatch, ledger: BatchLedger): Promise<StoredBatch> {
    const batch = await this.call(async (signal) => {
      // A create whose answer was lost (timeout, crash) may have succeeded: look before creating again.
      const existing = await findBatch(this.client, record, signal);
      if (existing) return existing;
      return this.client.batches.create(
        {
          input_file_id: record.inputFileId,
          endpoint: CHAT_ENDPOINT,
          completion_window: '24h',
          metadata: { created_by: 'connote', images: String(record.imageHashes.length) },
        },
        { signal, maxRetries: 0 },
      );
    });
    const submitted: StoredBatch = { ...record, batchId: batch.id };
    ledger.put(submitted);
    this.ctx.logger.info(`submitted OpenAI batch ${batch.id} (${record.imageHashes.length} images, answers within 24 h)`);
    return submitted;
  }

  /**
   * Every answer of a finished batch, for images of this run or not (each was paid for); failures
   * only for images of this run (the others are simply asked for again by the run that wants them).
   */
  private async ingest(batch: Batch, record: StoredBatch): Promise<DescribeOutcome[]> {
    const outcomes: DescribeOutcome[] = [];
    const seen = new Set<string>();
    let unmatched = 0;
    for (const fileId of [batch.output_file_id, batch.error_file_id]) {
      if (!fileId) continue;
      const text = await this.call(async (signal) => (await this.client.files.content(fileId, { signal, maxRetries: 0 })).text());
      for (const line of text.split('\n')) {
        if (line.trim() === '') continue;
        const outcome = readBatchLine(line, batch.id);
        if (!outcome) unmatched++;
        if (!outcome || seen.has(outcome.hash)) continue;
        seen.add(outcome.hash);
        const request = this.wanted.get(outcome.hash);
        if (outcome.answer) outcomes.push(outcomeFromAnswer(this.job.config, outcome.hash, outcome.answer, true));
        else if (request) outcomes.push(failureOutcome(request, outcome.message));
      }
    }
    if (unmatched > 0) this.ctx.logger.warn(`OpenAI batch ${batch.id}: ${unmatched} lines of its results name no image (not JSON, or no custom_id); those images are asked for again`);
    const why = batchEndMessage(batch);
    for (const hash of record.imageHashes) {
      const request = this.wanted.get(hash);
      if (request && !seen.has(hash)) outcomes.push(failureOutcome(request, why));
    }
    return outcomes;
  }
}

/** A remembered batch and the ledger that remembers it. */
interface Tracked {
  readonly record: StoredBatch;
  readonly ledger: BatchLedger;
}

/**
 * The ledgers of this describer configuration: the current one, keyed by everything that changes
 * the answers (endpoint, model, prompt, request body, image size and quality), so that every
 * batch in it belongs to this describer's cache key; then the one older versions of connote
 * wrote (keyed without the image settings), still read so that no batch they submitted is lost.
 */
function describerLedgers(job: DescribeJob, url: string, state: StageContext['state']): BatchLedger[] {
  const { config } = job;
  const base = { url, model: config.model, prompt: job.prompt.hash, body: buildChatRequest(config, '', '') };
  return [
    new BatchLedger(state, `openai-batch:${hashOf({ ...base, imageSize: config.imageSize, jpegQuality: config.jpegQuality })}`),
    new BatchLedger(state, `openai-batch:${hashOf(base)}`),
  ];
}

type BatchFileItem = DescribeOutcome | { kind: 'file'; path: string; imageHashes: string[] };

/** Writes the JSONL files, each within the request-count and size limits; unreadable images come out as failures. */
async function* writeBatchFiles(job: DescribeJob, requests: readonly DescribeRequest[], directory: string): AsyncGenerator<BatchFileItem> {
  const { config } = job;
  let fileNumber = 0;
  let path = '';
  let stream: ReturnType<typeof createWriteStream> | undefined;
  let hashes: string[] = [];
  let bytes = 0;
  const finish = async (): Promise<BatchFileItem | undefined> => {
    if (!stream) return undefined;
    stream.end();
    await once(stream, 'finish');
    stream = undefined;
    return { kind: 'file', path, imageHashes: hashes };
  };
  for (let start = 0; start < requests.length; start += READ_AHEAD) {
    const slice = requests.slice(start, start + READ_AHEAD);
    const lines = await Promise.all(
      slice.map(async (request) => {
        try {
          const payload = await loadImagePayload(request.path, { maxSide: config.imageSize, jpegQuality: config.jpegQuality });
          const body = buildChatRequest(config, job.prompt.text, payload.dataUrl);
          return `${JSON.stringify({ custom_id: request.imageHash, method: 'POST', url: CHAT_ENDPOINT, body })}\n`;
        } catch (error) {
          return failureOutcome(request, `cannot read image: ${(error as Error).message}`);
        }
      }),
    );
    for (let i = 0; i < slice.length; i++) {
      const line = lines[i];
      if (typeof line !== 'string') {
        yield line;
        continue;
      }
      const size = Buffer.byteLength(line);
      if (stream && (hashes.length >= config.batchMaxRequests || bytes + size > config.batchMaxBytes)) {
        yield (await finish())!;
      }
      if (!stream) {
        path = join(directory, `batch-${++fileNumber}.jsonl`);
        stream = createWriteStream(path);
        hashes = [];
        bytes = 0;
      }
      if (!stream.write(line)) await once(stream, 'drain');
      hashes.push(slice[i].imageHash);
      bytes += size;
    }
  }
  const last = await finish();
  if (last) yield last;
}

async function findBatch(client: OpenAIClient, record: StoredBatch, signal: AbortSignal): Promise<Batch | undefined> {
  // Batches are listed newest first; stop an hour before the upload.
  const oldest = Date.parse(record.submittedAt) / 1000 - 3600;
  for await (const batch of client.batches.list({ limit: 100 }, { signal, maxRetries: 0 })) {
    if (batch.input_file_id === record.inputFileId) return batch;
    if (batch.created_at < oldest) return undefined;
  }
  return undefined;
}

type BatchLine = { hash: string; answer: ReturnType<typeof readChatAnswer>; message?: undefined } | { hash: string; answer?: undefined; message: string };

/**
 * One line of a batch output or error file. A 200 answer is read with readChatAnswer, so a
 * paid answer that is not a chat completion is kept as 'unreadable'; a line that is not JSON
 * still names its image when its custom_id can be found (the image is then asked for again).
 */
function readBatchLine(line: string, batchId: string): BatchLine | undefined {
  let parsed: { custom_id?: unknown; response?: { status_code?: number; body?: unknown } | null; error?: { message?: string; code?: string } | null };
  try {
    parsed = JSON.parse(line);
  } catch {
    const hash = /"custom_id"\s*:\s*"([0-9a-f]{64})"/.exec(line)?.[1];
    return hash ? { hash, message: `batch ${batchId} returned a result line that is not valid JSON` } : undefined;
  }
  if (typeof parsed.custom_id !== 'string') return undefined;
  const hash = parsed.custom_id;
  const response = parsed.response;
  if (response && response.status_code === 200) {
    try {
      return { hash, answer: readChatAnswer(response.body) };
    } catch (error) {
      return { hash, message: `batch ${batchId}: ${(error as Error).message}` };
    }
  }
  const bodyError = (response?.body as { error?: { message?: string } } | undefined)?.error?.message;
  const message = bodyError ?? parsed.error?.message ?? `HTTP ${response?.status_code ?? 'error'}`;
  const status = response?.status_code ? ` (HTTP ${response.status_code})` : '';
  return { hash, message: `batch ${batchId} request failed${status}: ${message}` };
}

function batchEndMessage(batch: Batch): string {
  const errors = batch.errors?.data?.map((error) => error.message ?? error.code).filter(Boolean) ?? [];
  const detail = errors.length > 0 ? `: ${errors.slice(0, 3).join('; ')}` : '';
  if (batch.status === 'completed') return `batch ${batch.id} returned no result for this image`;
  return `batch ${batch.id} ended ${batch.status} before this image was described${detail}`;
}

