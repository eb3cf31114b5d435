import { afterEach } from 'vitest';
import { startProviderServer, type ProviderServer, type ProviderServerOptions } from './server.js';

/**
 * For a test file: returns `serve(options)`, which starts a provider server that is closed
 * after each test.
 */
export function useProviderServers(): (options?: ProviderServerOptions) => Promise<ProviderServer> {
  const servers: ProviderServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });
  return async (options = {}) => {
    const server = await startProviderServer(options);
    servers.push(server);
    return server;
  };
}
