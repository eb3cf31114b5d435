import { describe, expect, it } from 'vitest';
import { powerTables } from '../../../src/reduce/umap/layout-kernel.js';
import { edgesOf, epochsPerSample, optimizeLayout } from '../../../src/reduce/umap/layout.js';
import { graphFromTriples, type SparseGraph } from '../../../src/reduce/umap/sparse-graph.js';
import { createRandom } from '../../../src/util/random.js';

const tables = powerTables();

/** Round half to even, as WebAssembly's f64.nearest. */
function nearest(value: number): number {
  const floor = Math.floor(value);
  const fraction = value - floor;
  if (fraction !== 0.5) return Math.round(value);
  return floor % 2 === 0 ? floor : floor + 1;
}

/**
 * A JavaScript transcription of the kernel's a·x^b (exponent bits, tables, short polynomials:
 * the same operations in the same order), so the reference can match it bit for bit.
 */
function kernelScaledPower(x: number, a: number, b: number): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const e = Number(bits >> 52n) - 1023;
  const index = Number((bits >> 43n) & 511n);
  view.setBigUint64(0, (bits & 0x000fffffffffffffn) | 0x3ff0000000000000n);
  const r = view.getFloat64(0) * tables[512 + index] - 1;
  const base = (e + tables[index]) * (256 * b) + 256 * Math.log2(a);
  const scaled = (r + r * -0.5 * r) * (256 * Math.LOG2E * b) + base;
  const n = nearest(scaled);
  const g = (scaled - n) * (Math.LN2 / 256);
  const scale = tables[1024 + (n & 255)] * 2 ** (n >> 8);
  return scale * (g + 1 + g * 0.5 * g);
}

/** The loop of umap-learn's optimize_layout_euclidean in plain JavaScript. */
function referenceLayout(embedding: Float32Array, dim: number, graph: SparseGraph, epochs: number, a: number, b: number, seed: number): void {
  const edges = graph.indices.length;
  const head = new Int32Array(edges);
  for (let i = 0; i < graph.count; i++) for (let e = graph.indptr[i]; e < graph.indptr[i + 1]; e++) head[e] = i;
  const per = epochsPerSample(graph.weights, epochs);
  const perNegative = per.map((v) => v / 5);
  const next = Float64Array.from(per);
  const nextNegative = Float64Array.from(perNegative);
  const clip = (v: number) => Math.max(-4, Math.min(4, v));
  const minusTwoB = -2 * b;
  let state = seed | 0 || 1;
  const sample = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return Number((BigInt(state >>> 0) * BigInt(graph.count)) >> 32n);
  };
  let alpha = 1;
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let e = 0; e < edges; e++) {
      if (next[e] > epoch) continue;
      const j = head[e] * dim;
      let k = graph.indices[e] * dim;
      let d2 = 0;
      for (let d = 0; d < dim; d++) d2 += (embedding[j + d] - embedding[k + d]) ** 2;
      if (d2 > 0) {
        const scaled = kernelScaledPower(d2, a, b);
        const c = (minusTwoB * (scaled / d2)) / (scaled + 1);
        for (let d = 0; d < dim; d++) {
          const step = clip(c * (embedding[j + d] - embedding[k + d])) * alpha;
          embedding[j + d] += step;
          embedding[k + d] -= step;
        }
      }
      next[e] += per[e];
      const negatives = Math.trunc((epoch - nextNegative[e]) / perNegative[e]);
      for (let p = 0; p < negatives; p++) {
        k = sample() * dim;
        d2 = 0;
        for (let d = 0; d < dim; d++) d2 += (embedding[j + d] - embedding[k + d]) ** 2;
        if (d2 > 0) {
          const c = (2 * b) / ((0.001 + d2) * (kernelScaledPower(d2, a, b) + 1));
          for (let d = 0; d < dim; d++) embedding[j + d] += clip(c * (embedding[j + d] - embedding[k + d])) * alpha;
        }
      }
      nextNegative[e] += negatives * perNegative[e];
    }
    alpha = 1 - epoch / epochs;
  }
}

function ringGraph(count: number): SparseGraph {
  const rows: number[] = [];
  const cols: number[] = [];
  const weights: number[] = [];
  for (let i = 0; i < count; i++) {
    for (const step of [1, 2]) {
      const j = (i + step) % count;
      const w = step === 1 ? 1 : 0.4;
      rows.push(i, j);
      cols.push(j, i);
      weights.push(w, w);
    }
  }
  return graphFromTriples(count, Int32Array.from(rows), Int32Array.from(cols), Float64Array.from(weights));
}

describe('optimizeLayout (WebAssembly SGD)', () => {
  it('computes a·x^b within 1e-9 of Math.pow', () => {
    for (const x of [1e-30, 1e-6, 0.003, 0.5, 1, 1.7, 2, 9.99, 250, 1e12]) {
      for (const [a, b] of [
        [1.929, 0.7915],
        [1.577, 0.895],
        [0.115, 1.93],
      ]) {
        expect(Math.abs(kernelScaledPower(x, a, b) / (a * Math.pow(x, b)) - 1)).toBeLessThan(1e-9);
      }
    }
  });

  it('computes epochs per sample from weights', () => {
    expect(Array.from(epochsPerSample(Float64Array.from([1, 0.5, 0]), 10))).toEqual([1, 2, -1]);
  });

  it('matches a plain JavaScript transcription of the umap-learn loop bit for bit', () => {
    const graph = ringGraph(40);
    const random = createRandom(9);
    const start = Float32Array.from({ length: 80 }, () => random.next() * 10);
    const ours = Float32Array.from(start);
    const reference = Float32Array.from(start);
    const seedSource = createRandom(4);
    const seed = createRandom(4).uint32();
    optimizeLayout(ours, 2, edgesOf(graph), { epochs: 30, a: 1.577, b: 0.895, random: seedSource });
    referenceLayout(reference, 2, graph, 30, 1.577, 0.895, seed | 0);
    let worst = 0;
    for (let i = 0; i < ours.length; i++) worst = Math.max(worst, Math.abs(ours[i] - reference[i]));
    expect(worst).toBe(0);
  });

  it('is reproducible bit for bit and pulls neighbours together', () => {
    const graph = ringGraph(60);
    const run = () => {
      const random = createRandom(5);
      const embedding = Float32Array.from({ length: 120 }, () => random.next() * 10);
      optimizeLayout(embedding, 2, edgesOf(graph), { epochs: 100, a: 1.577, b: 0.895, random: createRandom(6) });
      return embedding;
    };
    const first = run();
    expect(Array.from(run())).toEqual(Array.from(first));
    // A ring: neighbours end closer than random pairs.
    let neighbourDistance = 0;
    let farDistance = 0;
    for (let i = 0; i < 60; i++) {
      const j = (i + 1) % 60;
      const far = (i + 30) % 60;
      neighbourDistance += Math.hypot(first[2 * i] - first[2 * j], first[2 * i + 1] - first[2 * j + 1]);
      farDistance += Math.hypot(first[2 * i] - first[2 * far], first[2 * i + 1] - first[2 * far + 1]);
    }
    expect(neighbourDistance * 3).toBeLessThan(farDistance);
  });
});
