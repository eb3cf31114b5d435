import type OpenAI from 'openai';
import type { Endpoint } from './endpoint-pool.js';
import { createNodeFetch, type NodeFetch } from './node-fetch.js';

export type OpenAIClient = OpenAI;

/** How requests travel: node:http with keep-alive agents (fast), or Node's built-in fetch. */
export type Transport = 'node' | 'fetch';

/**
 * One SDK client per endpoint, created on first use. The SDK is imported lazily so that a
 * run which never calls a provider never loads it. Its own retries are switched off: retries,
 * backoff and timeouts are ours (see retry.ts), because they must be shared across
 * endpoints and honour the run's abort signal.
 */
export class ClientSet {
  private readonly clients = new Map<Endpoint, Promise<OpenAI>>();
  private readonly transports: NodeFetch[] = [];

  constructor(
    private readonly timeoutMs: number,
    private readonly transport: Transport = 'node',
  ) {}

  get(endpoint: Endpoint): Promise<OpenAI> {
    let client = this.clients.get(endpoint);
    if (!client) {
      let fetch: typeof globalThis.fetch | undefined;
      if (this.transport === 'node') {
        const nodeFetch = createNodeFetch(endpoint.options.concurrency);
        this.transports.push(nodeFetch);
        fetch = nodeFetch.fetch;
      }
      client = import('openai').then(
        ({ default: OpenAISdk }) =>
          new OpenAISdk({
            apiKey: endpoint.options.apiKey,
            baseURL: endpoint.url,
            maxRetries: 0,
            timeout: this.timeoutMs,
            fetch,
          }),
      );
      this.clients.set(endpoint, client);
    }
    return client;
  }

  /** Closes idle connections; clients are created again on next use. */
  close(): void {
    for (const transport of this.transports.splice(0)) transport.close();
    this.clients.clear();
  }
}
