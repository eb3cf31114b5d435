import type OpenAI from 'openai';
import type { Endpoint } from './endpoint-pool.js';

export type OpenAIClient = OpenAI;

/**
 * One SDK client per endpoint, created on first use. The SDK is imported lazily so that a
 * run which never calls a provider never loads it. Its own retries are switched off: retries,
 * backoff and timeouts are ours (see retry.ts), because they must be shared across
 * endpoints and honour the run's abort signal.
 */
export class ClientSet {
  private readonly clients = new Map<Endpoint, Promise<OpenAI>>();

  constructor(private readonly timeoutMs: number) {}

  get(endpoint: Endpoint): Promise<OpenAI> {
    let client = this.clients.get(endpoint);
    if (!client) {
      client = import('openai').then(
        ({ default: OpenAISdk }) =>
          new OpenAISdk({
            apiKey: endpoint.options.apiKey,
            baseURL: endpoint.url,
            maxRetries: 0,
            timeout: this.timeoutMs,
          }),
      );
      this.clients.set(endpoint, client);
    }
    return client;
  }
}
