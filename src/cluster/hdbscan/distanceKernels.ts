/**
 * The two inner loops of every tree search, specialised to the number of dimensions.
 *
 * Why generated code: V8 neither unrolls a loop over a dimension count known only at run time
 * nor keeps the query's coordinates in registers across it. A kernel generated for the actual
 * count (`const q0 = ..., q1 = ...; d0*d0 + d1*d1 + ...`) ran a 5-D squared distance in about
 * half the time of the plain loop (measured 4.2 vs 8.8 ns with Node 20). Above
 * MAX_SPECIALISED_DIMS the plain loops are used.
 *
 * Both forms sum the squared differences in dimension order starting from the first, so they
 * return the same double as each other and as the reference path in primSpanningTree.ts.
 */
export interface DistanceKernels {
  /**
   * Squared distances from the query at `query[queryOffset..]` to the points `start..end-1` of
   * the row-major `points`, written to `out[0..end-start-1]`.
   */
  leafDistances(points: Float64Array, start: number, end: number, query: Float64Array, queryOffset: number, out: Float64Array): void;
  /** Squared distance from the query to the box `lower/upper[boxOffset..]` (0 inside it). */
  boxDistance(lower: Float64Array, upper: Float64Array, boxOffset: number, query: Float64Array, queryOffset: number): number;
}

export const MAX_SPECIALISED_DIMS = 16;

const cache = new Map<number, DistanceKernels>();

export function distanceKernels(dims: number): DistanceKernels {
  let kernels = cache.get(dims);
  if (!kernels) {
    kernels = dims >= 1 && dims <= MAX_SPECIALISED_DIMS ? specialised(dims) : generic(dims);
    cache.set(dims, kernels);
  }
  return kernels;
}

const range = (dims: number): number[] => Array.from({ length: dims }, (_, j) => j);

function specialised(dims: number): DistanceKernels {
  const loadQuery = range(dims).map((j) => `const q${j} = query[queryOffset + ${j}];`).join('\n');
  const differences = range(dims).map((j) => `const d${j} = points[base + ${j}] - q${j};`).join('\n');
  const sum = range(dims).map((j) => `d${j} * d${j}`).join(' + ');
  const leafBody = `${loadQuery}
for (let i = start, t = 0; i < end; i++, t++) {
  const base = i * ${dims};
  ${differences}
  out[t] = ${sum};
}`;
  const gaps = range(dims)
    .map(
      (j) => `{
  const q = query[queryOffset + ${j}];
  const below = lower[boxOffset + ${j}] - q;
  const above = q - upper[boxOffset + ${j}];
  const gap = below > 0 ? below : above > 0 ? above : 0;
  sum += gap * gap;
}`,
    )
    .join('\n');
  const boxBody = `let sum = 0;\n${gaps}\nreturn sum;`;
  return {
    leafDistances: new Function('points', 'start', 'end', 'query', 'queryOffset', 'out', leafBody) as DistanceKernels['leafDistances'],
    boxDistance: new Function('lower', 'upper', 'boxOffset', 'query', 'queryOffset', boxBody) as DistanceKernels['boxDistance'],
  };
}

function generic(dims: number): DistanceKernels {
  return {
    leafDistances(points, start, end, query, queryOffset, out) {
      for (let i = start, t = 0; i < end; i++, t++) {
        const base = i * dims;
        let sum = 0;
        for (let j = 0; j < dims; j++) {
          const diff = points[base + j] - query[queryOffset + j];
          sum += diff * diff;
        }
        out[t] = sum;
      }
    },
    boxDistance(lower, upper, boxOffset, query, queryOffset) {
      let sum = 0;
      for (let j = 0; j < dims; j++) {
        const q = query[queryOffset + j];
        const below = lower[boxOffset + j] - q;
        const above = q - upper[boxOffset + j];
        const gap = below > 0 ? below : above > 0 ? above : 0;
        sum += gap * gap;
      }
      return sum;
    },
  };
}
