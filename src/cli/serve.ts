import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { readCodingPairs } from '../evaluate/coding/pair-files.js';
import { openStore, STORE_FILE } from '../store/index.js';
import { parseTokenSpec, readTokensFile, type CoderToken } from '../web/auth.js';
import { createApp } from '../web/app.js';
import { listen } from '../web/listen.js';
import { collect, parseInteger, prose } from './options.js';

interface ServeFlags {
  host: string;
  port: number;
  token?: string[];
  tokensFile?: string;
  blind?: boolean;
  pairs?: string;
  key?: string;
  originals: boolean;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/** The project folder's store, or a clear error when there is none. */
export function projectStorePath(project: string): string {
  const path = join(resolve(project), STORE_FILE);
  if (!existsSync(path)) throw new Error(`no connote project in ${resolve(project)} (${STORE_FILE} not found); run connote run first`);
  return path;
}

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .summary('explore the map, read the clusters and code image pairs in the browser')
    .description(
      prose(`Serves a local web app over a project made by connote run: a zoomable map of every image coloured
by cluster, the clusters with their keywords and members, each image with its descriptions, two
clusterings compared side by side, full-text search over the descriptions, and keyboard-only coding
of image pairs and of cluster interpretability, each judgement saved the moment it is made.

It listens on 127.0.0.1 (this machine only) unless --host says otherwise; then every coder needs
their own access token (--token name:secret, or a --tokens-file), and gets the link
http://HOST:PORT/?token=SECRET.`),
    )
    .argument('[project]', 'project folder (the --out of connote run)', 'connote-out')
    .option('--host <address>', 'address to listen on; anything but 127.0.0.1/localhost needs tokens', '127.0.0.1')
    .option('-p, --port <n>', 'port (0 picks a free one)', parseInteger, 8123)
    .option('--token <coder:token>', 'access token of one coder (repeat for each coder)', collect)
    .option('--tokens-file <file>', 'file of coder:token lines, one per coder')
    .option('--blind', 'coding only: hide image ids, file names and metadata, turn exploring off (default: off)')
    .option('--pairs <file>', 'first import image pairs to code from a CSV with columns pair_id,image_a,image_b (blind ids from pairs sample --blind are mapped back with the key beside the file)')
    .option('--key <file>', 'with --pairs: the blinding key (default: the *.key.csv beside the pairs file)')
    .option('--no-originals', 'show stored thumbnails only, never the original files (default: originals shown)')
    .addHelpText(
      'after',
      `
Examples:
  connote serve out/demo                                   # explore on http://127.0.0.1:8123
  connote serve out/demo --pairs examples/climate-demo/pairs.csv
  connote serve out/demo --blind --host 0.0.0.0 --token alice:$(openssl rand -hex 16) --token bob:$(openssl rand -hex 16)`,
    )
    .action(async (project: string, flags: ServeFlags) => {
      const tokens: CoderToken[] = [...(flags.token ?? []).map((spec) => parseTokenSpec(spec)), ...(flags.tokensFile ? readTokensFile(flags.tokensFile) : [])];
      if (!LOOPBACK.has(flags.host) && tokens.length === 0) {
        throw new Error(`--host ${flags.host} lets other machines connect: give every coder a token with --token name:secret or --tokens-file`);
      }
      const store = openStore(projectStorePath(project));
      try {
        let blind = flags.blind ?? false;
        if (flags.pairs) {
          const file = await readCodingPairs(flags.pairs, { key: flags.key, isKnownImage: (id) => store.images.getItem(id) !== undefined });
          const imported = store.pairs.importPairs(file.pairs, flags.pairs);
          process.stdout.write(`Pairs: ${imported.added} imported, ${imported.unchanged} already there (from ${flags.pairs}).\n`);
          if (file.key) {
            // Pairs drawn blind are coded blind: the key stays with the researcher, ids stay hidden.
            blind = true;
            process.stdout.write(`Blind ids mapped back with ${file.key}; coders see no ids, file names or metadata.\n`);
          }
        } else if (flags.key) {
          throw new Error('--key only applies with --pairs');
        }
        const started = performance.now();
        if (store.search.refresh()) process.stdout.write(`Indexed the descriptions for search in ${((performance.now() - started) / 1000).toFixed(1)} s.\n`);
        const app = createApp(store, { tokens, blind, originals: flags.originals, title: basename(resolve(project)) });
        const server = await listen(app, { host: flags.host, port: flags.port });
        const items = store.explore.itemCount();
        const lines = [`connote serve: ${server.url}  (${items} images, ${store.explore.clusterings().length} clusterings, ${store.pairs.count()} pairs${blind ? '; blind coding only' : ''})`];
        for (const { coder, token } of tokens) lines.push(`  ${coder}: ${server.url}/?token=${encodeURIComponent(token)}`);
        lines.push('Press Ctrl-C to stop. Every judgement is already saved in the project.');
        process.stdout.write(`${lines.join('\n')}\n`);
        await new Promise<void>((done) => {
          const stop = (): void => {
            process.off('SIGINT', stop);
            process.off('SIGTERM', stop);
            void server.close().finally(done);
          };
          process.on('SIGINT', stop);
          process.on('SIGTERM', stop);
        });
      } finally {
        store.close();
      }
    });
}
