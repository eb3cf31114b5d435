import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Compiles the WebAssembly kernels (.wat) first: see test/support/build-wasm.ts.
    globalSetup: ['test/support/build-wasm.ts'],
    // Native modules (better-sqlite3, sharp, onnxruntime) are safest in forked processes.
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
