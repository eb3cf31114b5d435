import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { compress } from 'hono/compress';
import { HTTPException } from 'hono/http-exception';
import type { Store } from '../store/index.js';
import { TokenChecker, type CoderToken } from './auth.js';
import { loadClientAssets, type StaticAsset } from './client-assets.js';
import type { WebContext } from './context.js';
import { fail } from './http.js';
import { MapData } from './map-data.js';
import { registerAssetRoutes } from './routes/assets.js';
import { registerClusterRoutes } from './routes/clusters.js';
import { registerCompareRoutes } from './routes/compare.js';
import { registerDuplicateRoutes } from './routes/duplicates.js';
import { registerEditRoutes } from './routes/edits.js';
import { registerItemRoutes } from './routes/items.js';
import { registerMapRoutes } from './routes/map.js';
import { registerOverviewRoutes } from './routes/overview.js';
import { registerPairRoutes } from './routes/pairs.js';
import { registerSearchRoutes } from './routes/search.js';
import { registerStudyRoutes } from './routes/studies.js';
import { hostGuard, sameOriginWrites, securityHeaders, tokenAuth, type WebEnv } from './security.js';

export interface AppOptions {
  /** One token per coder; when given, every request must carry one and the coder's name comes from it. */
  readonly tokens?: readonly CoderToken[];
  /** Coding only: coders never see item ids, file names or metadata, and exploration is off. */
  readonly blind?: boolean;
  /** Serve original image files where they are still on disk (default true); else thumbnails only. */
  readonly originals?: boolean;
  /**
   * Host names the server answers to besides localhost and 127.0.0.1 (a guard against DNS
   * rebinding); 'any' turns the guard off (default 'any' with tokens, loopback names without).
   */
  readonly allowedHosts?: readonly string[] | 'any';
  /** The client's compiled files (default: next to this module; transpiled from source in development). */
  readonly clientDir?: string;
  /** Preloaded client files, for tests that build many apps. */
  readonly clientAssets?: ReadonlyMap<string, StaticAsset>;
  /** The page title, e.g. the project folder's name. */
  readonly title?: string;
}

/** Largest request body: an export of a few million selected ids. */
const BODY_LIMIT = 64 * 2 ** 20;

/**
 * The web app over one project's store, as a Hono app: `app.request(...)` in tests, `listen`
 * to serve it. Every route is registered by its own module; this function only wires them.
 */
export function createApp(store: Store, options: AppOptions = {}): Hono<WebEnv> {
  const tokens = options.tokens ?? [];
  const ctx: WebContext = {
    store,
    mapData: new MapData(store),
    blind: options.blind ?? false,
    originals: options.originals ?? true,
    tokens: tokens.length > 0,
    title: options.title ?? 'connote',
  };
  const assets = options.clientAssets ?? loadClientAssets(options.clientDir);
  const app = new Hono<WebEnv>();

  app.onError((error, c) => {
    if (error instanceof HTTPException) return c.json({ error: error.message }, error.status);
    if (error instanceof RangeError) return c.json({ error: error.message }, 400);
    console.error(error);
    return c.json({ error: 'internal error; see the server log' }, 500);
  });
  app.notFound((c) => c.json({ error: 'not found' }, 404));

  app.use('*', securityHeaders);
  app.use('*', hostGuard(options.allowedHosts ?? (ctx.tokens ? 'any' : [])));
  app.use('*', tokenAuth(ctx.tokens ? new TokenChecker(tokens) : null));
  app.use('*', sameOriginWrites);
  app.use('/api/*', bodyLimit({ maxSize: BODY_LIMIT, onError: () => fail(413, 'the request body is too large') }));
  app.use('*', compress());

  registerAssetRoutes(app, ctx, assets);
  registerOverviewRoutes(app, ctx);
  registerPairRoutes(app, ctx);
  registerStudyRoutes(app, ctx);
  // Exploring shows ids, file names, metadata and clusters: none of it for blind coders.
  const exploring = new Hono<WebEnv>();
  exploring.use('*', async (_c, next) => {
    if (ctx.blind) fail(403, 'blind mode: only coding is available on this server');
    await next();
  });
  registerMapRoutes(exploring, ctx);
  registerClusterRoutes(exploring, ctx);
  registerItemRoutes(exploring, ctx);
  registerCompareRoutes(exploring, ctx);
  registerSearchRoutes(exploring, ctx);
  registerEditRoutes(exploring, ctx);
  registerDuplicateRoutes(exploring, ctx);
  app.route('/', exploring);
  return app;
}
