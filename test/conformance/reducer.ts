import { expect, it } from 'vitest';
import { createContext } from '../../src/types/context.js';
import type { ReduceOptions, Reducer } from '../../src/reduce/types.js';
import { makeBlobs } from '../../bench/data.js';

/** The contract every Reducer meets: shape, finiteness, seeded reproducibility, signature. */
export function reducerConformance(make: (options: ReduceOptions) => Reducer): void {
  const { data } = makeBlobs({ n: 120, dims: 12, centers: 3, seed: 7 });
  const options: ReduceOptions = { nComponents: 3, nNeighbors: 10, minDist: 0.1, metric: 'cosine', seed: 3 };

  it('conformance: n rows in, n rows of nComponents finite values out (or the input, for none)', async () => {
    const reducer = make(options);
    const out = await reducer.fitTransform(data, createContext({ seed: 3 }));
    expect(out.rows).toBe(data.rows);
    expect(out.cols === options.nComponents || (reducer.name === 'none' && out.cols === data.cols)).toBe(true);
    expect(out.data.every(Number.isFinite)).toBe(true);
  });

  it('conformance: same seed, same input -> identical output', async () => {
    const a = await make(options).fitTransform(data, createContext({ seed: 3 }));
    const b = await make(options).fitTransform(data, createContext({ seed: 3 }));
    expect(Buffer.from(a.data.buffer).equals(Buffer.from(b.data.buffer))).toBe(true);
  });

  it('conformance: the signature changes with every output-changing parameter', () => {
    const base = JSON.stringify(make(options).signature);
    expect(JSON.stringify(make({ ...options, seed: 4 }).signature) !== base || make(options).name === 'none').toBe(true);
    expect(JSON.stringify(make({ ...options, nComponents: 2 }).signature) !== base || make(options).name === 'none').toBe(true);
  });
}
