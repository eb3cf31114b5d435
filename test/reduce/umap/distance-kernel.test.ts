import { describe, expect, it } from 'vitest';
import { createDistanceKernel, paddedStride } from '../../../src/reduce/umap/distance-kernel.js';
import { createRandom } from '../../../src/util/random.js';

describe('distance kernel (WebAssembly SIMD)', () => {
  it('pads rows to a multiple of 16 floats', () => {
    expect(paddedStride(1)).toBe(16);
    expect(paddedStride(384)).toBe(384);
    expect(paddedStride(385)).toBe(400);
  });

  it('matches float64 dot products and squared distances to float32 precision', () => {
    const dims = 37;
    const count = 6;
    const kernel = createDistanceKernel(count, dims);
    const random = createRandom(3);
    const vectors: number[][] = [];
    for (let i = 0; i < count; i++) {
      const v = Array.from({ length: dims }, () => random.normal());
      vectors.push(v.map((x) => Math.fround(x)));
      kernel.rows.set(v, i * kernel.stride);
    }
    for (let i = 0; i < count; i++) {
      for (let j = 0; j < count; j++) {
        let dot = 0;
        let squared = 0;
        for (let d = 0; d < dims; d++) {
          dot += vectors[i][d] * vectors[j][d];
          squared += (vectors[i][d] - vectors[j][d]) ** 2;
        }
        expect(kernel.dot(i, j)).toBeCloseTo(dot, 4);
        expect(kernel.squaredDistance(i, j)).toBeCloseTo(squared, 4);
      }
      expect(kernel.squaredDistance(i, i)).toBe(0);
    }
  });

  it('uses the scratch row like any other', () => {
    const kernel = createDistanceKernel(1, 3);
    kernel.rows.set([1, 2, 3], 0);
    kernel.scratch.set([4, 5, 6]);
    expect(kernel.dot(0, kernel.scratchIndex)).toBe(32);
  });
});
