import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface StaticAsset {
  readonly body: string;
  readonly type: string;
}

/** The browser code: `npm run build` compiles src/web/client/*.ts next to the server build. */
export const DEFAULT_CLIENT_DIR = fileURLToPath(new URL('./client/', import.meta.url));

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return listFiles(path);
    return entry.isFile() ? [path] : [];
  });
}

const assetName = (dir: string, path: string): string => relative(dir, path).split(sep).join('/');

/**
 * Loads the client's ES modules once, into a fixed table: the server answers only names in it,
 * so no request path ever reaches the file system. Compiled `.js` files are used when present;
 * when connote runs from its TypeScript sources (tsx, tests) the `.ts` files are transpiled here.
 */
export function loadClientAssets(dir = DEFAULT_CLIENT_DIR): Map<string, StaticAsset> {
  if (!existsSync(dir)) throw new Error(`the web client is missing (${dir}); run npm run build`);
  const files = listFiles(dir);
  const assets = new Map<string, StaticAsset>();
  const compiled = files.filter((path) => path.endsWith('.js'));
  if (compiled.some((path) => assetName(dir, path) === 'main.js')) {
    for (const path of compiled) assets.set(assetName(dir, path), { body: readFileSync(path, 'utf8'), type: 'text/javascript; charset=utf-8' });
    return assets;
  }
  const sources = files.filter((path) => path.endsWith('.ts') && !path.endsWith('.d.ts'));
  if (sources.length === 0) throw new Error(`the web client in ${dir} is not built; run npm run build`);
  let ts: typeof import('typescript');
  try {
    ts = createRequire(import.meta.url)('typescript') as typeof import('typescript');
  } catch {
    throw new Error(`the web client in ${dir} is not built and TypeScript is not installed to build it; run npm run build`);
  }
  for (const path of sources) {
    const output = ts.transpileModule(readFileSync(path, 'utf8'), {
      compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ES2022 },
      fileName: path,
    });
    assets.set(assetName(dir, path).replace(/\.ts$/, '.js'), { body: output.outputText, type: 'text/javascript; charset=utf-8' });
  }
  return assets;
}
