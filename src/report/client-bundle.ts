import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The browser code of report.html (src/report/client/), bundled into one script by esbuild. */
const ENTRY = fileURLToPath(new URL('./client/main.ts', import.meta.url));
/** Where `npm run build` puts the bundle: beside this module in dist/. */
const BUILT = fileURLToPath(new URL('./report-client.js', import.meta.url));

/** The few esbuild types used here, so the published typings do not need esbuild. */
interface Bundler {
  buildSync(options: Record<string, unknown>): { outputFiles: Array<{ text: string }> };
}

const OPTIONS = { entryPoints: [ENTRY], bundle: true, format: 'iife', target: 'es2022', minify: true, legalComments: 'none', charset: 'utf8', write: false };

function bundle(): string {
  let esbuild: Bundler;
  try {
    esbuild = createRequire(import.meta.url)('esbuild') as Bundler;
  } catch {
    throw new Error(`report.html's script is not built (${BUILT} is missing) and esbuild is not installed to build it; run npm run build`);
  }
  const text = esbuild.buildSync(OPTIONS).outputFiles[0].text;
  // The script is inlined in the page: it must not be able to end its own element.
  if (/<\/script|<!--/i.test(text)) throw new Error('the report script contains </script or <!--, which cannot be inlined');
  return text;
}

let script: string | undefined;

/**
 * The explorer script inlined in every report.html: the built bundle when connote runs from
 * dist/, else bundled from the TypeScript sources (tests, tsx) with esbuild, once per process.
 */
export function reportClientScript(): string {
  script ??= existsSync(BUILT) ? readFileSync(BUILT, 'utf8') : bundle();
  return script;
}

/** `npm run build`: writes the bundle where reportClientScript of dist/ finds it. */
export async function buildReportClient(outfile: string): Promise<void> {
  await mkdir(dirname(outfile), { recursive: true });
  await writeFile(outfile, bundle());
}
