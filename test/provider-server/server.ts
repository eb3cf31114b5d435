import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { BatchStore, type BatchOptions, type LineResult } from './batches.js';
import { chatCompletion, validateChatRequest, type ValidChat } from './chat.js';
import { embeddingsResponse, OPENAI_EMBEDDING_LIMITS, type EmbeddingLimits } from './embeddings.js';
import { HttpError, invalid } from './errors.js';
import type { Fault, FaultPlan, Route } from './faults.js';
import { fileObject, parseMultipart, type StoredFile } from './files.js';
import { FLAVOURS, type Flavour } from './flavours.js';

export interface ProviderServerOptions {
  /** Default 0: any free port. */
  readonly port?: number;
  readonly host?: string;
  /** Which provider's documented request shape to enforce (default openai). */
  readonly flavour?: Flavour;
  readonly faults?: FaultPlan;
  /** Added to every answer, so concurrent requests overlap observably. */
  readonly latencyMs?: number;
  /** When set, requests must carry `Authorization: Bearer <apiKey>`. */
  readonly apiKey?: string;
  readonly batch?: Partial<BatchOptions>;
  readonly embeddingLimits?: Partial<EmbeddingLimits>;
  /** Keep a log of every request (default true; off for benchmarks). */
  readonly log?: boolean;
}

export interface LoggedRequest {
  readonly method: string;
  readonly path: string;
  readonly route: Route | 'other';
  readonly receivedAt: number;
  readonly body?: unknown;
  readonly imageKeys?: readonly string[];
  status?: number;
}

export interface ProviderServerStats {
  inFlight: number;
  maxInFlight: number;
  total: number;
  readonly byRoute: Record<Route, number>;
  /** Successful chat answers per image key (online): what a provider would bill. */
  readonly chatAnswers: Map<string, number>;
  /** Successful chat answers per image key inside batches. */
  readonly batchAnswers: Map<string, number>;
  filesUploaded: number;
  batchesCreated: number;
}

export interface ProviderServer {
  /** Base URL with the `/v1` suffix, as clients are configured. */
  readonly url: string;
  readonly flavour: Flavour;
  readonly requests: LoggedRequest[];
  readonly stats: ProviderServerStats;
  readonly files: Map<string, StoredFile>;
  readonly batches: BatchStore;
  /** Replaces the fault plan (e.g. to heal a server mid-test). */
  setFaults(plan: FaultPlan | undefined): void;
  close(): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A local server speaking the OpenAI-compatible wire formats (chat completions with image
 * parts, embeddings, files, batches) with deterministic answers and per-test fault
 * injection. It validates requests strictly against the flavour's documented shape and
 * answers errors in the providers' error body shape.
 */
export async function startProviderServer(options: ProviderServerOptions = {}): Promise<ProviderServer> {
  const flavour = options.flavour ?? 'openai';
  const rules = FLAVOURS[flavour];
  const keepLog = options.log ?? true;
  const embeddingLimits = { ...OPENAI_EMBEDDING_LIMITS, ...options.embeddingLimits };
  let faults = options.faults;
  const requests: LoggedRequest[] = [];
  const stats: ProviderServerStats = {
    inFlight: 0,
    maxInFlight: 0,
    total: 0,
    byRoute: { chat: 0, embeddings: 0, files: 0, batches: 0, models: 0 },
    chatAnswers: new Map(),
    batchAnswers: new Map(),
    filesUploaded: 0,
    batchesCreated: 0,
  };
  const imageAttempts = new Map<string, number>();
  const files = new Map<string, StoredFile>();
  let fileCounter = 0;
  const addFile = (filename: string, purpose: string, bytes: Buffer): StoredFile => {
    const file: StoredFile = { id: `file-${++fileCounter}`, filename, purpose, bytes, createdAt: Math.floor(Date.now() / 1000) };
    files.set(file.id, file);
    return file;
  };
  const count = (map: Map<string, number>, key: string): number => {
    const next = (map.get(key) ?? 0) + 1;
    map.set(key, next);
    return next;
  };

  /** The fault planned for a chat request (online or a batch line), counting the image's attempts. */
  const chatFault = (chat: ValidChat, body: unknown, inBatch: boolean): Fault | undefined => {
    const imageKey = chat.images[0]?.key;
    return faults?.({
      route: 'chat',
      routeCount: stats.byRoute.chat,
      imageKey,
      imageAttempt: imageKey ? count(imageAttempts, imageKey) : undefined,
      inBatch,
      body,
    });
  };

  const processBatchLine = async (body: unknown): Promise<LineResult> => {
    try {
      const chat = validateChatRequest(body, rules);
      const imageKey = chat.images[0]?.key;
      const fault = chatFault(chat, body, true);
      if (fault?.kind === 'status') throw new HttpError(fault.status, fault.message ?? `injected HTTP ${fault.status}`, null, fault.code ?? null);
      const completion = await chatCompletion(chat, fault, rules, Date.now());
      if (imageKey) count(stats.batchAnswers, imageKey);
      return { statusCode: 200, body: completion };
    } catch (error) {
      if (error instanceof HttpError) return { statusCode: error.status, body: error.body() };
      throw error;
    }
  };
  const batches = new BatchStore(files, addFile, processBatchLine, {
    pollsToComplete: options.batch?.pollsToComplete ?? 2,
    ending: options.batch?.ending ?? 'completed',
  });

  const sendJson = (res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void => {
    const text = JSON.stringify(value);
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
      'x-request-id': `req_${stats.total}`,
      ...headers,
    });
    res.end(text);
  };

