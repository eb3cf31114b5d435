import type { Hono } from 'hono';
import type { StaticAsset } from '../client-assets.js';
import type { WebContext } from '../context.js';
import { fail } from '../http.js';
import { shellPage } from '../page.js';
import type { WebEnv } from '../security.js';
import { APP_CSS } from '../styles.js';

/** The page shell and the client's files, served from a fixed in-memory table by exact name. */
export function registerAssetRoutes(app: Hono<WebEnv>, ctx: WebContext, assets: ReadonlyMap<string, StaticAsset>): void {
  const page = shellPage(ctx.title);
  app.get('/', (c) => c.html(page));
  app.get('/static/app.css', (c) => {
    c.header('Content-Type', 'text/css; charset=utf-8');
    c.header('Cache-Control', 'no-cache');
    return c.body(APP_CSS);
  });
  app.get('/static/*', (c) => {
    const name = c.req.path.slice('/static/'.length);
    const asset = assets.get(name);
    if (!asset) fail(404, 'no such file');
    c.header('Content-Type', asset.type);
    c.header('Cache-Control', 'no-cache');
    return c.body(asset.body);
  });
}
