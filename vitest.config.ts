import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Compiles the WebAssembly kernels (.wat) first: see test/support/build-wasm.ts.
    globalSetup: ['test/support/build-wasm.ts'],
    // Native modules (better-sqlite3, sharp, onnxruntime) are safest in forked processes.
    pool: 'forks',
    // Vitest 3 runs cores - 1 files at once: one on a 2-core machine, where the suite then waits
    // on its child processes, servers and browser one file at a time (about 9 minutes). Two at
    // once measured 387 s against 514 s there, every test passing.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
