import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * TensorFlow.js backends that install from the npm registry alone. `wasm` runs XNNPACK kernels
 * with SIMD from the .wasm files inside @tensorflow/tfjs-backend-wasm; `cpu` is plain
 * JavaScript. (`@tensorflow/tfjs-node` would download libtensorflow at install time.)
 * tfjs 4.22 turns wasm threads off under Node (WASM_HAS_MULTITHREAD_SUPPORT is false there,
 * tensorflow/tfjs#3830), so wasm runs on one thread; image decoding overlaps it on sharp's pool.
 */
export const tfjsBackends = ['wasm', 'cpu'] as const;
export type TfjsBackend = (typeof tfjsBackends)[number];

export type TfjsCore = typeof import('@tensorflow/tfjs-core');
export type TfjsLayers = typeof import('@tensorflow/tfjs-layers');

export interface Tfjs {
  readonly core: TfjsCore;
  readonly layers: TfjsLayers;
}

/** The installed tfjs-core version, read from its package.json without loading tfjs. */
export function tfjsVersion(): string {
  const packageJson = createRequire(import.meta.url)('@tensorflow/tfjs-core/package.json') as { version?: string };
  return packageJson.version ?? 'unknown';
}

export function parseTfjsBackend(value: unknown): TfjsBackend {
  if (value === undefined) return 'wasm';
  if (typeof value === 'string' && (tfjsBackends as readonly string[]).includes(value)) return value as TfjsBackend;
  throw new Error(`unknown tfjs backend '${String(value)}'; choose one of: ${tfjsBackends.join(', ')}`);
}

let loading: Promise<Tfjs> | undefined;
/** The backend the last `useTfjsBackend` call activated (asking tfjs would initialise one). */
let active: TfjsBackend | undefined;

/** Imports tfjs once, registering both backends; the heavy modules load only when first used. */
function loadTfjs(): Promise<Tfjs> {
  loading ??= (async () => {
    const core = await import('@tensorflow/tfjs-core');
    // Production mode: skips per-op debug checks and the cpu backend's console advert for tfjs-node.
    core.env().set('PROD', true);
    await import('@tensorflow/tfjs-backend-cpu');
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    // Node reads the .wasm binaries from the package folder on disk (trailing slash: a directory).
    const wasmEntry = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm');
    wasm.setWasmPaths(`${path.dirname(wasmEntry)}${path.sep}`);
    const layers = await import('@tensorflow/tfjs-layers');
    return { core, layers };
  })();
  return loading;
}

/**
 * Makes `backend` the active one. tfjs has one global engine, so an extractor calls this
 * before each inference in case another extractor in the process switched it.
 */
export async function useTfjsBackend(backend: TfjsBackend): Promise<Tfjs> {
  const tfjs = await loadTfjs();
  if (active !== backend) {
    const ok = await withoutRethrowingListeners(() => tfjs.core.setBackend(backend));
    if (!ok) throw new Error(`the tfjs '${backend}' backend failed to initialise`);
    active = backend;
  }
  return tfjs;
}

/**
 * The wasm backend's Emscripten module, when it starts under Node, adds process listeners that
 * rethrow every uncaught exception and unhandled rejection from inside its minified source, so
 * any later crash prints a 30 kB line of generated code instead of the error. Removing the
 * listeners it added gives Node's own handling back; nothing in tfjs relies on them.
 */
async function withoutRethrowingListeners<T>(initialise: () => Promise<T>): Promise<T> {
  const exceptionListeners = process.listeners('uncaughtException');
  const rejectionListeners = process.listeners('unhandledRejection');
  try {
    return await initialise();
  } finally {
    for (const listener of process.listeners('uncaughtException')) {
      if (!exceptionListeners.includes(listener)) process.removeListener('uncaughtException', listener);
    }
    for (const listener of process.listeners('unhandledRejection')) {
      if (!rejectionListeners.includes(listener)) process.removeListener('unhandledRejection', listener);
    }
  }
}