  /** Transport faults: the answer goes wrong on the wire. Returns true when the fault answered. */
  const applyTransportFault = async (res: ServerResponse, fault: Fault | undefined): Promise<boolean> => {
    if (!fault) return false;
    switch (fault.kind) {
      case 'status': {
        const headers: Record<string, string> = {};
        if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter;
        if (fault.retryAfterMs !== undefined) headers['retry-after-ms'] = fault.retryAfterMs;
        const error = new HttpError(fault.status, fault.message ?? `injected HTTP ${fault.status}`, null, fault.code ?? null);
        sendJson(res, fault.status, error.body(), headers);
        return true;
      }
      case 'hang':
        return true; // never answers; close() cuts the connection
      case 'hang-body':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"id":"chatcmpl-stalled","choices":[');
        return true;
      case 'malformed':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"id":"chatcmpl-broken","choices":[{"message":');
        return true;
      case 'truncated': {
        const full = JSON.stringify({ id: 'chatcmpl-cut', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: 'cut short' } }] });
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(full) });
        res.write(full.slice(0, Math.floor(full.length / 2)), () => res.destroy());
        return true;
      }
      case 'delay':
        await sleep(fault.ms);
        return false;
      default:
        return false;
    }
  };

  const readBody = async (req: IncomingMessage): Promise<Buffer> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  };
  const parseJson = (bytes: Buffer, req: IncomingMessage): unknown => {
    if (!(req.headers['content-type'] ?? '').includes('application/json')) throw invalid('Content-Type must be application/json');
    try {
      return JSON.parse(bytes.toString('utf8'));
    } catch {
      throw invalid('We could not parse the JSON body of your request.');
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse, entry: LoggedRequest): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname.replace(/\/+$/, '');
    const method = req.method ?? 'GET';
    if (path === '/__stats') {
      sendJson(res, 200, {
        ...stats,
        chatAnswers: Object.fromEntries(stats.chatAnswers),
        batchAnswers: Object.fromEntries(stats.batchAnswers),
      });
      return;
    }
    if (options.apiKey && req.headers.authorization !== `Bearer ${options.apiKey}`) {
      await readBody(req);
      throw new HttpError(401, 'Incorrect API key provided.', null, 'invalid_api_key');
    }
    const body = await readBody(req);
    const route = (entry as { route: LoggedRequest['route'] }).route;

    if (method === 'POST' && path === '/v1/chat/completions') {
      const json = parseJson(body, req);
      const chat = validateChatRequest(json, rules);
      const imageKeys = chat.images.map((image) => image.key);
      if (keepLog) Object.assign(entry, { body: json, imageKeys });
      const imageKey = imageKeys[0];
      const fault = chatFault(chat, json, false);
      if (options.latencyMs) await sleep(options.latencyMs);
      if (await applyTransportFault(res, fault)) return;
      const completion = await chatCompletion(chat, fault, rules, Date.now());
      if (imageKey) count(stats.chatAnswers, imageKey);
      sendJson(res, 200, completion);
      return;
    }
    if (method === 'POST' && path === '/v1/embeddings') {
      const json = parseJson(body, req);
      if (keepLog) Object.assign(entry, { body: json });
      const fault = faults?.({ route: 'embeddings', routeCount: stats.byRoute.embeddings, inBatch: false, body: json });
      if (options.latencyMs) await sleep(options.latencyMs);
      if (await applyTransportFault(res, fault)) return;
      sendJson(res, 200, embeddingsResponse(json, rules, embeddingLimits));
      return;
    }
    if (method === 'GET' && path === '/v1/models') {
      sendJson(res, 200, { object: 'list', data: [{ id: 'test-model', object: 'model', created: 0, owned_by: 'connote-test' }] });
      return;
    }
    if (!rules.batch && (path.startsWith('/v1/files') || path.startsWith('/v1/batches'))) {
      throw new HttpError(404, `${flavour} has no Batch API (${method} ${path})`);
    }
    const fault = route === 'files' || route === 'batches' ? faults?.({ route, routeCount: stats.byRoute[route], inBatch: false, body: undefined }) : undefined;
    if (await applyTransportFault(res, fault)) return;
    if (method === 'POST' && path === '/v1/files') {
      const parts = parseMultipart(body, req.headers['content-type']);
      const purpose = parts.find((part) => part.name === 'purpose')?.data.toString('utf8');
      const file = parts.find((part) => part.name === 'file');
      if (!purpose) throw invalid("'purpose' is required", 'purpose');
      if (!file || !file.filename) throw invalid("'file' is required", 'file');
      if (purpose === 'batch' && !file.filename.endsWith('.jsonl')) throw invalid('batch input files must be .jsonl', 'file');
      const stored = addFile(file.filename, purpose, file.data);
      stats.filesUploaded++;
      if (keepLog) Object.assign(entry, { body: { purpose, filename: file.filename, bytes: file.data.length, lines: file.data.toString('utf8').split('\n').filter((l) => l.trim() !== '').length } });
      sendJson(res, 200, fileObject(stored));
      return;
    }
    const fileMatch = /^\/v1\/files\/([^/]+)(\/content)?$/.exec(path);
    if (fileMatch) {
      const file = files.get(fileMatch[1]);
      if (!file) throw new HttpError(404, `No such File object: ${fileMatch[1]}`, 'id');
      if (method === 'GET' && fileMatch[2]) {
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': file.bytes.length });
        res.end(file.bytes);
        return;
      }
      if (method === 'GET') return sendJson(res, 200, fileObject(file));
      if (method === 'DELETE') {
        files.delete(file.id);
        return sendJson(res, 200, { id: file.id, object: 'file', deleted: true });
      }
    }
    if (path === '/v1/batches' && method === 'POST') {
      const batch = batches.create(parseJson(body, req), Date.now());
      stats.batchesCreated++;
      if (keepLog) Object.assign(entry, { body: JSON.parse(body.toString('utf8')) });
      return sendJson(res, 200, batch);
    }
    if (path === '/v1/batches' && method === 'GET') {
      const limit = Math.min(100, Math.max(1, Number(url.searchParams.get('limit') ?? 20)));
      return sendJson(res, 200, batches.list(limit, url.searchParams.get('after') ?? undefined));
    }
    const batchMatch = /^\/v1\/batches\/([^/]+)(\/cancel)?$/.exec(path);
    if (batchMatch && method === 'GET' && !batchMatch[2]) return sendJson(res, 200, await batches.retrieve(batchMatch[1], Date.now()));
    if (batchMatch && method === 'POST' && batchMatch[2]) return sendJson(res, 200, batches.cancel(batchMatch[1], Date.now()));
    throw new HttpError(404, `Invalid URL (${method} ${path})`);
  };

  const routeOf = (path: string): LoggedRequest['route'] => {
    if (path.startsWith('/v1/chat/completions')) return 'chat';
    if (path.startsWith('/v1/embeddings')) return 'embeddings';
    if (path.startsWith('/v1/files')) return 'files';
    if (path.startsWith('/v1/batches')) return 'batches';
    if (path.startsWith('/v1/models')) return 'models';
    return 'other';
  };

  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const route = routeOf(path);
    const entry: LoggedRequest = { method: req.method ?? 'GET', path, route, receivedAt: Date.now() };
    if (path !== '/__stats') {
      stats.total++;
      if (route !== 'other') stats.byRoute[route]++;
      if (keepLog) requests.push(entry);
    }
    stats.inFlight++;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    let finished = false;
    const done = (): void => {
      if (finished) return;
      finished = true;
      stats.inFlight--;
    };
    res.on('finish', () => {
      entry.status = res.statusCode;
      done();
    });
    res.on('close', done);
    handle(req, res, entry).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const httpError = error instanceof HttpError ? error : new HttpError(500, `test server error: ${(error as Error).message}`);
      sendJson(res, httpError.status, httpError.body());
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${address.port}/v1`,
    flavour,
    requests,
    stats,
    files,
    batches,
    setFaults: (plan) => {
      faults = plan;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
