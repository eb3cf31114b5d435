import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';

export interface ListenOptions {
  /** Default 127.0.0.1: only this machine can connect. */
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port?: number;
}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Serves an app made by `createApp` over HTTP until `close` is called. */
export interface Fetchable {
  fetch(request: Request, ...rest: never[]): Response | Promise<Response>;
}

export function listen(app: Fetchable, options: ListenOptions = {}): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: (request) => app.fetch(request), hostname: host, port: options.port ?? 0 }, (info: AddressInfo) => {
      const shownHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
      resolve({
        url: `http://${shownHost}:${info.port}`,
        port: info.port,
        close: () =>
          new Promise<void>((done, failed) => {
            if ('closeAllConnections' in server) server.closeAllConnections();
            server.close((error) => (error ? failed(error) : done()));
          }),
      });
    });
    server.once('error', reject);
  });
}
