import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Readable } from 'node:stream';
import { abortReason } from './clock.js';

/**
 * A `fetch` for the SDK built on node:http with keep-alive agents. Node's built-in fetch
 * (undici) spends about 390 µs of CPU per small request; this spends about 135 µs (measured
 * in bench/describe.ts), which is what lets one process drive thousands of requests per
 * second over hundreds of connections. It handles the JSON requests the describer and
 * embedder send and buffers the answer into a standard `Response`; anything else (the
 * multipart upload of a batch file) goes to the built-in fetch.
 */
export interface NodeFetch {
  readonly fetch: typeof globalThis.fetch;
  /** Closes idle keep-alive connections. */
  close(): void;
}

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

function headerRecord(headers: HeadersInit | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers) return out;
  new Headers(headers).forEach((value, key) => {
    out[key] = value;
  });
  return out;
}

function responseHeaders(message: IncomingMessage): Headers {
  const headers = new Headers();
  const raw = message.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i], raw[i + 1]);
  return headers;
}

function decoded(message: IncomingMessage): Readable {
  switch ((message.headers['content-encoding'] ?? '').toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return message.pipe(createGunzip());
    case 'deflate':
      return message.pipe(createInflate());
    case 'br':
      return message.pipe(createBrotliDecompress());
    default:
      return message;
  }
}

/** Shaped like undici's error for a body cut short, so callers treat both alike. */
function terminated(cause: unknown): TypeError {
  return new TypeError('terminated', { cause });
}

/**
 * One request on a keep-alive agent, answered as a fetch Response once the whole body is in; an
 * abort, a reset or a body cut short rejects the way undici's fetch does.
 */
function sendOnAgent(
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: string | Uint8Array | undefined,
  agent: HttpAgent,
  signal: AbortSignal | undefined,
): Promise<Response> {
  return new Promise<Response>((resolve, reject) => {
    let settled = false;
    const fail = (error: unknown): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      reject(error);
    };
    const onAbort = (): void => {
      const reason = abortReason(signal!);
      request.destroy();
      fail(reason);
    };
    const succeed = (message: IncomingMessage, chunks: Buffer[]): void => {
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      const status = message.statusCode ?? 500;
      resolve(new Response(NULL_BODY_STATUSES.has(status) ? null : Buffer.concat(chunks), { status, statusText: message.statusMessage, headers: responseHeaders(message) }));
    };
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const request = send(url, { method, headers, agent }, (message) => {
      const chunks: Buffer[] = [];
      const stream = decoded(message);
      const cutShort = () => fail(terminated(new Error('the connection closed before the answer was complete')));
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', (error) => fail(terminated(error)));
      message.on('aborted', cutShort);
      message.on('error', (error) => fail(terminated(error)));
      stream.on('end', () => {
        if (settled) return;
        if (!message.complete) cutShort();
        else succeed(message, chunks);
      });
    });
    request.on('error', (error) => fail(new TypeError('fetch failed', { cause: error })));
    signal?.addEventListener('abort', onAbort, { once: true });
    request.end(body);
  });
}

export function createNodeFetch(maxSockets: number): NodeFetch {
  const agents = {
    'http:': new HttpAgent({ keepAlive: true, maxSockets }),
    'https:': new HttpsAgent({ keepAlive: true, maxSockets }),
  };

  const nodeFetch = (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const body = init.body;
    const simpleBody = body === undefined || body === null || typeof body === 'string' || body instanceof Uint8Array;
    if (input instanceof Request || !simpleBody) return globalThis.fetch(input, init);
    const url = input instanceof URL ? input : new URL(input);
    const agent = agents[url.protocol as 'http:' | 'https:'];
    if (!agent) return globalThis.fetch(input, init);
    const signal = init.signal ?? undefined;
    if (signal?.aborted) return Promise.reject(abortReason(signal));

    const headers = headerRecord(init.headers);
    if (body !== undefined && body !== null && headers['content-length'] === undefined) {
      headers['content-length'] = String(typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength);
    }
    return sendOnAgent(url, init.method ?? 'GET', headers, body ?? undefined, agent, signal);
  };

  return {
    fetch: nodeFetch as typeof globalThis.fetch,
    close: () => {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  };
}
