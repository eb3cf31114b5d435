// vitest global setup: compiles the WebAssembly kernels' .wat sources to the .wasm files that
// code run from source loads, so a test always runs what the .wat files say.
import { buildWasm, SRC } from '../../scripts/build-wasm.js';

export async function setup(): Promise<void> {
  await buildWasm([SRC]);
}
