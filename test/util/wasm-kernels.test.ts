import { describe, expect, it } from 'vitest';
import { covarianceMatrix } from '../../src/reduce/pca/covariance.js';
import { createDistanceKernel, PAIR_CAPACITY } from '../../src/reduce/umap/distance-kernel.js';
import { createLayoutKernel } from '../../src/reduce/umap/layout-kernel.js';
import { epochsPerSample } from '../../src/reduce/umap/layout.js';
import { PairDistances } from '../../src/reduce/umap/pair-distances.js';
import { createSearchSpace } from '../../src/reduce/umap/search-space.js';
import { largestEigenpairs } from '../../src/util/linalg/lanczos.js';
import { multiplyByTranspose } from '../../src/util/linalg/row-products.js';
import { symmetricEigen } from '../../src/util/linalg/symmetric-eigen.js';
import { createMatrix, type Matrix } from '../../src/util/matrix.js';
import { createRandom, type Random } from '../../src/util/random.js';
import { hashOfArrays } from '../support/golden.js';

/**
 * Golden outputs of every WebAssembly kernel (UMAP layout and distances, PCA covariance, row
 * products, the QL rotation, Lanczos' Gram-Schmidt) on fixed seeded inputs: SHA-256 of the
 * result bytes. Recorded from the kernels as they were first written (assembled from opcodes in
 * TypeScript); they must not change when a kernel's source or build changes without a change of
 * arithmetic. Inputs are made from integer draws and + - * / only, so they are exact on every
 * machine; the edge cases (odd sizes, padding, chunks, a self-loop, a sample hitting the head)
 * are in on purpose.
 */

/** A value in [-range, range] with three decimals, from an integer draw (IEEE-exact). */
const draw = (random: Random, range = 1): number => (((random.uint32() % 2001) - 1000) / 1000) * range;

function randomMatrix(rows: number, cols: number, seed: number, range = 1): Matrix {
  const random = createRandom(seed);
  return createMatrix(rows, cols, Float64Array.from({ length: rows * cols }, () => draw(random, range)));
}

function randomSymmetric(n: number, seed: number): Matrix {
  const random = createRandom(seed);
  const m = createMatrix(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const value = draw(random, 5);
      m.data[i * n + j] = value;
      m.data[j * n + i] = value;
    }
  }
  return m;
}

function columnMeans(data: Matrix): Float64Array {
  const means = new Float64Array(data.cols);
  for (let i = 0; i < data.rows; i++) for (let j = 0; j < data.cols; j++) means[j] += data.data[i * data.cols + j];
  for (let j = 0; j < data.cols; j++) means[j] /= data.rows;
  return means;
}

/** A random directed graph on `vertices` points (with one self-loop, edge 0), laid out for `epochs`. */
function runLayout(dim: number, moveOther: boolean, seed: number, ab: readonly [number, number]): Float32Array {
  const random = createRandom(seed);
  const vertices = 120;
  const edgeCount = 900;
  const head = new Int32Array(edgeCount);
  const tail = new Int32Array(edgeCount);
  const weights = new Float64Array(edgeCount);
  for (let e = 0; e < edgeCount; e++) {
    head[e] = random.uint32() % vertices;
    tail[e] = e === 0 ? head[0] : random.uint32() % vertices;
    weights[e] = ((random.uint32() % 1000) + 1) / 1000;
  }
  const embedding = Float32Array.from({ length: vertices * dim }, () => draw(random, 10));
  const epochs = 60;
  const kernel = createLayoutKernel({
    embedding,
    dim,
    vertices,
    moveOther,
    head,
    tail,
    epochsPerSample: epochsPerSample(weights, epochs),
    a: ab[0],
    b: ab[1],
    gamma: 1,
    negativeSampleRate: 5,
    seed: random.uint32(),
  });
  for (let epoch = 0; epoch < epochs; epoch++) kernel.runEpoch(epoch, 1 - epoch / epochs);
  const out = new Float32Array(embedding.length);
  kernel.readEmbedding(out);
  return out;
}

