import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The WebAssembly kernels (UMAP layout and distances, PCA, linear algebra) are written in the
 * WebAssembly text format, in .wat files beside the TypeScript that uses them, and compiled to
 * .wasm by `npm run build:wasm` (scripts/build-wasm.ts, with wabt): into src/ for running from
 * source (tests, tsx) and into dist/ for the installed package. `npm ci` (prepare), `npm run
 * build`, the test run (vitest's global setup) and `npm run bench` all run it first.
 */
export const BUILD_WASM_COMMAND = 'npm run build:wasm';

const compiled = new Map<string, WebAssembly.Module>();

/**
 * The compiled module of a kernel, e.g. `new URL('./layout-kernel.wasm', import.meta.url)`:
 * read and compiled synchronously on first use, then the same Module for the process (a Module
 * can be sent to worker threads and instantiated there).
 */
export function kernelModule(url: URL): WebAssembly.Module {
  const known = compiled.get(url.href);
  if (known) return known;
  const path = fileURLToPath(url);
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = new Uint8Array(readFileSync(path));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    throw new Error(`the WebAssembly kernel ${path} is missing: run \`${BUILD_WASM_COMMAND}\` in the connote checkout (it compiles the .wat sources)`);
  }
  checkFresh(path);
  const module = new WebAssembly.Module(bytes);
  compiled.set(url.href, module);
  return module;
}

/** From source, a .wasm older than its .wat would run code that is not what the .wat says. */
function checkFresh(wasmPath: string): void {
  // a per-dimension copy (NAME.<d>d.wasm, scripts/specialise-wat.ts) is made from NAME.wat
  const watPath = wasmPath.replace(/(\.\d+d)?\.wasm$/, '.wat');
  let source: number;
  try {
    source = statSync(watPath).mtimeMs;
  } catch {
    return; // installed: dist/ holds the .wasm only
  }
  if (statSync(wasmPath).mtimeMs < source) {
    throw new Error(`the WebAssembly kernel ${wasmPath} is older than its source ${watPath}: run \`${BUILD_WASM_COMMAND}\``);
  }
}
