import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { specialisedDimensions, specialiseForDimension } from '../../../scripts/specialise-wat.js';
import { createSharedLayout, layoutKernelUrl, readLayout, type LayoutKernelInput } from '../../../src/reduce/umap/layout-kernel.js';
import { planParts, runLayoutParts } from '../../../src/reduce/umap/layout-threads.js';
import { epochsPerSample, learningRates } from '../../../src/reduce/umap/layout.js';
import { kernelModule } from '../../../src/util/wasm.js';
import { createRandom } from '../../../src/util/random.js';

const SOURCE = readFileSync(new URL('../../../src/reduce/umap/layout-kernel.wat', import.meta.url), 'utf8');
const GENERIC = new URL('../../../src/reduce/umap/layout-kernel.wasm', import.meta.url);

/** A random graph in row order (as the layout's edges are), with self-loops and repeated edges. */
function input(dim: number, moveOther: boolean, seed: number): LayoutKernelInput {
  const random = createRandom(seed);
  const vertices = 150;
  const edges = 1200;
  const head = Int32Array.from({ length: edges }, () => random.uint32() % vertices).sort();
  const tail = Int32Array.from({ length: edges }, (_, e) => (e % 97 === 0 ? head[e] : random.uint32() % vertices));
  const weights = Float64Array.from({ length: edges }, () => ((random.uint32() % 1000) + 1) / 1000);
  return {
    embedding: Float32Array.from({ length: vertices * dim }, () => (random.uint32() % 2001) / 100 - 10),
    dim,
    vertices,
    moveOther,
    head,
    tail,
    epochsPerSample: epochsPerSample(weights, 40),
    a: 1.577,
    b: 0.8951,
    gamma: 1,
    negativeSampleRate: 5,
    seed: random.uint32(),
  };
}

/** The layout of `input` in `parts` parts by the given kernel module (one thread). */
function layoutWith(module: WebAssembly.Module | null, layoutInput: LayoutKernelInput, parts: number): Float32Array {
  const plan = parts > 1 ? planParts(layoutInput.head, layoutInput.epochsPerSample, layoutInput.vertices, parts, 5) : undefined;
  const shared = createSharedLayout(layoutInput, plan);
  runLayoutParts(module ? { ...shared, module } : shared, learningRates(1, 40), 1);
  const out = new Float32Array(layoutInput.embedding.length);
  readLayout(shared, out);
  return out;
}

describe('per-dimension copies of the layout kernel (scripts/specialise-wat.ts)', () => {
  const dimensions = specialisedDimensions(SOURCE);

  it('are asked for by the kernel source, and loaded for those dimensions only', () => {
    expect(dimensions).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(fileURLToPath(layoutKernelUrl(5))).toMatch(/layout-kernel\.5d\.wasm$/);
    expect(fileURLToPath(layoutKernelUrl(2))).toMatch(/layout-kernel\.2d\.wasm$/);
    expect(fileURLToPath(layoutKernelUrl(11))).toMatch(/layout-kernel\.wasm$/);
  });

  it('unroll the coordinate loops and keep the head row in locals', () => {
    const text = specialiseForDimension(SOURCE, 3);
    expect(text).not.toContain('(loop $coordinates');
    expect(text).not.toContain('(import "env" "rowBytes"');
    expect(text).toContain('(global $rowBytes i32 (i32.const 12))');
    expect(text).toContain('(local.set $headCoordinate2 (f32.load (i32.add (local.get $j) (i32.const 8))))');
    // the head row is read only where $j is set, once per coordinate
    expect(text.split('(f32.load (i32.add (local.get $j)').length - 1).toBe(3);
  });

  // Parts exercise the deltas (a tail in another part) besides the live rows.
  for (const parts of [1, 3]) {
    it(`give the generic kernel's bytes in every dimension, tails moved and held, ${parts} part(s)`, () => {
      const generic = kernelModule(GENERIC);
      for (const dim of dimensions) {
        for (const moveOther of [true, false]) {
          const layoutInput = input(dim, moveOther, 100 * dim + (moveOther ? 1 : 0));
          const specialised = layoutWith(null, layoutInput, moveOther ? parts : 1);
          const reference = layoutWith(generic, layoutInput, moveOther ? parts : 1);
          expect(specialised.some((value, i) => value !== layoutInput.embedding[i])).toBe(true);
          expect(Buffer.from(specialised.buffer).equals(Buffer.from(reference.buffer)), `${dim}-D, moveOther ${moveOther}`).toBe(true);
        }
      }
    });
  }
});
