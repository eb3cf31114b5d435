import { describe, expect, it } from 'vitest';
import { partSeed, powerTables, type LayoutPart } from '../../../src/reduce/umap/layout-kernel.js';
import { localityOrder, planParts, reorderRows } from '../../../src/reduce/umap/layout-threads.js';
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

/**
 * The loop of umap-learn's optimize_layout_euclidean in plain JavaScript, run in parts as
 * layout-kernel.wat describes: each part moves its own rows in its view, defers steps on other
 * parts' rows to its deltas, and between epochs the parts merge and refresh. With one part
 * (the default) this is umap-learn's sequential loop.
 */
function referenceLayout(
  embedding: Float32Array,
  dim: number,
  graph: SparseGraph,
  epochs: number,
  a: number,
  b: number,
  seed: number,
  parts: LayoutPart[] = [{ rowFrom: 0, rowTo: graph.count, edgeFrom: 0, edgeTo: graph.indices.length }],
): void {
  const edges = graph.indices.length;
  const head = new Int32Array(edges);
  for (let i = 0; i < graph.count; i++) for (let e = graph.indptr[i]; e < graph.indptr[i + 1]; e++) head[e] = i;
  const per = epochsPerSample(graph.weights, epochs);
  const perNegative = per.map((v) => v / 5);
  const next = Float64Array.from(per);
  const nextNegative = Float64Array.from(perNegative);
  const clip = (v: number) => Math.max(-4, Math.min(4, v));
  const minusTwoB = -2 * b;
  const views = parts.map(() => Float32Array.from(embedding));
  const deltas = parts.map(() => new Float32Array(embedding.length));
  const published = new Float32Array(embedding.length);
  const states = parts.map((_, p) => partSeed(seed, p));
  const sample = (p: number) => {
    let state = states[p];
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    states[p] = state;
    return Number((BigInt(state >>> 0) * BigInt(graph.count)) >> 32n);
  };
  const runPart = (p: number, epoch: number, alpha: number) => {
    const view = views[p];
    const { rowFrom, rowTo } = parts[p];
    for (let e = parts[p].edgeFrom; e < parts[p].edgeTo; e++) {
      if (next[e] > epoch) continue;
      const j = head[e] * dim;
      const tail = graph.indices[e];
      let k = tail * dim;
      const target = tail >= rowFrom && tail < rowTo ? view : deltas[p];
      let d2 = 0;
      for (let d = 0; d < dim; d++) d2 += (view[j + d] - view[k + d]) ** 2;
      if (d2 > 0) {
        const scaled = kernelScaledPower(d2, a, b);
        const c = (minusTwoB * (scaled / d2)) / (scaled + 1);
        for (let d = 0; d < dim; d++) {
          const other = view[k + d];
          const step = clip(c * (view[j + d] - other)) * alpha;
          view[j + d] += step;
          if (target === view) view[k + d] = other - step;
          else target[k + d] -= step;
        }
      }
      next[e] += per[e];
      const negatives = Math.trunc((epoch - nextNegative[e]) / perNegative[e]);
      for (let n = 0; n < negatives; n++) {
        k = sample(p) * dim;
        d2 = 0;
        for (let d = 0; d < dim; d++) d2 += (view[j + d] - view[k + d]) ** 2;
        if (d2 > 0) {
          const c = (2 * b) / ((0.001 + d2) * (kernelScaledPower(d2, a, b) + 1));
          for (let d = 0; d < dim; d++) view[j + d] += clip(c * (view[j + d] - view[k + d])) * alpha;
        }
      }
      nextNegative[e] += negatives * perNegative[e];
    }
  };
  const merge = (p: number) => {
    for (let x = parts[p].rowFrom * dim; x < parts[p].rowTo * dim; x++) {
      let value = views[p][x];
      for (let q = 0; q < parts.length; q++) if (q !== p) value = Math.fround(value + deltas[q][x]);
      views[p][x] = value;
      published[x] = value;
    }
  };
  const refresh = (p: number) => {
    for (let x = 0; x < embedding.length; x++) {
      if (x < parts[p].rowFrom * dim || x >= parts[p].rowTo * dim) views[p][x] = published[x];
    }
    deltas[p].fill(0);
  };
  let alpha = 1;
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let p = 0; p < parts.length; p++) runPart(p, epoch, alpha);
    if (parts.length > 1) {
      for (let p = 0; p < parts.length; p++) merge(p);
      for (let p = 0; p < parts.length; p++) refresh(p);
    }
    alpha = 1 - epoch / epochs;
  }
  embedding.set(parts.length > 1 ? published : views[0]);
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

  describe('in parts (threads)', () => {
    /** A random graph large enough that the layout starts a worker (4 million edge visits). */
    function randomGraph(count: number, degree: number, seed: number): SparseGraph {
      const random = createRandom(seed);
      const rows: number[] = [];
      const cols: number[] = [];
      const weights: number[] = [];
      for (let i = 0; i < count; i++) {
        for (let t = 0; t < degree; t++) {
          const j = random.uint32() % count;
          if (j === i) continue;
          const w = 0.05 + random.next() * 0.95;
          rows.push(i, j);
          cols.push(j, i);
          weights.push(w, w);
        }
      }
      return graphFromTriples(count, Int32Array.from(rows), Int32Array.from(cols), Float64Array.from(weights));
    }
    const start = (count: number, dim: number) => {
      const random = createRandom(11);
      return Float32Array.from({ length: count * dim }, () => random.next() * 10);
    };

    it('splits the rows into contiguous parts of about equal work, each with the edges of its rows', () => {
      const graph = randomGraph(500, 6, 3);
      const edges = edgesOf(graph);
      const per = epochsPerSample(edges.weights, 200);
      const parts = planParts(edges.head, per, graph.count, 3, 5);
      expect(parts).toHaveLength(3);
      expect(parts[0].rowFrom).toBe(0);
      expect(parts[2].rowTo).toBe(graph.count);
      const work = parts.map((part, p) => {
        if (p > 0) expect(part.rowFrom).toBe(parts[p - 1].rowTo);
        expect(part.edgeFrom).toBe(graph.indptr[part.rowFrom]);
        expect(part.edgeTo).toBe(graph.indptr[part.rowTo]);
        let sum = 0;
        for (let e = part.edgeFrom; e < part.edgeTo; e++) sum += per[e] > 0 ? 1 / per[e] : 0;
        return sum;
      });
      const mean = work.reduce((s, w) => s + w, 0) / 3;
      for (const w of work) expect(Math.abs(w / mean - 1)).toBeLessThan(0.02);
      expect(() => planParts(Int32Array.from([1, 0]), Float64Array.from([1, 1]), 2, 2, 5)).toThrow(/row order/);
    });

    it('matches the JavaScript transcription run in parts (rows in the order of their first coordinate), bit for bit', () => {
      const graph = ringGraph(40);
      const seed = createRandom(4).uint32();
      const ours = start(40, 2);
      optimizeLayout(ours, 2, edgesOf(graph), { epochs: 30, a: 1.577, b: 0.895, random: createRandom(4), parts: 3 });
      // the reference: reorder, run the parts, put the rows back
      const initial = start(40, 2);
      const order = localityOrder(initial, 2);
      const local = reorderRows(initial, 2, edgesOf(graph), order);
      const indptr = new Int32Array(41);
      for (const h of local.edges.head) indptr[h + 1]++;
      for (let r = 0; r < 40; r++) indptr[r + 1] += indptr[r];
      const reordered = { ...graph, indptr, indices: local.edges.tail, weights: local.edges.weights };
      const parts = planParts(local.edges.head, epochsPerSample(local.edges.weights, 30), 40, 3, 5);
      referenceLayout(local.embedding, 2, reordered, 30, 1.577, 0.895, seed, parts);
      const reference = new Float32Array(80);
      order.forEach((row, r) => reference.set(local.embedding.subarray(2 * r, 2 * r + 2), 2 * row));
      expect(Array.from(ours)).toEqual(Array.from(reference));
      // the parts really are regions: the first holds the rows with the smallest first coordinate
      expect(Math.max(...Array.from(order.subarray(0, parts[0].rowTo), (row) => initial[2 * row]))).toBeLessThanOrEqual(
        Math.min(...Array.from(order.subarray(parts[0].rowTo), (row) => initial[2 * row])),
      );
    });

    it('gives the same embedding whether one thread or two run the parts', () => {
      const graph = randomGraph(2500, 5, 8);
      const edges = edgesOf(graph);
      expect(edges.head.length * 200).toBeGreaterThan(4_000_000);
      const run = (threads: number) => {
        const embedding = start(2500, 5);
        const ran = optimizeLayout(embedding, 5, edges, { epochs: 200, a: 1.929, b: 0.7915, random: createRandom(2), parts: 2, threads });
        expect(ran.threads).toBe(threads);
        return embedding;
      };
      const oneThread = run(1);
      expect(Array.from(run(2))).toEqual(Array.from(oneThread));
      // and the parts change the result (they are a parameter of the method, recorded with it)
      const sequential = start(2500, 5);
      optimizeLayout(sequential, 5, edges, { epochs: 200, a: 1.929, b: 0.7915, random: createRandom(2) });
      expect(Array.from(sequential)).not.toEqual(Array.from(oneThread));
    });
  });
});