describe('WebAssembly kernels, golden outputs', () => {
  describe('UMAP layout (SGD epochs)', () => {
    const cases: Array<[number, boolean, [number, number], string]> = [
      [1, true, [1.929, 0.7915], 'faddce035e870de97a526fbbde3c4afdaf8e64a8ca15993a538bcbf1999903b8'],
      [2, true, [1.577, 0.8951], '552e59f4313c37db0ea75e9fa898b523d6bd15d3ccc4d25aaf23a968cfc3fc62'],
      [2, false, [1.577, 0.8951], 'b1127883b20bce9d177156a88bd185cc806a864575b8c7931515f79ed9c8fc2f'],
      [3, true, [1.929, 0.7915], '1a40faf7126e6132352963dd3ab6258b81b177a61cf07af6170fadd2f25da8ac'],
      [5, true, [1.929, 0.7915], '436e44d441aaa3c226b1d53c250931d98ff0688a4f8b60e63162fa1db320270e'],
    ];
    for (const [dim, moveOther, ab, hash] of cases) {
      it(`${dim}-D, moveOther ${moveOther}, a ${ab[0]}, b ${ab[1]}`, () => {
        expect(hashOfArrays(runLayout(dim, moveOther, 1000 + dim, ab))).toBe(hash);
      });
    }
  });

  describe('UMAP distances (f32x4)', () => {
    for (const [dims, hash] of [
      [1, 'f5489ea57f5608d13f8e0e17bd3c01a6f7fc761f76ba35aba2bcaccf78a07467'],
      [37, 'c4f842b5e77b153bfd3cd2550f5f95a10b65421f9698cc9c03d0d59e849f2b42'],
      [384, '2a01e64b0d69c37b0a3497faa63eb3824fd77241ad00732a0b63b5493d3d1a44'],
    ] as const) {
      it(`dot products and squared distances, ${dims} dimensions, one by one and in batches`, () => {
        const count = 40;
        const kernel = createDistanceKernel(count, dims);
        const random = createRandom(dims);
        for (let i = 0; i < count; i++) for (let d = 0; d < dims; d++) kernel.rows[i * kernel.stride + d] = draw(random, 3);
        for (let d = 0; d < dims; d++) kernel.scratch[d] = draw(random, 3);
        const single = new Float64Array(2 * (count + 1) * (count + 1));
        let t = 0;
        for (let i = 0; i <= count; i++) {
          for (let j = 0; j <= count; j++) {
            single[t++] = kernel.dot(i, j);
            single[t++] = kernel.squaredDistance(i, j);
          }
        }
        const pairs = 500;
        for (let p = 0; p < pairs; p++) {
          kernel.pairs[2 * p] = random.uint32() % (count + 1);
          kernel.pairs[2 * p + 1] = random.uint32() % (count + 1);
        }
        kernel.evaluatePairs('dot', 0, 200);
        kernel.evaluatePairs('dot', 200, pairs);
        const dots = kernel.results.slice(0, pairs);
        kernel.evaluatePairs('squaredDistance', 0, pairs);
        const squared = kernel.results.slice(0, pairs);
        expect(PAIR_CAPACITY).toBeGreaterThan(pairs);
        expect(hashOfArrays(single, dots, squared)).toBe(hash);
      });
    }

    it('batches split between this thread and a worker on the shared memory', () => {
      const data = randomMatrix(300, 50, 77);
      for (const [metric, hash] of [
        ['cosine', '3e16cab024e18a914659991789a81c74074bec8f58810bcb7ece740bdba1d8d8'],
        ['euclidean', '5bee919f3bf90666d7e1889bd7dc891fb46a8747d356e087f07c830ff0c18cc5'],
      ] as const) {
        const space = createSearchSpace(data, metric);
        const distances = new PairDistances(space, 2);
        expect(distances.threads).toBe(2);
        const random = createRandom(5);
        const seen: number[] = [];
        const visit = (p: number, q: number, distance: number) => seen.push(p, q, distance);
        for (let t = 0; t < 3000; t++) distances.push(random.uint32() % 300, random.uint32() % 300, visit);
        distances.flush(visit);
        distances.close();
        expect(hashOfArrays(Float64Array.from(seen))).toBe(hash);
      }
    });
  });

  describe('PCA covariance (f64x2 rank-four updates)', () => {
    for (const [rows, cols, hash] of [
      [1, 1, 'af5570f5a1810b7af78caf4bc70a660f0df51e42baf91d4de5b2328de0e83dfc'],
      [103, 7, 'bcda971631db115d6c0c5b7d4ace5574cb4da99dc8b2748fc845e51437eef92a'],
      [64, 33, 'bb566a3a0b529ebfd0bff28f0b88aaac410854bcd8fd71e29c4d7eebc2404148'],
    ] as const) {
      it(`${rows} x ${cols}`, () => {
        const data = randomMatrix(rows, cols, rows * 1000 + cols, 4);
        expect(hashOfArrays(covarianceMatrix(data, columnMeans(data)).data)).toBe(hash);
      });
    }
  });

  describe('row products (A - 1sᵀ)·Bᵀ (f64x2)', () => {
    for (const [rows, cols, k, hash] of [
      [3, 1, 1, '33fd5f0e8fa0f7ffc31c0e5ff737ebbef83fa6580e4f7fe922d5c63ffcf8895e'],
      [50, 13, 5, '02cf579564faf2cd3dd5b6410b548bc9709e898e3a612ef0df26109b35193ccc'],
      [2100, 16, 3, '9895ac4dfe97d68773e6636d1697058e6129f55c8b23808b4b6b748d012c8644'], // more rows than one chunk
    ] as const) {
      it(`${rows} x ${cols} by ${k} x ${cols}, with and without a shift`, () => {
        const a = randomMatrix(rows, cols, rows + cols, 2);
        const b = randomMatrix(k, cols, k * 7 + cols, 2);
        const shift = columnMeans(a);
        expect(hashOfArrays(multiplyByTranspose(a, b).data, multiplyByTranspose(a, b, { subtract: shift }).data)).toBe(hash);
      });
    }
  });

  describe('symmetric eigendecomposition (f64x2 QL rotations)', () => {
    for (const [n, hash] of [
      [1, '7ca77962b5959685e08b447acbc4e46bebe382f48c4bf9b1418aea3c5924f148'],
      [2, '675464739a75345d0d6c5ca96509b53412470bd71f587883224ac34de75f50ff'],
      [9, '51d355db5bdba8d2d7088c1c43441d2ed0d033d44ad08eda1c7b418f5b0cdebe'],
      [40, '9cecc8374e737a08cf343467574ea4206b9a89bc92f2e14dc02a51e0235c44c7'],
    ] as const) {
      it(`${n} x ${n}`, () => {
        const eigen = symmetricEigen(randomSymmetric(n, 300 + n));
        expect(hashOfArrays(eigen.values, eigen.vectors.data)).toBe(hash);
      });
    }
  });

  describe('thick-restart Lanczos (f64x2 Gram-Schmidt)', () => {
    for (const [n, k, deflated, hash] of [
      [30, 3, false, '488231f6130d7a9de5c7323205031e2d3e0e232415a648de3d93c506def35200'],
      [61, 4, true, 'efd7e91ec467c800d2769b59bed77465005053c6c110fa84d3ead792f4f68b15'],
    ] as const) {
      it(`${n} x ${n}, ${k} pairs${deflated ? ', one direction deflated' : ''}`, () => {
        const a = randomSymmetric(n, 500 + n);
        const apply = (x: Float64Array, y: Float64Array) => {
          for (let i = 0; i < n; i++) {
            let sum = 0;
            for (let j = 0; j < n; j++) sum += a.data[i * n + j] * x[j];
            y[i] = sum;
          }
        };
        const uniform = new Float64Array(n).fill(1 / Math.sqrt(n));
        const result = largestEigenpairs(apply, n, k, {
          start: Float64Array.from({ length: n }, (_, i) => 1 + (i % 3)),
          deflate: deflated ? [uniform] : [],
          basisSize: 10,
          tolerance: 1e-10,
        });
        expect(result.converged).toBe(true);
        expect(hashOfArrays(result.values, ...result.vectors)).toBe(hash);
      });
    }
  });
});
