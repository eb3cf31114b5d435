// Compiles every WebAssembly kernel source (src/**/*.wat) with wabt (npm run build:wasm), to a
// .wasm beside it (what code run from source loads; gitignored) and to the same place under
// dist/ (what the installed package loads). Run by `npm run build` (and so by prepare on npm
// ci) and before `npm run bench`; vitest's global setup compiles the src/ copies. See
// src/util/wasm.ts.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import wabt from 'wabt';
import { specialiseForDimension, specialisedDimensions } from './specialise-wat.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const SRC = join(root, 'src');
export const DIST = join(root, 'dist');

/**
 * The features the kernels use beyond the first WebAssembly release: 128-bit SIMD, shared
 * memory (threads: the distance and layout kernels' memory is shared with worker threads), the
 * saturating float-to-int conversions and bulk memory (memory.copy and memory.fill, between the
 * layout's parts). Nothing else is accepted.
 */
export const FEATURES = { simd: true, threads: true, sat_float_to_int: true, bulk_memory: true } as const;

function watFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return watFiles(path);
    return entry.name.endsWith('.wat') ? [path] : [];
  });
}

/**
 * Compiles src/**\/*.wat into each of `targets` (SRC, DIST), keeping the path under src/, with
 * the per-dimension copies a source asks for beside it (NAME.<d>d.wasm); returns the paths
 * written, relative to the repository. Every .wasm is written, changed or not, so none is older
 * than its source (src/util/wasm.ts checks that).
 */
export async function buildWasm(targets: readonly string[] = [SRC, DIST]): Promise<string[]> {
  const toolkit = await wabt();
  const written: string[] = [];
  for (const file of watFiles(SRC)) {
    const name = relative(SRC, file);
    const source = readFileSync(file, 'utf8');
    const variants = [
      { name, source },
      // per-dimension copies asked for by the source (specialise-wat.ts)
      ...specialisedDimensions(source).map((dimension) => ({
        name: name.replace(/\.wat$/, `.${dimension}d.wat`),
        source: specialiseForDimension(source, dimension),
      })),
    ];
    for (const variant of variants) {
      const buffer = compile(toolkit, variant.name, variant.source);
      for (const base of targets) {
        const target = join(base, variant.name.replace(/\.wat$/, '.wasm'));
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, buffer);
        written.push(relative(root, target));
      }
    }
  }
  return written;
}

function compile(toolkit: Awaited<ReturnType<typeof wabt>>, name: string, source: string): Uint8Array {
  const module = toolkit.parseWat(name, source, FEATURES);
  try {
    module.resolveNames();
    // wabt.js checks against the features it is given here too (its .d.ts omits the parameter);
    // without them it rejects the shared memory.
    (module.validate as unknown as (this: typeof module, features: typeof FEATURES) => void).call(module, FEATURES);
    return module.toBinary({ canonicalize_lebs: true, write_debug_names: false }).buffer;
  } finally {
    module.destroy();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  buildWasm().then(
    (written) => console.log(`compiled ${written.length / 2} WebAssembly modules (kernels and their per-dimension copies) into src/ and dist/`),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exitCode = 1;
    },
  );
}
