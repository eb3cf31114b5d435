/**
 * Starts the test provider server on its own and prints one JSON line with its URL, for
 * tests that drive `connote` in a child process (e.g. killing it mid-run and checking that
 * nothing is paid for twice through `GET /__stats`). Stops on SIGTERM or SIGINT.
 *
 *   node --import tsx test/provider-server/serve.ts [--flavour ollama] [--port 0] [--latency-ms 50] [--api-key KEY]
 *   -> {"url":"http://127.0.0.1:53817/v1","stats":"http://127.0.0.1:53817/__stats"}
 */
import { parseArgs } from 'node:util';
import { FLAVOURS, type Flavour } from './flavours.js';
import { startProviderServer } from './server.js';

const { values } = parseArgs({
  options: {
    flavour: { type: 'string', default: 'openai' },
    port: { type: 'string', default: '0' },
    'latency-ms': { type: 'string', default: '0' },
    'api-key': { type: 'string' },
    'batch-polls': { type: 'string', default: '2' },
  },
});
if (!(values.flavour! in FLAVOURS)) {
  console.error(`unknown flavour '${values.flavour}'; choose one of ${Object.keys(FLAVOURS).join(', ')}`);
  process.exit(2);
}
const server = await startProviderServer({
  flavour: values.flavour as Flavour,
  port: Number(values.port),
  latencyMs: Number(values['latency-ms']),
  apiKey: values['api-key'],
  batch: { pollsToComplete: Number(values['batch-polls']) },
  log: false,
});
process.stdout.write(`${JSON.stringify({ url: server.url, stats: server.url.replace(/\/v1$/, '/__stats') })}\n`);
const stop = (): void => {
  void server.close().then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
